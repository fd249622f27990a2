// Commands that read or write the app's data. They open the database for the duration of the command;
// when the running app holds it (DuckDB lets one process open a file), they go through the app's API
// instead (bin/server.ts). Either way they get the same records, so they print the same output.
//
// Through this module: `runs ls`, `schedule add | ls | rm` (either way), `chat` (the database only:
// a conversation needs the session cache of the process that stores it) and `jobs` (the database only:
// the app runs the schedules itself).
import type { ScheduleSpec } from '../jobs/presets';
import type { RunRow } from '../lib/report';
import { runsTable } from '../lib/report/server';
import { type Schedule, type Store, StoreError } from '../lib/store';
import { DEFAULT_DB_PATH, openStore } from '../lib/store/server';
import { CliError, type Io } from './io';
import { type App, callApp, findApp } from './server';

type StrategyRef = { id: string; name: string };

/** What the commands need from the app's data, by either path. */
export interface Backend {
  /** The running app, when the commands go through it. */
  readonly app?: App;
  strategies(): Promise<StrategyRef[]>;
  /** A strategy's runs as the reports show them (lib/report's runs table), newest first. */
  runs(strategyId: string, limit: number): Promise<RunRow[]>;
  schedules(strategyId?: string): Promise<Schedule[]>;
  /** `text` as typed (the app reads it again with the same parser); `spec` as this command read it. */
  addSchedule(input: {
    strategyId: string;
    text: string;
    timezone: string;
    spec: ScheduleSpec;
    nextRunAt: number | null;
  }): Promise<Schedule>;
  /** false when there is no such schedule. */
  removeSchedule(id: string): Promise<boolean>;
}

function storeBackend(store: Store): Backend {
  return {
    strategies: () => store.strategies.list(),
    runs: (strategyId, limit) => runsTable(store.db, strategyId, limit),
    schedules: (strategyId) => store.schedules.list(strategyId === undefined ? undefined : { strategyId }),
    addSchedule: ({ strategyId, spec, nextRunAt }) =>
      store.schedules.create({ strategyId, ...spec, nextRunAt }),
    removeSchedule: (id) => store.schedules.remove(id),
  };
}

/** A schedule as the API returns it, without the next run times it adds (the command computes those). */
const row = ({ nextRuns: _, ...s }: Schedule & { nextRuns?: unknown }): Schedule => s;
const q = encodeURIComponent;

function appBackend(app: App): Backend {
  return {
    app,
    strategies: async () =>
      (await callApp<{ strategies: StrategyRef[] }>(app, 'GET', '/api/strategies')).body.strategies,
    runs: async (strategyId, limit) =>
      (await callApp<{ runs: RunRow[] }>(app, 'GET', `/api/runs?strategyId=${q(strategyId)}&limit=${limit}`))
        .body.runs,
    schedules: async (strategyId) => {
      const query = strategyId === undefined ? '' : `?strategyId=${q(strategyId)}`;
      return (
        await callApp<{ schedules: Schedule[] }>(app, 'GET', `/api/schedules${query}`)
      ).body.schedules.map(row);
    },
    addSchedule: async ({ strategyId, text, timezone }) =>
      row(
        (
          await callApp<{ schedule: Schedule }>(app, 'POST', '/api/schedules', {
            strategyId,
            schedule: text,
            timezone,
          })
        ).body.schedule,
      ),
    removeSchedule: async (id) =>
      (await callApp(app, 'DELETE', `/api/schedules/${q(id)}`, undefined, [404])).status === 200,
  };
}

/** Runs `fn` on the database, or through the running app when it holds the database. */
export async function withBackend<T>(io: Io, fn: (backend: Backend) => Promise<T>): Promise<T> {
  const store = await open();
  if (!(store instanceof StoreError)) return using(store, (s) => fn(storeBackend(s)));
  const app = await findApp(io.env, holderOf(store));
  if (io.env.BACKTALK_DEBUG) io.err(`(through the app at ${app.url}, which holds the database)\n`);
  return fn(appBackend(app));
}

/**
 * Runs `fn` on the database; when the app holds it, says what to do instead (`instead` gets the app).
 */
export async function withStore<T>(
  io: Io,
  instead: (app: App) => CliError,
  fn: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await open();
  if (!(store instanceof StoreError)) return using(store, fn);
  throw instead(await findApp(io.env, holderOf(store)));
}

/** Runs `local` on the database, or `remote` through the running app when it holds the database. */
export async function withStoreOrApp<T>(
  io: Io,
  local: (store: Store) => Promise<T>,
  remote: (app: App) => Promise<T>,
): Promise<T> {
  const store = await open();
  if (!(store instanceof StoreError)) return using(store, local);
  return remote(await findApp(io.env, holderOf(store)));
}

/** The holder of the database from a 'db-in-use' refusal (the app, when it runs). */
export function holderOf(e: StoreError): { path: string; pid?: number } {
  const pid = /\(PID (\d+)\)/.exec(String((e.cause as Error | undefined)?.message ?? ''))?.[1];
  return { path: process.env.BACKTALK_DB ?? DEFAULT_DB_PATH, pid: pid ? Number(pid) : undefined };
}

/** The store, or the 'db-in-use' refusal when another process holds the file; other failures throw. */
async function open(): Promise<Store | StoreError> {
  try {
    return await openStore();
  } catch (e) {
    if (e instanceof StoreError && e.code === 'db-in-use') return e;
    const err = e as Error & { hint?: string };
    throw new CliError(err.message, 1, err.hint, { cause: e });
  }
}

async function using<T>(store: Store, fn: (store: Store) => Promise<T>): Promise<T> {
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** A strategy by id or by (case-insensitive) name. */
export async function findStrategy(backend: Pick<Backend, 'strategies'>, ref: string): Promise<StrategyRef> {
  const all = await backend.strategies();
  const byId = all.find((s) => s.id === ref);
  if (byId) return byId;
  const named = all.filter((s) => s.name.toLowerCase() === ref.toLowerCase());
  if (named.length === 1) return named[0];
  if (named.length > 1) {
    throw new CliError(
      `several strategies are named '${ref}'`,
      1,
      `use an id: ${named.map((s) => s.id).join(', ')}`,
    );
  }
  const hint = all.length
    ? `strategies: ${all
        .slice(0, 10)
        .map((s) => `${s.name} (${s.id})`)
        .join(', ')}`
    : 'create one in the app first (npm run dev, then Strategies)';
  throw new CliError(`no strategy '${ref}'`, 1, hint);
}
