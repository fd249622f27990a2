// Public surface of the offline parser: plain English to a validated strategy spec, or one question.

export type { OpenQuestion } from './answer';
export { answerIn, askAgain, isShortReply, openQuestion } from './answer';
export { understandOffline } from './understand';
export type { VocabularyEntry } from './vocabulary';
export { vocabulary, vocabularySection } from './vocabulary';
