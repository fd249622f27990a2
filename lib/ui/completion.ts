// Completion for the .bt editor, as plain data: built-in functions with their signatures and summaries
// (from the registry), built-in series, statements, keywords and the program's own bindings. The editor
// wraps completionsAt() in a CodeMirror completion source.
import {
  ACTION_NAMES,
  BUILTIN_SERIES,
  FORMS,
  KEYWORDS,
  keywordArgsOf,
  POSITION_DOCS,
  POSITION_SERIES,
  RISK_NAMES,
  RISK_SIZE,
  SETTING_DOCS,
  SETTING_KEYS,
} from '../dsl';
import type { FunctionSpec } from '../engine';
import { FUNCTIONS } from '../engine';

export type CompletionKind = 'function' | 'variable' | 'keyword' | 'constant' | 'property' | 'text';

export interface CompletionItem {
  label: string;
  type: CompletionKind;
  /** Short text after the label: a signature, or what the name is. */
  detail?: string;
  /** Longer documentation shown beside the list. */
  info?: string;
  /** Text inserted instead of the label. */
  apply?: string;
  boost?: number;
}

export interface CompletionAnswer {
  /** Where the word being completed starts. */
  from: number;
  options: CompletionItem[];
}

/** `sma(src, n) → series`, `bb(src, n, mult=2) → [mid, upper, lower]`. */
export function signatureOf(f: FunctionSpec): string {
  const args = f.args.map((a) => (a.default === undefined ? a.name : `${a.name}=${a.default}`)).join(', ');
  const ret =
    f.outputs.length > 1 ? `[${f.outputs.join(', ')}]` : f.returns === 'boolean' ? 'condition' : 'series';
  return `${f.name}(${args}) → ${ret}`;
}

function docOf(f: FunctionSpec): string {
  const lines = [f.summary];
  for (const a of f.args) {
    const range = a.min !== undefined || a.max !== undefined ? ` [${a.min ?? '…'}, ${a.max ?? '…'}]` : '';
    lines.push(`${a.name} (${a.kind}${range}): ${a.doc}`);
  }
  if (f.fields.length) lines.push(`reads ${f.fields.join(', ')} of each bar`);
  lines.push(`follows ${f.reference}`);
  return lines.join('\n');
}

const STATEMENT_DOCS: Record<string, [string, string]> = {
  strategy: [
    `strategy("title", ${SETTING_KEYS.map((k) => `${k}=`).join(', ')})`,
    'The optional header: starting capital, fees and slippage as percentages of traded value, default size.',
  ],
  input: [
    'input(default, min=, max=, step=, title=)',
    'A tunable parameter: a slider in the workspace, --param on the command line.',
  ],
  buy: [
    'buy(market, SIZE) · buy(limit=PRICE | stop=PRICE, SIZE, cancel_after=N)',
    'Open or add to a long position; SIZE is 100%, units=N, cash=N or size=risk(1%).',
  ],
  sell: ['sell(market, SIZE)', 'Reduce or close the long position (100% closes it); never opens a short.'],
  short: [
    'short(market, SIZE) · short(limit=PRICE | stop=PRICE, SIZE, cancel_after=N)',
    'Open or add to a short position.',
  ],
  cover: ['cover(market, SIZE)', 'Reduce or close the short position.'],
  exit: [
    'exit() · exit(after=N)',
    'Close whatever position is open; with after=N, each entry N bars after it filled.',
  ],
  stop_loss: [
    'stop_loss(P) · stop_loss(price=PRICE)',
    'Close each entry when price moves P (e.g. 5%) against its own price, or reaches PRICE.',
  ],
  take_profit: [
    'take_profit(P) · take_profit(price=PRICE)',
    'Close each entry when price moves P in favour of its own price, or reaches PRICE.',
  ],
  trailing_stop: ['trailing_stop(P)', 'Close each entry when price falls P from its best price since entry.'],
};

const SERIES_DOCS: Record<string, string> = {
  open: "the bar's opening price",
  high: "the bar's highest price",
  low: "the bar's lowest price",
  close: "the bar's closing price",
  volume: "the bar's traded volume",
  hl2: '(high + low) / 2',
  hlc3: '(high + low + close) / 3',
  ohlc4: '(open + high + low + close) / 4',
  bar_index: 'the bar number, from 0',
};

/** Keyword arguments of a statement, from the language's own tables (lib/dsl): `[name, meaning]`. */
function keywordArgs(call: string): readonly (readonly [string, string])[] {
  if (call === 'strategy') return SETTING_KEYS.map((k) => [k, SETTING_DOCS[k].meaning] as const);
  return keywordArgsOf(call).map((a) => [a.name, a.doc] as const);
}

