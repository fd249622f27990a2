// The model's system prompt: prompts/strategy-v2.md with its placeholders filled from the registry, the
// schema's vocabulary and limits, prompts/conventions.md and the offline reader's phrase tables; or, for
// local servers with small contexts, the compact prompts/strategy-v2-local.md. Built once per process.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArgSpec, FunctionSpec } from '../../engine';
import { FUNCTIONS } from '../../engine';
import { FIELDS, LIMITS, type StrategySpec, TIMEFRAMES, validateSpec } from '../../schema';
import { vocabularySection } from '../offline';
import { dropNulls, toModelSpec } from './wire';

/** The prompt file in use; bump it (and keep the old file) when the prompt changes meaning. */
export const PROMPT_VERSION = 'strategy-v2';
/** 'full' for hosted models; 'local' for OpenAI-compatible servers, whose contexts may be 4,096 tokens. */
export type PromptVariant = 'full' | 'local';
const TEMPLATE_FILE = `${PROMPT_VERSION}.md`;
export const templateFile = (variant: PromptVariant) =>
  variant === 'local' ? `${PROMPT_VERSION}-local.md` : TEMPLATE_FILE;
const CONVENTIONS_FILE = 'conventions.md';
/** The reader's phrase tables the full prompt lists: the words of strategies, not of sentence structure. */
export const VOCABULARY_TOPICS = [
  'actions',
  'relations',
  'entry and exit roles',
  'stop and reverse',
  'one side only',
  'entry filters',
  'default parameters',
  'a cross for entries and exits',
  'named levels',
  'stops and targets',
  'costs',
  'starting capital',
  'what a size is a share of',
  'size of each entry',
  'fractions',
  'units',
  'price fields',
  'indicators:',
];

/**
 * The prompts folder. Under tsx and vitest the source layout holds; a bundled server (Next) moves this
 * module, so the folder under the working directory is the fallback.
 */
export function promptsDir(): string {
  const candidates = [join(process.cwd(), 'prompts')];
  try {
    // Joined by hand: a literal `new URL('…/', import.meta.url)` makes bundlers try to bundle the folder.
    candidates.unshift(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'prompts'));
  } catch {
    // import.meta.url is not a file URL in some bundles: the working directory is the only candidate.
  }
  const dir = candidates.find((d) => existsSync(join(d, TEMPLATE_FILE)));
  if (!dir)
    throw new Error(
      `the model prompt ${TEMPLATE_FILE} was not found in ${candidates.join(' or ')}: run from the project root`,
    );
  return dir;
}

const bounds = (a: ArgSpec) =>
  a.min === undefined && a.max === undefined ? '' : ` ${a.min ?? '-inf'}..${a.max ?? 'inf'}`;

function argText(a: ArgSpec): string {
  const dflt = a.default === undefined ? '' : ` = ${a.default}`;
  return `${a.name}: ${a.kind}${bounds(a)}${dflt}`;
}

/** One line of the reference: name, arguments with bounds, outputs, fields read, summary. */
export function functionLine(f: FunctionSpec): string {
  const args = f.args.map(argText).join(', ');
  const reads = f.fields.length ? `; reads ${f.fields.join(', ')}` : '';
  if (f.returns === 'boolean')
    return `- ${f.name}(${args}) → condition {"op": "${f.name}"}${reads}: ${f.summary}`;
  const outs =
    f.outputs.length > 1 ? `${f.outputs.join(', ')} (set "output" to one of them)` : f.outputs.join(', ');
  return `- ${f.name}(${args}) → ${outs}${reads}: ${f.summary}`;
}

/**
 * The indicator functions (not the condition ops, which the spec has as ops) in few tokens, for the
 * local prompt: functions of the same signature share a line, `sma, ema, rsi, ...(src, n)`.
 */
export function compactFunctions(fns: readonly FunctionSpec[] = FUNCTIONS): string {
  const bySignature = new Map<string, string[]>();
  for (const f of fns) {
    if (f.returns === 'boolean') continue;
    const args = f.args.map((a) => (a.default === undefined ? a.name : `${a.name}=${a.default}`)).join(', ');
    const outs = f.outputs.length > 1 || f.outputs[0] !== f.name ? ` → ${f.outputs.join(', ')}` : '';
    const sig = `(${args})${outs}`;
    bySignature.set(sig, [...(bySignature.get(sig) ?? []), f.name]);
  }
  return [...bySignature].map(([sig, names]) => `${names.join(', ')}${sig}`).join('\n');
}

