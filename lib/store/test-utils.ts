// Shared by the store tests: a store on a real DuckDB file in a fresh temp folder, with a clock that
// advances one second per reading so orderings are deterministic.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from './server';

export const T0 = Date.UTC(2024, 0, 1);

export function steppingClock(start = T0, step = 1000): () => number {
  let t = start - step;
  return () => (t += step);
}

export interface TempStore {
  store: Store;
  dir: string;
  path: string;
  cleanup(): Promise<void>;
}

export async function tempStore(name = 'backtalk.duckdb'): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'backtalk-store-'));
  const path = join(dir, name);
  const store = await openStore({ path, now: steppingClock() });
  return {
    store,
    dir,
    path,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'backtalk-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ApiTestEnv {
  /** The temp folder (removed by restore). */
  dir: string;
  /** `dir/data`, not created; BACKTALK_DATA_DIR points there when asked for. */
  dataDir: string;
  /** Puts BACKTALK_DB, BACKTALK_DATA_DIR and REDIS_URL back as they were and removes the folder. */
  restore(): void;
}

/**
 * The environment of an API test that goes through server/services: BACKTALK_DB on a DuckDB file in a
 * fresh temp folder, REDIS_URL unset (the in-process cache), and BACKTALK_DATA_DIR at `dir/data` when
 * `dataDir` is set. Close the services before `restore()`.
 */
export function apiTestEnv(prefix: string, opts: { db?: string; dataDir?: boolean } = {}): ApiTestEnv {
  const keys = ['BACKTALK_DB', 'BACKTALK_DATA_DIR', 'REDIS_URL'] as const;
  const saved = keys.map((k) => [k, process.env[k]] as const);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(dir, 'data');
  process.env.BACKTALK_DB = join(dir, opts.db ?? 'api.duckdb');
  if (opts.dataDir) process.env.BACKTALK_DATA_DIR = dataDir;
  delete process.env.REDIS_URL;
  return {
    dir,
    dataDir,
    restore() {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
