// Public surface of the offline parser: plain English to a validated strategy spec, or one question.
export { understandOffline } from './understand';
