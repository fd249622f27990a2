// Entry of a compute worker thread. Node 20 does not pass `--import tsx` on to worker threads (nor does
// a test runner's transform reach them), so the worker registers tsx itself before loading its code.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
