// The process's alert dispatcher (one per process, like the store): the paper runner's notify and the
// API's "send a test" go through it. Started on first use; closed with the server.
import { type AlertDispatcher, startAlertDispatcher } from '../jobs/alerts';
import { redact } from '../lib/log';
import { getStore } from './services';

const KEY = Symbol.for('backtalk.alerts');
const g = globalThis as typeof globalThis & { [KEY]?: Promise<AlertDispatcher> };

export function getAlerts(
  log: (msg: string) => void = (m) => console.error(redact(m)),
): Promise<AlertDispatcher> {
  g[KEY] ??= getStore()
    .then((store) => startAlertDispatcher(store, { log }))
    .catch((e) => {
      g[KEY] = undefined;
      throw e;
    });
  return g[KEY];
}

export async function closeAlerts(): Promise<void> {
  const d = g[KEY];
  g[KEY] = undefined;
  await (await d?.catch(() => undefined))?.close();
}
