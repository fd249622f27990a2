// Server-only entry of the HTTP helpers: the sign-in gate in front of Next and /ws, where to listen, and
// the session cookie (HMAC through node:crypto).
export {
  authenticated,
  decide,
  type GateConfig,
  type GateDecision,
  type GateRequest,
  hostAllowed,
  LOGIN_PATH,
  OPEN_GATE_DEFAULTS,
  originAllowed,
  SESSION_PATH,
  safeNext,
} from './gate';
export { isLoopback, type ListenPlan, planListen } from './listen';
export {
  bearerToken,
  clearedSessionCookie,
  issueSession,
  readCookie,
  SESSION_COOKIE,
  sessionCookie,
  sessionValid,
  tokenMatches,
} from './session';
