// The conversation's server side, shared by the app's chat routes and the CLI's `backtalk chat`: one
// turn of understanding with the conversation's state, confirming the pending strategy, the preview.
export type { Preview } from './confirm';
export { ChatError, confirmPending, dataRefOf, PREVIEW_FIGURES, preview, requestOf } from './confirm';
export type { ChatState, SessionStore } from './session';
export { ConversationId, loadState, STATE_TTL_SECONDS, saveState, stateKey } from './session';
export type { Turn, TurnDeps, TurnInput } from './turn';
export { assistantMessage, candidates, startTurn } from './turn';
