// Provider and network failures as one sentence that says what to check. Provider messages can quote
// parts of a key ("Incorrect API key provided: sk-...abcd"), so they are redacted and only shown where
// they help (a 400 naming an unsupported parameter, a 404 naming the model).
import { APICallError, RetryError } from 'ai';
import { redact as redactLog } from '../../log';
import { safeUrl } from './provider';

const MAX_DETAIL = 160;

/** The provider sent nothing (no headers, or a stream that stalled) for `ms`: the run was abandoned. */
export class SilentModelError extends Error {
  constructor(readonly ms: number) {
    super(`the model sent nothing for ${ms / 1000} s`);
    this.name = 'SilentModelError';
  }
}

/** Masks anything shaped like a credential: what logs mask, plus provider key formats and `key=value`. */
export function redact(text: string): string {
  return redactLog(text)
    .replace(/\b(sk|pk|rk|org|proj)-[\w*.-]{4,}/gi, '[redacted]')
    .replace(/\b(api[_-]?key|key|token|secret|password)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1$2[redacted]');
}

function detail(e: APICallError): string {
  const msg = redact(e.message.replace(/\s+/g, ' ').trim());
  return msg ? `: "${msg.length > MAX_DETAIL ? `${msg.slice(0, MAX_DETAIL)}…` : msg}"` : '';
}

const isTimeout = (e: unknown) =>
  e instanceof Error && (e.name === 'TimeoutError' || /timed? ?out|timeout/i.test(e.message));
const isAbort = (e: unknown) => e instanceof Error && e.name === 'AbortError';

/** The innermost meaningful error: a retry wrapper's last attempt. */
function unwrap(e: unknown): unknown {
  return RetryError.isInstance(e) && e.lastError !== undefined ? e.lastError : e;
}

/** What went wrong with the model and what to check, in one clause (no trailing period). */
export function describeModelError(error: unknown): string {
  const e = unwrap(error);
  if (e instanceof SilentModelError)
    return `${e.message}: the server may be stuck or still loading the model; try again, or check OPENAI_BASE_URL and BACKTALK_MODEL`;
  if (APICallError.isInstance(e)) {
    const at = e.url ? ` at ${safeUrl(e.url)}` : '';
    const code = e.statusCode;
    if (code === undefined)
      return isTimeout(e.cause)
        ? `the model server${at} did not answer in time: check OPENAI_BASE_URL and that the server is running`
        : `could not reach the model server${at}: check OPENAI_BASE_URL and the network`;
    if (code === 401 || code === 403)
      return `the model provider refused the API key (HTTP ${code}): check OPENAI_API_KEY`;
    if (code === 404)
      return `the model or endpoint was not found${at} (HTTP 404)${detail(e)}: check BACKTALK_MODEL and OPENAI_BASE_URL`;
    if (code === 429)
      return `the model provider is rate limiting or the quota is used up (HTTP 429): wait and retry, or check the account's quota`;
    if (code === 408 || code === 504)
      return `the model provider timed out (HTTP ${code}): try again, or use a smaller model`;
    if (code >= 500) return `the model provider had an internal error (HTTP ${code}): try again later`;
    return `the model provider rejected the request (HTTP ${code})${detail(e)}: check BACKTALK_MODEL supports tool calls`;
  }
  if (isTimeout(e)) return 'the model did not answer in time: try again, or check OPENAI_BASE_URL';
  if (isAbort(e)) return 'the request was cancelled';
  const name = e instanceof Error ? e.name : typeof e;
  if (e instanceof Error && /api key/i.test(e.message))
    return `the model provider has no usable API key (${name}): check OPENAI_API_KEY`;
  return `the model call failed (${name}): check OPENAI_API_KEY, OPENAI_BASE_URL and BACKTALK_MODEL`;
}
