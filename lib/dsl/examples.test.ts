// Every program of the shared spec parses, checks with no error, evaluates, formats and round-trips.
import { describe, expect, it } from 'vitest';
import { stripSpans } from './ast';
import { checkSource } from './checker';
import { compile, isEvalFailure } from './compiler';
import { format } from './formatter';
import { parse } from './parser';
import { formatDiagnostics } from './print';
import { randomBars, specPrograms } from './testkit';

const programs = specPrograms();
const bars = randomBars(600, 11);

describe('shared spec programs (../shared/spec)', () => {
  it('finds the programs of dsl.md, parity.md and nl-examples.jsonl', () => {
    expect(programs.filter((p) => p.name.startsWith('dsl.md')).length).toBeGreaterThanOrEqual(1);
    expect(programs.filter((p) => p.name.startsWith('parity.md')).length).toBe(1);
    expect(programs.filter((p) => p.name.startsWith('nl-examples')).length).toBeGreaterThanOrEqual(11);
  });

  for (const { name, source } of programs) {
    describe(name, () => {
      it('parses and checks with zero errors', () => {
        const { checked, diagnostics } = checkSource(source);
        const errors = diagnostics.filter((d) => d.severity === 'error');
        expect(formatDiagnostics(source, errors)).toBe('');
        expect(checked.ok).toBe(true);
      });

      it('evaluates on bars: one rule per order statement, masks of the bars length', () => {
        const { checked } = checkSource(source);
        const ev = compile(checked).evaluate(bars);
        if (isEvalFailure(ev)) throw new Error(formatDiagnostics(source, ev.diagnostics));
        const orders = (source.match(/\b(buy|sell|short|cover|exit)\(/g) ?? []).length;
        expect(ev.rules).toHaveLength(orders);
        for (const r of ev.rules) expect(r.when).toHaveLength(bars.close.length);
        expect(ev.rules.some((r) => r.when.some((x) => x === 1))).toBe(true);
        expect(ev.warmup).toBeGreaterThan(0);
        expect(ev.warmup).toBeLessThan(bars.close.length);
      });

      it('formats idempotently and round-trips to the same tree', () => {
        const once = format(source);
        expect(once.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(format(once.text).text).toBe(once.text);
        expect(stripSpans(parse(once.text).program)).toEqual(stripSpans(parse(source).program));
      });
    });
  }
});
