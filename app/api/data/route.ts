// GET /api/data: the data folder's CSV files, for the workspace's data picker.
// POST /api/data { name, text, overwrite? }: uploads a CSV into the folder (it must parse as bars);
// the workspace then reads it as csv:<name>. 409 when the name exists and overwrite is not true.
import { z } from 'zod';
import { DataError } from '../../../lib/data';
import {
  folderLabel,
  listDataFiles,
  MAX_UPLOAD_BYTES,
  saveDataFile,
  serverSandbox,
} from '../../../lib/data/server';
import { ApiError, jsonResponse, parseBody, route } from '../../../lib/http';

export const dynamic = 'force-dynamic';

const HINT =
  'send JSON like { "name": "GOOG.csv", "text": "Date,Open,High,Low,Close\\n…", "overwrite": false }';
// JSON doubles at most what it escapes (quotes, backslashes, line breaks) in CSV text.
const MAX_BODY = 2 * MAX_UPLOAD_BYTES + 64 * 1024;

const Upload = z.strictObject({
  name: z.string().max(300),
  text: z.string(),
  overwrite: z.boolean().optional(),
});

const STATUS: Partial<Record<DataError['code'], number>> = { 'file-exists': 409, 'too-large': 413 };

export const GET = route(async () => {
  const sandbox = serverSandbox();
  return jsonResponse({
    folder: folderLabel(sandbox),
    files: await listDataFiles(sandbox),
    maxUploadBytes: MAX_UPLOAD_BYTES,
  });
});

export const POST = route(async (req: Request) => {
  const { name, text, overwrite } = await parseBody(req, Upload, { maxBytes: MAX_BODY, hint: HINT });
  try {
    const saved = await saveDataFile(serverSandbox(), name, text, { overwrite: overwrite === true });
    return jsonResponse({ file: saved, source: `csv:${saved.name}` }, saved.replaced ? 200 : 201);
  } catch (e) {
    if (e instanceof DataError) throw new ApiError(STATUS[e.code] ?? 400, e.message, e.hint, { cause: e });
    throw e;
  }
});
