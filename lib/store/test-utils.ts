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
