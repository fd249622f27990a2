// A bounded reader of cron expressions, run before node-cron sees one. node-cron expands every range
// into a list before it validates it, so `1-99999999/1 * * * *` allocated 100M numbers (76 s, +3.5 GB);
// here each field is checked against its own range first, so the work is bounded by the text's length
// and no field ever expands to more values than it has (60 at most).

export const MAX_CRON_LENGTH = 100;

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names read as numbers (index + offset): month 'jan' = 1, weekday 'sun' = 0. */
  readonly names?: readonly string[];
  readonly offset?: number;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export const CRON_FIELDS: readonly Field[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, offset: 1 },
  // 0 and 7 are both Sunday.
  { name: 'weekday', min: 0, max: 7, names: WEEKDAYS, offset: 0 },
];

export const CRON_HINT =
  'write 5 fields (minute 0-59, hour 0-23, day 1-31, month 1-12 or jan-dec, weekday 0-7 or sun-sat), ' +
  "or 6 with seconds (0-59) first; each field is *, a number, a range a-b, a step */n or a-b/n, or a list of these, e.g. '0 */6 * * *'";

/** A cron expression that cannot be used; `field` names the field at fault (null: the whole text). */
export class CronError extends Error {
  override readonly name = 'CronError';
  constructor(
    message: string,
    readonly field: string | null,
    readonly hint: string = CRON_HINT,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ParsedCron {
  /** The expression with its whitespace normalised (what node-cron and the store get). */
  readonly text: string;
  /** Values each field allows (second, minute, hour, day, month, weekday); 5-field text has second [0]. */
  readonly values: readonly (readonly number[])[];
  /** Day-of-month and weekday tokens with no plain value (L, 15W, L-3, 5L, 1#2). */
  readonly special: readonly string[];
}

const show = (s: string) => (s.length > 24 ? `'${s.slice(0, 24)}…'` : `'${s}'`);

/** Checks a cron expression field by field; throws CronError naming the field and its range. */
export function parseCron(input: string): ParsedCron {
  if (typeof input !== 'string') throw new CronError('a cron expression must be text', null);
  const text = input.trim().replace(/\s+/g, ' ');
  if (text === '') throw new CronError('the cron expression is empty', null);
  if (text.length > MAX_CRON_LENGTH)
    throw new CronError(
      `the cron expression is ${text.length} characters long (at most ${MAX_CRON_LENGTH})`,
      null,
    );
  const parts = text.split(' ');
  if (parts.length !== 5 && parts.length !== 6)
    throw new CronError(`a cron expression has 5 or 6 fields, this one has ${parts.length}`, null);
  const six = parts.length === 6 ? parts : ['0', ...parts];
  const values: number[][] = [];
  const special: string[] = [];
  for (let i = 0; i < 6; i++) values.push(readField(six[i], CRON_FIELDS[i], special));
  return { text, values, special };
}

function readField(raw: string, f: Field, special: string[]): number[] {
  const fail = (why: string): never => {
    throw new CronError(`${f.name} field ${show(raw)}: ${why}`, f.name);
  };
  const dayLike = f.name === 'day of month' || f.name === 'weekday';
  if (raw === '?') {
    if (!dayLike) fail(`'?' is only allowed for the day of month and the weekday`);
    return range(f.min, f.max, 1, f);
  }
  const seen = new Set<number>();
  for (const item of raw.split(',')) {
    if (item === '') fail('an empty item in the list (two commas, or one at the end)');
    if (isSpecial(item, f.name)) {
      special.push(item.toUpperCase());
      continue;
    }
    if (f.name === 'day of month' && /^L|\dW$/i.test(item))
      fail(`cannot read ${show(item)}; day tokens are L, L-1 to L-30, 1W to 31W and LW`);
    if (f.name === 'weekday' && /#|^\d+L$/i.test(item))
      fail(`cannot read ${show(item)}; weekday tokens are 0L to 7L (the last in the month) and 0#1 to 7#5`);
    const m = /^(\*|[0-9a-z]+(?:-[0-9a-z]+)?)(?:\/([0-9a-z]*))?$/i.exec(item);
    if (!m) fail(`cannot read ${show(item)}; use *, a number, a range a-b or a step */n`);
    const [, body, stepText] = m as RegExpExecArray;
    let step = 1;
    if (stepText !== undefined) {
      const span = f.max - f.min + 1;
      if (!/^\d+$/.test(stepText)) fail(`the step ${show(stepText)} is not a whole number`);
      if (stepText.length > 3 || Number(stepText) > span)
        fail(`a step of ${show(stepText)} is larger than the field (at most ${span})`);
      step = Number(stepText);
      if (step < 1) fail('a step must be at least 1');
    }
    let from: number;
    let to: number;
    if (body === '*') {
      from = f.min;
      to = f.name === 'weekday' ? 6 : f.max;
    } else {
      const dash = body.indexOf('-');
      from = value(dash < 0 ? body : body.slice(0, dash), f, fail);
      to = dash < 0 ? from : value(body.slice(dash + 1), f, fail);
      if (dash < 0 && stepText !== undefined)
        fail(`a step needs a range or *: write ${from}-${f.max}/${step} or */${step}`);
    }
    for (const v of range(from, to, step, f)) seen.add(f.name === 'weekday' && v === 7 ? 0 : v);
  }
  return [...seen].sort((a, b) => a - b);
}

function value(token: string, f: Field, fail: (why: string) => never): number {
  if (/^\d+$/.test(token)) {
    // Compare as text first: a 1000-digit number is simply out of range.
    const n = token.length > 3 ? Number.POSITIVE_INFINITY : Number(token);
    if (n < f.min || n > f.max) fail(`${show(token)} is out of range (${f.min}-${f.max})`);
    return n;
  }
  if (f.names) {
    const t = token.toLowerCase();
    const i = f.names.findIndex((name) => name === t || name.slice(0, 3) === t);
    if (i >= 0) return i + (f.offset ?? 0);
    fail(
      `${show(token)} is not a ${f.name} (${f.min}-${f.max} or ${f.names[0].slice(0, 3)}-${f.names.at(-1)!.slice(0, 3)})`,
    );
  }
  return fail(`${show(token)} is not a number from ${f.min} to ${f.max}`);
}

/**
 * from..to by step; a range that runs backwards wraps past the end as node-cron does (hours 22-2), with
 * weekdays wrapping at 6 as node-cron's do. Never more values than the field has.
 */
function range(from: number, to: number, step: number, f: Field): number[] {
  const out: number[] = [];
  if (from <= to) {
    for (let v = from; v <= to; v += step) out.push(v);
    return out;
  }
  const max = f.name === 'weekday' ? 6 : f.max;
  const size = max - f.min + 1;
  const span = (((to - from) % size) + size) % size;
  for (let off = 0; off <= span; off += step) {
    const v = from + off;
    out.push(v > max ? v - size : v);
  }
  return out;
}

// node-cron's day tokens: last day (L), L-3, nearest weekday (15W, LW); last Friday (5L), second Monday (1#2).
function isSpecial(item: string, field: string): boolean {
  if (field === 'day of month') {
    const m = /^(?:L|LW|L-(\d{1,2})|(\d{1,2})W)$/i.exec(item);
    if (!m) return false;
    const n = Number(m[1] ?? m[2] ?? 1);
    return m[1] !== undefined ? n >= 1 && n <= 30 : n >= 1 && n <= 31;
  }
  if (field === 'weekday') return /^(?:[0-7]L|[0-7]#[1-5])$/i.test(item);
  return false;
}
