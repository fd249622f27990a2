// Commands that read or write the app's database open it for the duration of the command.
import { openStore, type Store } from '../lib/store';
import { CliError } from './io';

export async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  let store: Store;
  try {
    store = await openStore();
  } catch (e) {
    const err = e as Error & { hint?: string };
    throw new CliError(err.message, 1, err.hint, { cause: e });
  }
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** A strategy by id or by (case-insensitive) name. */
export async function findStrategy(store: Store, ref: string) {
  const all = await store.strategies.list();
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
