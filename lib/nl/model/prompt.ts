// The model's system prompt: prompts/strategy-v1.md with its placeholders filled from the registry, the
// schema's vocabulary and limits, and prompts/conventions.md. Built once per process and cached.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FUNCTIONS } from '../../engine/indicators';
import type { ArgSpec, FunctionSpec } from '../../engine/indicators/spec';
import { FIELDS, LIMITS, type StrategySpec, TIMEFRAMES, validateSpec } from '../../schema';

/** The prompt file in use; bump it (and keep the old file) when the prompt changes meaning. */
export const PROMPT_VERSION = 'strategy-v1';
const TEMPLATE_FILE = `${PROMPT_VERSION}.md`;
const CONVENTIONS_FILE = 'conventions.md';

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
  readonly functions?: readonly FunctionSpec[];
}

export function readPromptSources(dir = promptsDir()): PromptSources {
  return {
    template: readFileSync(join(dir, TEMPLATE_FILE), 'utf8'),
    conventions: readFileSync(join(dir, CONVENTIONS_FILE), 'utf8'),
  };
}

/** What each placeholder of the template becomes. */
export function placeholderValues(src: PromptSources): Record<string, string> {
  const check = validateSpec(EXAMPLE_SPEC);
  if (!check.ok)
    throw new Error(`the prompt's example spec is invalid: ${check.issues.map((i) => i.message).join('; ')}`);
  return {
    functions: functionsReference(src.functions),
    conventions: conventionsBody(src.conventions),
    limits: limitsText(),
    fields: FIELDS.join(', '),
    timeframes: TIMEFRAMES.join(', '),
    example: JSON.stringify(EXAMPLE_SPEC),
  };
}

export const PLACEHOLDER_RE = /\{\{(\w+)\}\}/g;

/** Fills every placeholder; an unknown or unused one is an error, so template and code cannot drift. */
export function buildSystemPrompt(src: PromptSources = readPromptSources()): string {
  const values = placeholderValues(src);
  const body = src.template.replace(/^<!--[\s\S]*?-->\s*/, '');
  const used = new Set<string>();
  const out = body.replace(PLACEHOLDER_RE, (_, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`${TEMPLATE_FILE} has an unknown placeholder {{${key}}}`);
    used.add(key);
    return v;
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length) throw new Error(`${TEMPLATE_FILE} lacks the placeholder(s) ${unused.join(', ')}`);
  return out;
}

let cached: string | undefined;

/** The system prompt, read and built on first use. */
export function systemPrompt(): string {
  cached ??= buildSystemPrompt();
  return cached;
}