/** The language reference, grouped by category in registry order. */
export function functionsReference(fns: readonly FunctionSpec[] = FUNCTIONS): string {
  const groups = new Map<string, FunctionSpec[]>();
  for (const f of fns) groups.set(f.category, [...(groups.get(f.category) ?? []), f]);
  return [...groups]
    .map(([cat, list]) => `## ${cat[0].toUpperCase()}${cat.slice(1)}\n${list.map(functionLine).join('\n')}`)
    .join('\n\n');
}

function limitsText(): string {
  const L = LIMITS;
  return (
    `at most ${L.rules} rules, ${L.indicators} indicators and ${L.inputs} inputs; a condition nests at ` +
    `most ${L.conditionDepth} levels with at most ${L.conditionNodes} nodes, and an and/or at most ` +
    `${L.conditionArgs} args; offsets up to ${L.offset}`
  );
}

/** The worked example of the prompt (validated when the prompt is built). */
export const EXAMPLE_SPEC: StrategySpec = {
  version: 1,
  name: 'SMA 50/200 cross',
  market: { source: 'yahoo', symbol: 'AAPL' },
  settings: {},
  inputs: [],
  indicators: [
    { id: 'fast', fn: 'sma', args: [{ field: 'close' }, { value: 50 }] },
    { id: 'slow', fn: 'sma', args: [{ field: 'close' }, { value: 200 }] },
  ],
  rules: [
    { when: { op: 'crossover', a: { indicator: 'fast' }, b: { indicator: 'slow' } }, action: 'buy' },
    { when: { op: 'crossunder', a: { indicator: 'fast' }, b: { indicator: 'slow' } }, action: 'sell' },
  ],
  risk: { stopLoss: 0.03 },
};

/** The conventions without their title line (the prompt gives the section its own heading). */
function conventionsBody(text: string): string {
  return text.replace(/^# [^\n]*\n+/, '').trim();
}

export interface PromptSources {
  readonly template: string;
  readonly conventions: string;
  readonly variant?: PromptVariant;
  readonly functions?: readonly FunctionSpec[];
}

export function readPromptSources(dir = promptsDir(), variant: PromptVariant = 'full'): PromptSources {
  return {
    template: readFileSync(join(dir, templateFile(variant)), 'utf8'),
    conventions: readFileSync(join(dir, CONVENTIONS_FILE), 'utf8'),
    variant,
  };
}

/** What each placeholder of the template becomes. */
export function placeholderValues(src: PromptSources): Record<string, string> {
  const check = validateSpec(EXAMPLE_SPEC);
  if (!check.ok)
    throw new Error(`the prompt's example spec is invalid: ${check.issues.map((i) => i.message).join('; ')}`);
  const example = toModelSpec(EXAMPLE_SPEC);
  const common = { fields: FIELDS.join(', '), timeframes: TIMEFRAMES.join(', ') };
  if (src.variant === 'local')
    return {
      ...common,
      functions: compactFunctions(src.functions),
      example: JSON.stringify(dropNulls(example)),
    };
  return {
    ...common,
    functions: functionsReference(src.functions),
    conventions: conventionsBody(src.conventions),
    vocabulary: vocabularySection({ topics: VOCABULARY_TOPICS, perEntry: 6 }),
    limits: limitsText(),
    example: JSON.stringify(example),
  };
}

export const PLACEHOLDER_RE = /\{\{(\w+)\}\}/g;

/** Fills every placeholder; an unknown or unused one is an error, so template and code cannot drift. */
export function buildSystemPrompt(src: PromptSources = readPromptSources()): string {
  const values = placeholderValues(src);
  const file = templateFile(src.variant ?? 'full');
  const body = src.template.replace(/^<!--[\s\S]*?-->\s*/, '');
  const used = new Set<string>();
  const out = body.replace(PLACEHOLDER_RE, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`${file} has an unknown placeholder {{${key}}}`);
    used.add(key);
    return v;
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length) throw new Error(`${file} lacks the placeholder(s) ${unused.join(', ')}`);
  return out;
}

const cached = new Map<PromptVariant, string>();

/** The system prompt of a variant, read and built on first use. */
export function systemPrompt(variant: PromptVariant = 'full'): string {
  let p = cached.get(variant);
  if (p === undefined) {
    p = buildSystemPrompt(readPromptSources(promptsDir(), variant));
    cached.set(variant, p);
  }
  return p;
}
