// Public surface of request understanding, the part safe for the browser: the offline parser, the
// result types and the replies offered to a question. The router, its streaming form for the chat
// route and the model path (the OpenAI-compatible provider, the prompt read from prompts/) are in
// server.ts.
export type {
  BacktalkUIChunk,
  BacktalkUIMessage,
  ConfiguredModel,
  Env,
  ModelConfigResult,
  ModelRun,
  UnderstandingStream,
} from './model';
export type { OpenQuestion, VocabularyEntry } from './offline';
export {
  answerIn,
  askAgain,
  isShortReply,
  openQuestion,
  understandOffline,
  vocabulary,
  vocabularySection,
} from './offline';
export { offeredReplies } from './replies';
export type {
  Ask,
  AskKind,
  SourceSpan,
  Sources,
  UnderstandInput,
  Understanding,
  UnusedWords,
} from './types';
export { MAX_REQUEST_CHARS } from './types';
export type { UnderstandingPath, UnderstandOptions } from './understand';
