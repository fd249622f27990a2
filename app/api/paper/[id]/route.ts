// GET /api/paper/:id: one run's summary. POST /api/paper/:id { action: 'pause' | 'resume' | 'stop' }.
import { summarizePaper } from '../../../../jobs/paper-deploy';
import { jsonResponse, parseBody, route } from '../../../../lib/http';
import { changeStatus, PAPER_BODY, PaperAction, runOrThrow } from '../_lib/paper';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (_req: Request, ctx: Ctx) => {
  const { store, run } = await runOrThrow(ctx);
  return jsonResponse({ run: await summarizePaper(store, run) });
});

export const POST = route(async (req: Request, ctx: Ctx) => {
  const { store, run } = await runOrThrow(ctx);
  const { action } = await parseBody(req, PaperAction, {
    ...PAPER_BODY,
    hint: 'send JSON like { "action": "pause" } (pause, resume or stop)',
  });
  const changed = await changeStatus(store, run, action);
  return jsonResponse({ run: await summarizePaper(store, changed) });
});
