// What the paper routes share: input schemas (bounded), the running manager or the store for status
// changes, and the replayed market's loader.
import { z } from 'zod';
import { ApiError, parseParam, pathIdSchema } from '../../../../lib/http';
import { type PaperRun, type Store, StoreError } from '../../../../lib/store';
import { getDataLoader, getPaperManager, getStore } from '../../../../server/services';

export const PAPER_BODY = { maxBytes: 8 * 1024, tooLargeHint: 'send only the fields listed' } as const;

export const PaperId = pathIdSchema('paper run');

export const CreatePaper = z.strictObject({
  strategyId: pathIdSchema('strategy'),
  market: z.string().trim().min(1, 'must not be empty').max(512).optional(),
  timeframe: z.string().trim().min(1, 'must not be empty').max(8).optional(),
  name: z.string().trim().min(1, 'must not be empty').max(200).optional(),
});

export const PaperAction = z.strictObject({ action: z.enum(['pause', 'resume', 'stop']) });

/** The bars of a replayed spec, through the server's loader (csv only from the data folder). */
export async function loadReplay(spec: string) {
  return (await (await getDataLoader()).load({ source: spec })).bars;
}

/**
 * Pauses, resumes or stops a run: through this process's manager when it runs one (its runner ends
 * at once), else in the store (a runner elsewhere reads the status before each step).
 */
export async function changeStatus(store: Store, run: PaperRun, action: 'pause' | 'resume' | 'stop') {
  if (run.status === 'stopped' || (run.status === 'failed' && action !== 'stop'))
    throw new ApiError(
      409,
      `paper run '${run.id}' is ${run.status}`,
      'a stopped run stays stopped: start a new one',
    );
  const manager = getPaperManager();
  if (manager) return manager[action](run.id);
  const status = { pause: 'paused', resume: 'running', stop: 'stopped' } as const;
  return store.paper.setStatus(run.id, status[action]);
}

/** The run named in the path, or a 400 (bad id) / 404. */
export async function runOrThrow(ctx: { params: Promise<{ id: string }> }) {
  const id = parseParam(PaperId, (await ctx.params).id, 'paper run id');
  const store = await getStore();
  const run = await store.paper.get(id);
  if (!run)
    throw new StoreError('not-found', `paper run '${id}' not found`, { hint: 'list the runs at /api/paper' });
  return { store, run };
}
