// A compute worker: answers { id, task } with { id, ok, value } (or { id, ok: false, error }), moving the
// run's own arrays back rather than copying them. Loaded through bootstrap.mjs (TypeScript via tsx).
import { parentPort, threadId } from 'node:worker_threads';
import type { ComputeTask } from './protocol';
import { ComputeRunner } from './runner';

const port = parentPort;
if (!port) throw new Error('server/compute/worker.ts runs as a worker thread (see pool.ts)');
const runner = new ComputeRunner(`w${threadId}.`, true);

port.on('message', ({ id, task }: { id: number; task: ComputeTask }) => {
  let reply: { id: number; ok: boolean; value?: unknown; error?: string };
  let transfer: ArrayBuffer[] = [];
  try {
    const r = runner.handle(task);
    reply = { id, ok: true, value: r.value };
    transfer = r.transfer;
  } catch (e) {
    const err = e as Error;
    reply = { id, ok: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(e) };
  }
  try {
    port.postMessage(reply, transfer);
  } catch (e) {
    // An answer that cannot be cloned (a bug): say so rather than leave the task waiting.
    port.postMessage({ id, ok: false, error: `the answer could not be sent back: ${(e as Error).message}` });
  }
});
port.postMessage({ ready: true });
