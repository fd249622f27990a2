// The generated half of lib/dsl/README.md: the strategy settings (validate.ts), the function reference
// (from the engine's registry), the special forms (forms.ts), the diagnostic codes and the limits, so
// the docs cannot disagree with the checker, the schema or the prompt. `npm run docs` rewrites the README between its markers; a test fails when they drift.

import type { ArgSpec, FunctionCategory, FunctionSpec } from '../engine';
import { FUNCTIONS } from '../engine';
import {
  DIAGNOSTIC_CODES,
  type DiagnosticCode,
  MAX_DEPTH,
  MAX_DIAGNOSTICS,
  MAX_EXPR_HEIGHT,
  MAX_SOURCE_BYTES,
  MAX_STATEMENTS,
  severityOf,
} from './diagnostics';
import { FORMS } from './forms';
import { SETTING_DOCS, SETTING_KEYS } from './validate';

export const BEGIN = '<!-- BEGIN GENERATED: npm run docs -->';
export const END = '<!-- END GENERATED -->';

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

/** Warm-up with each period at its default (or a typical 14), in words; numbers (mult) never change it. */
function warmupText(f: FunctionSpec): string {
  const value = (a: ArgSpec) => a.default ?? 14;
  const consts = f.args.map((a) => (a.kind === 'series' ? Number.NaN : value(a)));
  const example = f.args
    .filter((a) => a.kind === 'period')
    .map((a) => `${a.name}=${value(a)}`)
    .join(', ');
  return `${f.warmup(consts)} bars${example ? ` (${example})` : ''}`;
}

function entry(f: FunctionSpec): string {
  const sig = `${f.name}(${f.args.map((a) => a.name).join(', ')})`;
  const outs = f.returns === 'boolean' ? 'condition' : f.outputs.join(', ');
  const lines = [
    `#### \`${sig}\``,
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

function functionsSection(): string {
  const parts = [
    '## Built-in functions',
    '',
    `${FUNCTIONS.length} functions. Every series function returns a series as long as its input, \`na\` during its warm-up.`,
  ];
  for (const cat of ORDER) {
    const fs = FUNCTIONS.filter((f) => f.category === cat);
    if (!fs.length) continue;
    parts.push('', `### ${cat[0].toUpperCase()}${cat.slice(1)}`, '', fs.map(entry).join('\n\n'));
  }
  return parts.join('\n');
}

function formsSection(): string {
  const parts = [
    '## Special forms',
    '',
    'Calls the language handles itself rather than the indicator registry (lib/dsl/forms.ts).',
  ];
  for (const f of FORMS) {
    parts.push(
      '',
      `#### \`${f.signature}\``,
      '',
      f.summary,
      '',
      `- Arguments: ${f.args.map((a) => `\`${a.name}\` ${a.doc}`).join('; ')}`,
      `- Returns: ${f.returns}`,
      ...f.rules.map((r) => `- ${r}`),
      `- Example: \`${f.example}\``,
    );
  }
  return parts.join('\n');
}

function diagnosticsSection(): string {
  const rows = (Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[]).map(
    (c) => `| \`${c}\` | ${severityOf(c)} | ${DIAGNOSTIC_CODES[c].replace(/\|/g, '\\|')} |`,
  );
  return ['## Diagnostic codes', '', '| code | severity | meaning |', '| --- | --- | --- |', ...rows].join(
    '\n',
  );
}

function settingsSection(): string {
  const rows = SETTING_KEYS.map((k) => {
    const d = SETTING_DOCS[k];
    return `| \`${k}\` | ${d.values} | ${d.default} | ${d.meaning} |`;
  });
  return [
    '## Strategy settings',
    '',
    '`strategy("title", key=value, …)`: every setting is optional. Percentages are written `0.1%`.',
    '',
    '| setting | values | default | meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function limitsSection(): string {
  return [
    '## Limits',
    '',
    `- source: at most ${MAX_SOURCE_BYTES} bytes; ${MAX_STATEMENTS} statements`,
    `- nesting: blocks ${MAX_DEPTH} deep, expressions ${MAX_EXPR_HEIGHT} high`,
    `- diagnostics: the first ${MAX_DIAGNOSTICS} are reported`,
  ].join('\n');
}

/** The generated part of the README, markers included. */
export function referenceMarkdown(): string {
  return [
    BEGIN,
    '',
    settingsSection(),
    '',
    functionsSection(),
    '',
    formsSection(),
    '',
    diagnosticsSection(),
    '',
    limitsSection(),
    '',
    END,
  ].join('\n');
}

/** The README with its generated part replaced; throws when the markers are missing. */
export function withReference(readme: string): string {
  const a = readme.indexOf(BEGIN);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`lib/dsl/README.md lacks the markers ${BEGIN} … ${END}`);
  return `${readme.slice(0, a)}${referenceMarkdown()}${readme.slice(b + END.length)}`;
}
