// Backtalk's server: Next (pages and API routes) and the /ws workspace socket on one port.
// `npm run dev` runs it in development mode, `npm start` in production (after `npm run build`).
import { createServer } from 'node:http';
import next from 'next';
import { createDataLoader, startScheduler } from './services';
import { attachWorkspaceSocket } from './ws';

const dev = process.env.NODE_ENV !== 'production';
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '0.0.0.0';
const log = (msg: string) => console.log(`[backtalk] ${msg}`);

async function main(): Promise<void> {
  const app = next({ dev, hostname, port, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();
  const nextUpgrade = app.getUpgradeHandler();
  const loader = await createDataLoader(log);
  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      log(`request ${req.url} failed: ${e.message}`);
      if (!res.headersSent) res.writeHead(500).end('internal error');
    });
  });
  attachWorkspaceSocket(server, {
    load: loader.load,
    cacheKind: loader.cacheKind,
    allowedOrigins: (process.env.BACKTALK_ALLOWED_ORIGINS ?? '').split(',').filter(Boolean),
    fallbackUpgrade: (req, socket, head) => void nextUpgrade(req, socket, head),
    log,
  });
  server.listen(port, hostname, () =>
    log(`ready on http://localhost:${port} (${dev ? 'development' : 'production'})`),
  );
  if (process.env.BACKTALK_SCHEDULER !== 'off') {
    startScheduler(log).catch((e: Error) => log(`scheduler not started: ${e.message}`));
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
