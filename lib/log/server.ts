// Server-only entry of the log: the process's console routed through `redact` (node:util's format).
import { format } from 'node:util';
import { redact, secretsFromEnv } from './index';

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
let installed = false;

/**
 * Routes every console line of this process (ours, Next's, libraries') through `redact`. Once per process;
 * the server and the scheduler call it first thing.
 */
export function redactConsole(secrets: readonly string[] = secretsFromEnv(process.env)): void {
  if (installed) return;
  installed = true;
  for (const m of METHODS) {
    const original = console[m].bind(console);
    console[m] = (...args: unknown[]) => original(redact(format(...args), secrets));
  }
}
