// Public surface of request understanding: the router, its streaming form for the chat route, the
// result types, and the model path's configuration helpers.
export type {
  BacktalkUIChunk,
  BacktalkUIMessage,
  ConfiguredModel,
  Env,
  ModelConfigResult,
  ModelRun,
  UnderstandingStream,
} from './model';
export {
  modelFromEnv,
  PROMPT_VERSION,
  resolveModelConfig,
  systemPrompt,
  toUnderstandingStream,
  understandWithModel,
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
export { startUnderstanding, streamUnderstand, understand, understandingPath } from './understand';
