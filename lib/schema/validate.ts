// validateSpec: the gate every spec passes, whether a model wrote it or a program was lifted.
// A cheap iterative size/depth check runs first, so a hostile object never reaches zod's recursion.
import type { z } from 'zod';
import { didYouMean } from '../dsl';
import { checkRefs, type SpecIssue } from './refs';
import { type StrategySpec, StrategySpecSchema } from './spec';

export type { SpecIssue } from './refs';

export type ValidateResult =
  | { readonly ok: true; readonly spec: StrategySpec }
  | { readonly ok: false; readonly issues: SpecIssue[] };

/** Generous over any valid spec (20 rules of 64 nodes, 20 indicators...), tiny next to a DoS. */
const MAX_NODES = 20_000;
const MAX_NESTING = 40;
const MAX_STRING = 1000;
const MAX_ISSUES = 50;

function preflight(x: unknown): SpecIssue | undefined {
  const stack: [unknown, number][] = [[x, 0]];
  let nodes = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (++nodes > MAX_NODES) return { path: '', message: `the spec is too large (over ${MAX_NODES} values)` };
    if (depth > MAX_NESTING)
      return { path: '', message: `the spec is nested too deeply (over ${MAX_NESTING} levels)` };
    if (typeof v === 'string' && v.length > MAX_STRING)
      return { path: '', message: `a string is longer than ${MAX_STRING} characters` };
    if (v === null || typeof v !== 'object') continue;
    const children = Array.isArray(v) ? v : Object.values(v);
    if (children.length > MAX_NODES)
      return {
        path: '',
        message: `the spec is too large (an array or object with over ${MAX_NODES} entries)`,
      };
    for (const c of children) stack.push([c, depth + 1]);
  }
  return undefined;
}

export function pathText(path: readonly PropertyKey[]): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s === '' ? String(k) : `.${String(k)}`;
  return s;
}

const FORMAT_HINTS: readonly [RegExp, string][] = [
  [
    /A-Za-z\]\[A-Za-z0-9_/,
    'must start with a letter and use only letters, digits and _ (at most 64 characters)',
  ],
  [/\\d\{4\}/, 'must be a date YYYY-MM-DD'],
];

type Issue = z.core.$ZodIssue;

/** Zod issues as plain messages. A union failure reports the branch the value evidently meant. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const k of path)
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function flatten(issue: Issue, base: readonly PropertyKey[], out: SpecIssue[], root: unknown): void {
  const path = [...base, ...issue.path];
  const at = pathText(path);
  switch (issue.code) {
    case 'invalid_union': {
      const fits = issue.errors.filter(
        (errs) =>
          !errs.some(
            (e) => e.path.length === 0 && (e.code === 'unrecognized_keys' || e.code === 'invalid_type'),
          ),
      );
      if (fits.length === 0) {
        out.push({ path: at, message: issue.message });
        return;
      }
      const best = fits.reduce((a, b) => (b.length < a.length ? b : a));
      for (const e of best) flatten(e, path, out, root);
      return;
    }
    case 'unrecognized_keys':
      out.push({
        path: at,
        message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}: remove it`,
      });
      return;
    case 'invalid_value': {
      const got = valueAt(root, path);
      const strings = issue.values.filter((v): v is string => typeof v === 'string');
      const near = typeof got === 'string' ? didYouMean(got, strings) : undefined;
      const list = issue.values.map((v) => JSON.stringify(v)).join(', ');
      const what = typeof got === 'string' ? `'${got}' is not allowed: ` : '';
      out.push({
        path: at,
        message: `${what}${near ? `did you mean '${near}'? ` : ''}must be one of ${list}`,
      });
      return;
    }
    case 'invalid_format': {
      const pattern = 'pattern' in issue ? String(issue.pattern) : '';
      const hint = FORMAT_HINTS.find(([re]) => re.test(pattern));
      out.push({ path: at, message: hint ? hint[1] : issue.message });
      return;
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = small ? issue.minimum : issue.maximum;
      const what =
        issue.origin === 'array'
          ? `${small ? 'needs at least' : 'allows at most'} ${limit} item(s)`
          : issue.origin === 'string'
            ? `${small ? 'needs at least' : 'allows at most'} ${limit} character(s)`
            : `must be ${small ? 'at least' : 'at most'} ${limit}`;
      out.push({ path: at, message: what });
      return;
    }
    default:
      out.push({ path: at, message: issue.message.replace(/^Invalid input: /, '') });
  }
}

/** Checks shape and bounds (zod), then cross-references (refs.ts). Never throws. */
export function validateSpec(x: unknown): ValidateResult {
  const pre = preflight(x);
  if (pre) return { ok: false, issues: [pre] };
  const parsed = StrategySpecSchema.safeParse(x);
  if (!parsed.success) {
    const issues: SpecIssue[] = [];
    for (const i of parsed.error.issues) flatten(i, [], issues, x);
    return { ok: false, issues: issues.slice(0, MAX_ISSUES) };
  }
  const issues = checkRefs(parsed.data);
  return issues.length ? { ok: false, issues: issues.slice(0, MAX_ISSUES) } : { ok: true, spec: parsed.data };
}
