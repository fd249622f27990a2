// Backtalk's server: Next (pages and API routes) and the /ws workspace socket on one port.
// `npm run dev` runs it in development mode, `npm start` in production (after `npm run build`).
// Every request and upgrade passes the gate (server/gate.ts) before Next or the socket sees it.
import { createServer } from 'node:http';
import next from 'next';
import { planListen } from '../lib/http/server';
import { redactConsole } from '../lib/log/server';
import { getAlerts } from './alerts';
import { createGate } from './gate';
import { latestPrices, onPaperUpdate, type PaperNotify, startPaper } from './paper';
import { createDataLoader, startScheduler } from './services';
import { attachWorkspaceSocket } from './ws';

// First, so that no line this process writes (ours, Next's, a library's) shows a credential.
redactConsole();

const dev = process.env.NODE_ENV !== 'production';
const log = (msg: string) => console.log(`[backtalk] ${msg}`);

async function main(): Promise<void> {
  const plan = planListen(process.env);
  if (!plan.ok) {
    console.error(`[backtalk] not started: ${plan.message}`);
    process.exit(2);
  }
  const { host: hostname, port } = plan;
  const gate = createGate(plan.gate, log);
  const app = next({ dev, hostname, port, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();
  const nextUpgrade = app.getUpgradeHandler();
  const loader = await createDataLoader(log);
  const server = createServer((req, res) => {
    gate
      .handle(req, res)
      .then((answered) => (answered ? undefined : handle(req, res)))
      .catch((e: Error) => {
        log(`request ${req.url} failed: ${e.message}`);
        if (!res.headersSent) res.writeHead(500).end('internal error');
      });
  });
  attachWorkspaceSocket(server, {
    load: loader.load,
    cacheKind: loader.cacheKind,
    gate,
    paper: { subscribe: onPaperUpdate, prices: latestPrices },
    fallbackUpgrade: (req, socket, head) => void nextUpgrade(req, socket, head),
    log,
  });
  server.listen(port, hostname, () =>
    log(
      `ready on http://localhost:${port} (${dev ? 'development' : 'production'}; listening on ${hostname}, ` +
        `${plan.gate.token ? 'sign-in required' : 'no sign-in'})`,
    ),
  );
  if (process.env.BACKTALK_SCHEDULER !== 'off') {
    startScheduler(log).catch((e: Error) => log(`scheduler not started: ${e.message}`));
  }
  if (process.env.BACKTALK_PAPER !== 'off') {
    // Each committed paper step goes to the alert channels that want its events (delivered in the
    // background: a slow channel never holds the runner).
    const paperNotify: PaperNotify[] = [
      async (run, events, account) => (await getAlerts(log)).notify(run, events, account),
    ];
    startPaper(loader, log, { notify: paperNotify }).catch((e: Error) =>
      log(`paper trading not started: ${e.message}`),
    );
  }
  const stop = () => {
    log('shutting down');
    server.close();
    void loader.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: Error) => {
  console.error(`[backtalk] failed to start: ${e.message}`);
  process.exit(1);
});
