// Server-only entry of the conversation: one turn of understanding with the conversation's state,
// confirming the pending strategy, the preview.
export { ChatError, confirmPending, dataRefOf, PREVIEW_FIGURES, preview, requestOf } from './confirm';
export { assistantMessage, candidates, startTurn } from './turn';
