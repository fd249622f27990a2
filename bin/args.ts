// Argument parsing shared by the commands: node's parseArgs with errors turned into usage errors,
// plus the small value grammars (--param, --grid, --where, dates).
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { parseDate } from '../lib/data';
import { gridRange, type ParamGrid, type Params } from '../lib/engine';
import { CliError } from './io';

export const USAGE_EXIT = 2;

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<const O extends Options>(argv: string[], options: O, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true } as const);
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new CliError(msg, USAGE_EXIT, `usage: ${usage}`, { cause: e });
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function number(text: string, what: string): number {
  const v = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(v)) throw new CliError(`${what}: '${text}' is not a number`, USAGE_EXIT);
  return v;
}

/** `--param fast=10 --param slow=30` → { fast: 10, slow: 30 }. */
export function parseParams(list: string[] | undefined): Params {
  const out: Params = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    const name = item.slice(0, eq).trim();
    if (eq < 0 || !NAME.test(name)) {
      throw new CliError(`--param '${item}' is not name=value`, USAGE_EXIT, 'write e.g. --param fast=10');
    }
    if (name in out) throw new CliError(`--param ${name} is given twice`, USAGE_EXIT);
    out[name] = number(item.slice(eq + 1), `--param ${name}`);
  }
  return out;
}

/** `--grid fast=5:50:1` (from:to:step, inclusive) or `--grid fast=5,10,20` (a list). */
export function parseGrid(list: string[] | undefined): ParamGrid {
  const grid: Record<string, number[]> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    const name = item.slice(0, eq).trim();
    const hint = 'write e.g. --grid fast=5:50:1 or --grid fast=5,10,20';
    if (eq < 0 || !NAME.test(name))
      throw new CliError(`--grid '${item}' is not name=from:to:step`, USAGE_EXIT, hint);
    if (name in grid) throw new CliError(`--grid ${name} is given twice`, USAGE_EXIT);
    const spec = item.slice(eq + 1);
    if (spec.includes(':')) {
      const parts = spec.split(':');
      if (parts.length !== 3)
        throw new CliError(`--grid ${name}: '${spec}' is not from:to:step`, USAGE_EXIT, hint);
      const [from, to, step] = parts.map((p) => number(p, `--grid ${name}`));
      try {
        grid[name] = gridRange(from, to, step);
      } catch (e) {
        throw new CliError(`--grid ${name}: ${(e as Error).message}`, USAGE_EXIT, hint, { cause: e });
      }
    } else {
      grid[name] = spec.split(',').map((p) => number(p, `--grid ${name}`));
    }
  }
  if (Object.keys(grid).length === 0) {
    throw new CliError('sweep needs at least one --grid', USAGE_EXIT, 'write e.g. --grid fast=5:50:1');
  }
  return grid;
}

const OPS = {
  '<': (a: number, b: number) => a < b,
  '<=': (a: number, b: number) => a <= b,
  '>': (a: number, b: number) => a > b,
  '>=': (a: number, b: number) => a >= b,
  '==': (a: number, b: number) => a === b,
  '!=': (a: number, b: number) => a !== b,
} as const;

/** `--where "fast < slow"`: comparisons between parameters or numbers (parsed, never evaluated as code). */
export function parseWhere(
  list: string[] | undefined,
  names: string[],
): ((p: Params) => boolean) | undefined {
  if (!list?.length) return undefined;
  const tests = list.map((text) => {
    const m = text.match(
      /^\s*([A-Za-z_]\w*|-?\d+(?:\.\d+)?)\s*(<=|>=|==|!=|<|>)\s*([A-Za-z_]\w*|-?\d+(?:\.\d+)?)\s*$/,
    );
    if (!m)
      throw new CliError(
        `--where '${text}' is not a comparison`,
        USAGE_EXIT,
        'write e.g. --where "fast < slow"',
      );
    const side = (s: string) => {
      if (/^-?\d/.test(s)) {
        const v = Number(s);
        return () => v;
      }
      if (!names.includes(s)) throw new CliError(`--where: '${s}' is not a --grid parameter`, USAGE_EXIT);
      return (p: Params) => p[s];
    };
    const [a, b, op] = [side(m[1]), side(m[3]), OPS[m[2] as keyof typeof OPS]];
    return (p: Params) => op(a(p), b(p));
  });
  return (p) => tests.every((t) => t(p));
}

export function parseRange(from?: string, to?: string): { from?: number; to?: number } {
  return {
    from: from === undefined ? undefined : parseDate(from),
    to: to === undefined ? undefined : parseDate(to, { endOfDay: true }),
  };
}
