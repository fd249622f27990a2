// GET /api/paper: every paper run with its account, P&L since start and today, last signal and last
// bar time, and the latest prices of the markets in use. POST /api/paper: deploy a saved strategy.
import { deployStrategy, summarizePaper } from '../../../jobs/paper-deploy';
import { jsonResponse, parseBody, route } from '../../../lib/http';
import { getPaperManager, getStore } from '../../../server/services';
import { CreatePaper, loadReplay, PAPER_BODY } from './_lib/paper';

export const dynamic = 'force-dynamic';

/** Runs summarised per request (each recomputes its equity over its stored bars). */
const MAX_LISTED = 100;

export const GET = route(async () => {
  const store = await getStore();
  const runs = (await store.paper.list()).slice(0, MAX_LISTED);
  const summaries = [];
  for (const run of runs) summaries.push(await summarizePaper(store, run));
  // A run's account price is its market's latest close; the newest per market.
  const prices = new Map<string, { market: string; price: number; time: number }>();
  for (const s of summaries) {
    const a = s.account;
    if (!a || !Number.isFinite(a.price)) continue;
    const had = prices.get(s.run.market);
    if (!had || had.time < a.time)
      prices.set(s.run.market, { market: s.run.market, price: a.price, time: a.time });
  }
  return jsonResponse({ runs: summaries, prices: [...prices.values()] });
});

export const POST = route(async (req: Request) => {
  const body = await parseBody(req, CreatePaper, {
    ...PAPER_BODY,
    hint: 'send JSON like { "strategyId": "k3j9x0a1b2c4" }, optionally with "market" (e.g. "yahoo:AAPL" or "replay:synthetic:1:500:1d"), "timeframe" and "name"',
  });
  const store = await getStore();
  const run = await deployStrategy(store, body, { loadReplay });
  // Start it now rather than at the manager's next scan.
  void getPaperManager()?.scan();
  return jsonResponse({ run: await summarizePaper(store, run) }, 201, { Location: `/api/paper/${run.id}` });
});
