// Seeded fuzzing: random and mutated programs never make the lexer, parser, checker, formatter or
// compiler throw, and every diagnostic's span lies inside the source with a consistent line and column.
import { describe, expect, it } from 'vitest';
import { checkSource } from './checker';
import { compile, isEvalFailure } from './compiler';
import type { Diagnostic } from './diagnostics';
import { format } from './formatter';
import { lex } from './lexer';
import { randomBars, rng, SAMPLES, specPrograms } from './testkit';

const SEEDS = [...SAMPLES, ...specPrograms().map((p) => p.source)];
const TOKENS = [
  'if',
  'elif',
  'else',
  'and',
  'or',
  'not',
  'true',
  'false',
  'market',
  'na',
  'close',
  'open',
  'x',
  'sma',
  'rsi',
  'macd',
  'bb',
  'iff',
  'input',
  'strategy',
  'buy',
  'sell',
  'exit',
  'stop_loss',
  '(',
  ')',
  '[',
  ']',
  ',',
  ':',
  '=',
  '==',
  '<',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '5%',
  '14',
  '0.5',
  '1e-3',
  '1e308',
  '9'.repeat(400),
  '"t"',
  '"',
  '\\',
  '\n',
  '\n    ',
  '\n\t',
  '    ',
  '#c',
  '//c',
  '@',
  '\r\n',
  '\u00e9',
];

function checkSpans(src: string, ds: readonly Diagnostic[]): void {
  for (const d of ds) {
    const { offset, length, line, col } = d.span;
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(length).toBeGreaterThanOrEqual(0);
    expect(offset + length).toBeLessThanOrEqual(src.length);
    const before = src.slice(0, offset);
    expect(line).toBe(before.split('\n').length);
    expect(col).toBe(offset - before.lastIndexOf('\n'));
  }
}

function mutate(src: string, r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  let s = src;
  const edits = 1 + Math.floor(r() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (s.length + 1));
    const len = 1 + Math.floor(r() * 8);
    switch (Math.floor(r() * 7)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + len);
        break;
      case 1:
        s = s.slice(0, at) + pick(TOKENS) + s.slice(at);
        break;
      case 2:
        s = s.slice(0, at) + s.slice(at, at + len).repeat(2 + Math.floor(r() * 3)) + s.slice(at + len);
        break;
      case 3: {
        const toks = lex(s).tokens.filter((t) => t.span.length > 0);
        if (toks.length < 2) break;
        const t = pick(toks);
        const u = pick(toks);
        const a = s.slice(t.span.offset, t.span.offset + t.span.length);
        s = s.slice(0, u.span.offset) + a + s.slice(u.span.offset);
        break;
      }
      case 4:
        s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 128)) + s.slice(at);
        break;
      case 5: {
        const lines = s.split('\n');
        const i = Math.floor(r() * lines.length);
        lines.splice(i, 0, lines[Math.floor(r() * lines.length)]);
        s = lines.join('\n');
        break;
      }
      default:
        s =
          s.slice(0, at) +
          s.slice(at + len).replace(/\b\d+\b/, pick(['0', '-1', '1e999', '1.5', '99999999']));
    }
  }
  return s;
}

function randomTokens(r: () => number): string {
  const n = 1 + Math.floor(r() * 60);
  return Array.from({ length: n }, () => TOKENS[Math.floor(r() * TOKENS.length)]).join(r() < 0.5 ? ' ' : '');
}

function deep(r: () => number): string {
  const d = 10 + Math.floor(r() * 40);
  switch (Math.floor(r() * 4)) {
    case 0:
      return `x = ${'sma('.repeat(d)}close${', 2)'.repeat(d)}\n`;
    case 1:
      return (
        Array.from({ length: d }, (_, i) => `${'  '.repeat(i)}if close > open:`).join('\n') +
        `\n${'  '.repeat(d)}buy(market)\n`
      );
    case 2:
      return `x = ${Array.from({ length: d * 3 }, () => 'close').join(' + ')}\n`;
    default:
      return `if ${'not '.repeat(d)}(close > open)${' and true'.repeat(d)}:\n    buy(market)\n`;
  }
}

const bars = randomBars(120, 1);

describe('fuzz', () => {
  it('never throws on 3000 random and mutated programs; spans stay inside the source', () => {
    const r = rng(20240601);
    let maxMs = 0;
    let compiled = 0;
    for (let i = 0; i < 3000; i++) {
      const kind = i % 10;
      const src = kind < 7 ? mutate(SEEDS[i % SEEDS.length], r) : kind < 9 ? randomTokens(r) : deep(r);
      const t0 = performance.now();
      const res = checkSource(src);
      const f = format(src);
      maxMs = Math.max(maxMs, performance.now() - t0);
      checkSpans(src, res.diagnostics);
      checkSpans(src, f.diagnostics);
      if (f.diagnostics.every((d) => d.severity !== 'error')) expect(format(f.text).text).toBe(f.text);
      if (res.checked.ok) {
        const ev = compile(res.checked).evaluate(bars);
        if (isEvalFailure(ev)) checkSpans(src, ev.diagnostics);
        compiled++;
      }
    }
    console.info(
      `fuzz: max parse+check+format time ${maxMs.toFixed(1)} ms; ${compiled} programs compiled and ran`,
    );
    expect(compiled).toBeGreaterThan(100);
  });
});