const STATIC_OPTIONS: readonly CompletionItem[] = [
  ...FUNCTIONS.map(
    (f): CompletionItem => ({ label: f.name, type: 'function', detail: signatureOf(f), info: docOf(f) }),
  ),
  ...FORMS.map(
    (f): CompletionItem => ({
      label: f.name,
      type: 'function',
      detail: `${f.signature} → ${f.name === 'htf' ? 'series' : 'series or condition'}`,
      info: [f.summary, ...f.args.map((a) => `${a.name}: ${a.doc}`), `e.g. ${f.example}`].join('\n'),
    }),
  ),
  ...['strategy', 'input', ...ACTION_NAMES, ...RISK_NAMES].map(
    (name): CompletionItem => ({
      label: name,
      type: 'keyword',
      detail: STATEMENT_DOCS[name]?.[0],
      info: STATEMENT_DOCS[name]?.[1],
    }),
  ),
  ...BUILTIN_SERIES.map(
    (name): CompletionItem => ({
      label: name,
      type: 'variable',
      detail: 'built-in series',
      info: SERIES_DOCS[name],
    }),
  ),
  ...POSITION_SERIES.map(
    (name): CompletionItem => ({
      label: name,
      type: 'variable',
      detail: 'position state',
      info: POSITION_DOCS[name],
    }),
  ),
  { label: RISK_SIZE.name, type: 'function', detail: RISK_SIZE.signature, info: RISK_SIZE.doc },
  ...[...KEYWORDS].map((k): CompletionItem => ({ label: k, type: 'keyword' })),
  { label: 'na', type: 'constant', detail: 'missing value' },
];

/** Names the program binds (`name = …` and `[a, b] = …` at the start of a line), in order. */
export function bindingsOf(text: string): { name: string; detail: string }[] {
  const out: { name: string; detail: string }[] = [];
  const seen = new Set<string>();
  const add = (name: string, detail: string) => {
    if (!seen.has(name)) {
      seen.add(name);
      out.push({ name, detail });
    }
  };
  for (const line of text.split('\n')) {
    const single = /^\s*([A-Za-z_]\w*)\s*=(?!=)\s*(.*)$/.exec(line);
    if (single) {
      const rhs = single[2];
      const title = /^input\s*\(.*title\s*=\s*"([^"]*)"/.exec(rhs);
      add(single[1], title ? `input: ${title[1]}` : /^input\s*\(/.test(rhs) ? 'input' : 'binding');
      continue;
    }
    const tuple = /^\s*\[([^\]]*)\]\s*=(?!=)\s*([A-Za-z_]\w*)?/.exec(line);
    if (tuple) {
      for (const part of tuple[1].split(',')) {
        const name = part.trim();
        if (/^[A-Za-z_]\w*$/.test(name)) add(name, tuple[2] ? `output of ${tuple[2]}` : 'binding');
      }
    }
  }
  return out;
}

/** Whether `pos` on this line prefix is inside a comment or a string. */
function inCommentOrString(prefix: string): boolean {
  let inString = false;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '#' || (c === '/' && prefix[i + 1] === '/')) return true;
  }
  return inString;
}

/** The function whose argument list encloses the end of `prefix` (same line), if any. */
function enclosingCall(prefix: string): string | undefined {
  let depth = 0;
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix[i];
    if (c === ')') depth++;
    else if (c === '(') {
      if (depth === 0) return /([A-Za-z_]\w*)\s*$/.exec(prefix.slice(0, i))?.[1];
      depth--;
    }
  }
  return undefined;
}

/**
 * Completions at `pos` in `text`: null when there is nothing to complete (no word typed and not
 * explicitly asked, or inside a comment or string).
 */
export function completionsAt(text: string, pos: number, explicit = false): CompletionAnswer | null {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const prefix = text.slice(lineStart, pos);
  if (inCommentOrString(prefix)) return null;
  const word = /[A-Za-z_]\w*$/.exec(prefix);
  // A number is not the start of a name ('12' in 'sma(close, 12').
  if (word && /\d$/.test(prefix.slice(0, word.index))) return null;
  if (!word && !explicit) return null;
  const from = word ? pos - word[0].length : pos;
  const typed = word?.[0] ?? '';

  const options: CompletionItem[] = [];
  const call = enclosingCall(prefix);
  for (const [name, doc] of call ? keywordArgs(call) : []) {
    options.push({ label: `${name}=`, type: 'property', detail: `${call} setting`, info: doc, boost: 2 });
  }
  // The program's bindings (not the one being typed on this line) come first: they are what one means most.
  const nl = text.indexOf('\n', pos);
  const own = bindingsOf(text.slice(0, lineStart) + (nl < 0 ? '' : text.slice(nl)));
  for (const b of own) {
    if (b.name === typed) continue;
    options.push({ label: b.name, type: 'variable', detail: b.detail, boost: 1 });
  }
  const ownNames = new Set(own.map((b) => b.name));
  for (const o of STATIC_OPTIONS) if (!ownNames.has(o.label)) options.push(o);
  return { from, options };
}
