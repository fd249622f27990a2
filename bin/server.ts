// The running app, for commands that need the database while the app holds it (DuckDB lets one process
// open a file). Found from the configuration the app itself starts with (HOST, PORT; BACKTALK_URL when
// the app listens elsewhere), checked to be the process that holds the database, and spoken to through
// its API with the same token and JSON bodies a script would send.
import { planListen } from '../lib/http/server';
import { CliError } from './io';

type Env = Readonly<Record<string, string | undefined>>;

export interface App {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  readonly pid: number;
  /** Whether the app runs the schedules itself (BACKTALK_SCHEDULER is not 'off'). */
  readonly scheduler: boolean;
  readonly token?: string;
}

/** Who holds the database, from DuckDB's refusal ("Conflicting lock is held in … (PID 1234)"). */
export interface Holder {
  readonly path: string;
  readonly pid?: number;
}

// Generous: a refused connection fails at once, and an app in development compiles a route on its first call.
const PROBE_MS = 30_000;
const CALL_MS = 60_000;

/** Where the app listens by the configuration in `env`: BACKTALK_URL, else HOST and PORT as the app reads them. */
export function appUrl(env: Env): string {
  const explicit = env.BACKTALK_URL?.trim();
  if (explicit) {
    let url: URL | null = null;
    try {
      url = new URL(explicit);
    } catch {}
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      throw new CliError(
        `BACKTALK_URL is '${explicit.slice(0, 80)}', not an http(s) address`,
        1,
        'set it to where the app listens, e.g. BACKTALK_URL=http://127.0.0.1:3000',
      );
    return url.origin;
  }
  const plan = planListen(env);
  if (!plan.ok)
    throw new CliError(
      `cannot tell where the app listens: ${plan.message}`,
      1,
      'or set BACKTALK_URL to its address, e.g. BACKTALK_URL=http://127.0.0.1:3000',
    );
  // An app listening on every interface is reached on this machine through loopback.
  const bare = plan.host.replace(/^\[(.*)\]$/, '$1');
  const host = bare === '0.0.0.0' || bare === '::' ? '127.0.0.1' : bare.includes(':') ? `[${bare}]` : bare;
  return `http://${host}:${plan.port}`;
}

/** The app that holds the database, or a CliError that says what to do instead. */
export async function findApp(env: Env, holder: Holder): Promise<App> {
  const url = appUrl(env);
  const token = env.BACKTALK_TOKEN?.trim() || undefined;
  const held = `the database ${holder.path} is in use by another process${holder.pid ? ` (PID ${holder.pid})` : ''}`;
  const stopIt = `stop that process (Ctrl-C where it runs${holder.pid ? `, or kill ${holder.pid}` : ''}) and run the command again`;
  const pointTo =
    'if it is the app, say where it listens: BACKTALK_URL=http://127.0.0.1:PORT (or the HOST and PORT it was started with)';
  let res: Answer;
  try {
    res = await exchange({ url, token }, 'GET', '/api/health', undefined, PROBE_MS);
  } catch (cause) {
    throw new CliError(
      `${held}, and no Backtalk app answers at ${url}`,
      1,
      `${pointTo}; otherwise ${stopIt}`,
      {
        cause,
      },
    );
  }
  if (res.status === 401) throw tokenError(url, token);
  const body = parse(res.text) as Partial<App & { app: string }> | undefined;
  if (res.status !== 200 || body?.app !== 'backtalk' || typeof body.pid !== 'number')
    throw new CliError(
      `${held}; what answers at ${url} is not a Backtalk app that can serve the command (HTTP ${res.status})`,
      1,
      `${pointTo}; otherwise ${stopIt}`,
    );
  if (holder.pid !== undefined && holder.pid !== body.pid)
    throw new CliError(
      `${held}, not by the app at ${url} (PID ${body.pid})`,
      1,
      `${stopIt} — it may be \`backtalk jobs\` or \`backtalk chat\` in another terminal`,
    );
  return { url, token, pid: body.pid, scheduler: body.scheduler === true };
}

/** Calls the app's API: the JSON answer of a 2xx (or of `allow`ed statuses), else a CliError with the app's words. */
export async function callApp<T>(
  app: Pick<App, 'url' | 'token'>,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
  allow: readonly number[] = [],
): Promise<{ status: number; body: T }> {
  let res: Answer;
  try {
    res = await exchange(app, method, path, body, CALL_MS);
  } catch (cause) {
    throw new CliError(
      `the app at ${app.url} did not answer ${method} ${path.split('?')[0]}`,
      1,
      'is it still running?',
      {
        cause,
      },
    );
  }
  if (res.status === 401) throw tokenError(app.url, app.token);
  const json = parse(res.text);
  if (json === undefined)
    throw new CliError(
      `the app at ${app.url} answered ${method} ${path.split('?')[0]} with HTTP ${res.status} and no JSON`,
      1,
      'is it a Backtalk app of the same version as this command?',
    );
  if ((res.status >= 200 && res.status < 300) || allow.includes(res.status))
    return { status: res.status, body: json as T };
  const err = json as { error?: unknown; hint?: unknown };
  throw new CliError(
    typeof err.error === 'string' ? err.error : `the app at ${app.url} answered HTTP ${res.status}`,
    1,
    typeof err.hint === 'string' ? err.hint : undefined,
  );
}

interface Answer {
  status: number;
  text: string;
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** One request and its whole answer, or a rejection when none comes within `timeoutMs`. */
async function exchange(
  app: Pick<App, 'url' | 'token'>,
  method: string,
  path: string,
  body: unknown,
  timeoutMs: number,
): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (app.token) headers.Authorization = `Bearer ${app.token}`;
  // The app takes state-changing requests only as JSON (no form or text/plain write can pass its gate).
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const abort = new AbortController();
  // A plain timer rather than AbortSignal.timeout: it also keeps the process alive until the answer is in.
  const timer = setTimeout(() => abort.abort(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  try {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: abort.signal,
      redirect: 'error',
    });
    return { status: res.status, text: await res.text() };
  } finally {
    clearTimeout(timer);
  }
}

function tokenError(url: string, token: string | undefined): CliError {
  return token
    ? new CliError(
        `the app at ${url} does not accept BACKTALK_TOKEN`,
        1,
        'set BACKTALK_TOKEN to the token the app was started with',
      )
    : new CliError(
        `the app at ${url} needs its sign-in token`,
        1,
        'set BACKTALK_TOKEN to the token the app was started with (see .env)',
      );
}
