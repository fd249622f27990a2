// Public surface of the workspace socket: the protocol (messages both ways, validated on arrival), the
// MessagePack codec (typed arrays as aligned views), the M4 preview of a series, and the browser's client.

export type {
  LabCall,
  ResultSeries,
  SeriesValues,
  SocketFactory,
  WorkspaceHandlers,
  WorkspaceResult,
} from './client';
export { WorkspaceClient, widenPreviewTrades } from './client';
export type { DecodeLimits } from './codec';
export {
  decodeFrame,
  EXT_FLOAT64,
  EXT_INT8,
  EXT_INT32,
  EXT_UINT8,
  encodeFrame,
  FrameTooLargeError,
  MAX_FRAME_BYTES,
} from './codec';
export type {
  LabJobRequest,
  LabServerMessage,
  WireCurve,
  WireOdds,
  WirePercentileRow,
  WireWindow,
} from './lab';
export {
  GridRange,
  gridSize,
  LAB_STATS,
  LAB_TYPES,
  LabRequest,
  MAX_CURVE_POINTS,
  MAX_GRID_INPUTS,
  MAX_MC_RUNS,
  MAX_SWEEP_RUNS,
  MAX_WF_WINDOWS,
  rangeCount,
  SWEEP_COLUMNS,
  thinCurve,
  windowSizes,
} from './lab';
export type {
  PaperServerMessage,
  WireMarketPrice,
  WirePaperAccount,
  WirePaperEvent,
} from './paper';
export { MAX_PRICES, MAX_STEP_EVENTS, PaperRequest } from './paper';
export { isM4, m4, m4Exact, m4ValueAt, pow2AtMost, previewWindow, valueAt } from './preview';
export type {
  PreviewWindow,
  ServerMessage,
  WireBars,
  WireDiagnostic,
  WireInput,
  WireM4,
  WirePreviewSeries,
  WirePreviewTrades,
  WireSeries,
  WireTrades,
} from './protocol';
export {
  ClientMessage,
  DataRequest,
  MAX_CLIENT_FRAME,
  MAX_PARAMS,
  MAX_SOURCE_CHARS,
  MAX_VIEW_WIDTH,
  PREVIEW_TRADES_OMIT,
  PROTOCOL_VERSION,
  parseClientMessage,
  ViewRequest,
} from './protocol';
