// The language's function reference as markdown (docs/functions.md), generated from the registry so
// that the docs can never disagree with the checker, the schema or the prompt. `npm run docs` writes it.
import { FUNCTIONS } from './registry';
import type { ArgSpec, FunctionCategory, FunctionSpec } from './spec';

const ORDER: readonly FunctionCategory[] = [
  'moving average',
  'oscillator',
  'volatility',
  'trend',
  'volume',
  'window',
  'event',
  'math',
];

function argCell(a: ArgSpec): string {
  const bounds = a.min === undefined && a.max === undefined ? '' : ` ${a.min ?? '−∞'}…${a.max ?? '∞'}`;
  const dflt = a.default === undefined ? '' : ` = ${a.default}`;
  return `\`${a.name}\` ${a.kind}${bounds}${dflt}`;
}

/** Warm-up with each argument at its default (or a typical period), in words. */
function warmupText(f: FunctionSpec): string {
  const value = (a: ArgSpec) => a.default ?? 14;
  const consts = f.args.map((a) => (a.kind === 'series' ? Number.NaN : value(a)));
  const example = f.args
    .filter((a) => a.kind !== 'series')
    .map((a) => `${a.name}=${value(a)}`)
    .join(', ');
  return `${f.warmup(consts)} bars${example ? ` (${example})` : ''}`;
}

function entry(f: FunctionSpec): string {
  const sig = `${f.name}(${f.args.map((a) => a.name).join(', ')})`;
  const outs = f.returns === 'boolean' ? 'condition' : f.outputs.join(', ');
  const lines = [
    `### \`${sig}\``,
    '',
    f.summary,
    '',
    `- Arguments: ${f.args.length ? f.args.map(argCell).join('; ') : 'none'}`,
    `- Returns: ${outs}${f.outputs.length > 1 ? ` (a tuple: \`[${f.outputs.join(', ')}] = ${sig}\`)` : ''}`,
    `- Reads: ${f.fields.length ? f.fields.join(', ') : 'its arguments only'}`,
    `- Warm-up: ${warmupText(f)}`,
    `- Convention: ${f.reference}`,
  ];
  return lines.join('\n');
}

export function functionsMarkdown(): string {
  const parts = [
    '# Built-in functions',
    '',
    '<!-- Generated from lib/engine/indicators/registry.ts by `npm run docs`; do not edit by hand. -->',
    '',
    `${FUNCTIONS.length} functions. Every series function returns a series as long as its input, \`na\` during its warm-up.`,
  ];
  for (const cat of ORDER) {
    const fs = FUNCTIONS.filter((f) => f.category === cat);
    if (!fs.length) continue;
    parts.push('', `## ${cat[0].toUpperCase()}${cat.slice(1)}`, '', fs.map(entry).join('\n\n'));
  }
  return `${parts.join('\n')}\n`;
}
