// The conversation, the part safe anywhere: the conversation id, the session state and its loading and
// saving through a given store, and the types of a turn and a preview. One turn of understanding,
// confirming the pending strategy and the preview run (node:crypto, the model) are in server.ts; the app's
// chat routes and the CLI's `backtalk chat` share them.
export type { Preview } from './confirm';
export type { ChatState, SessionStore } from './session';
export { ConversationId, loadState, STATE_TTL_SECONDS, saveState, stateKey } from './session';
export type { Turn, TurnDeps, TurnInput } from './turn';
