// Server-only entry of the data layer: the data folder that `csv:` sources are read from over the
// network, and uploads into it. (index.ts stays loadable in the browser; this imports node:fs.)

export type { Sandbox } from './sandbox';
export {
  checkDataPath,
  DATA_EXTENSIONS,
  dataDir,
  dataRevision,
  folderLabel,
  readDataCsv,
  resolveDataPath,
  serverSandbox,
} from './sandbox';
export type { DataFileInfo, SavedUpload } from './upload';
export { listDataFiles, MAX_UPLOAD_BYTES, saveDataFile, uploadName } from './upload';
