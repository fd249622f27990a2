// Test access to ../shared (reference data and specs that sit next to the project, not in it).
// A test that needs a file there fails with a clear message when it is missing, never skips: a clone
// without ../shared must not pass the reference checks by not running them. Node only, no vitest, so
// testkits and scripts can use it too (the vitest assertions on parity.md are in parity.ts).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared');

/**
 * The absolute path of `rel` under ../shared, or of the file the environment variable `env` names when
 * it is set; throws a clear error when that file is absent.
 */
export function requireShared(rel: string, env?: string): string {
  const given = env ? process.env[env] : undefined;
  const path = given ? resolve(given) : resolve(SHARED_DIR, rel);
  if (existsSync(path)) return path;
  throw new Error(
    given
      ? `${path} (from ${env}) is missing: point ${env} at the file, or unset it to read ../shared/${rel}`
      : `../shared/${rel} is missing (looked at ${path}): clone the project next to its shared/ folder; ` +
          'the tests that need it fail rather than skip without it',
  );
}

/** The text of a file under ../shared; throws like requireShared when absent. */
export function readShared(rel: string): string {
  return readFileSync(requireShared(rel), 'utf8');
}

/** parity.md's ```json block: every figure of backtesting.py 0.6.6's run, at full precision. */
export function parityFigures(): Record<string, number | string> {
  const block = readShared('spec/parity.md').match(/```json\n([\s\S]*?)```/);
  if (!block) throw new Error('../shared/spec/parity.md no longer holds its ```json block of figures');
  return JSON.parse(block[1]) as Record<string, number | string>;
}
