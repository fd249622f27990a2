import { describe, expect, it } from 'vitest';
import { synthetic } from '../data';
import { format, runProgram } from '../dsl';
import { EXAMPLES } from '.';

describe('example strategies', () => {
  const bars = synthetic({ seed: 1, bars: 2500 });
  for (const ex of EXAMPLES) {
    it(`${ex.id}: checks without a diagnostic, is formatted, and trades`, () => {
      const run = runProgram(ex.source, bars);
      if (!run.ok) throw new Error(run.report);
      expect(run.diagnostics).toEqual([]);
      expect(format(ex.source).text).toBe(ex.source);
      expect(run.stats['# Trades']).toBeGreaterThan(3);
      expect(run.compiled.inputs.length).toBeGreaterThan(1);
    });
  }
});
