// The mutation report's tables: the score Stryker gives, and the day each file was measured kept from
// one scores table to the next.
import { describe, expect, it } from 'vitest';
import { datesOf, scoreOf, scoresMarkdown } from './mutate';

const at = { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } };
const mutants = (...statuses: string[]) =>
  statuses.map((status, i) => ({ id: String(i), mutatorName: 'X', location: at, status }));

describe('mutation scores', () => {
  it('count killed and timed-out mutants as detected, survivors and uncovered ones as not, errors and ignored ones in neither', () => {
    const m = mutants('Killed', 'Timeout', 'Survived', 'NoCoverage', 'Ignored', 'CompileError', 'Killed');
    expect(scoreOf(m)).toEqual({ detected: 3, undetected: 2, score: 60 });
    expect(scoreOf([])).toEqual({ detected: 0, undetected: 0, score: 100 });
  });

  it('keep the day each file was measured from one table to the next', () => {
    const report = {
      files: {
        'lib/a.ts': { source: 'x', mutants: mutants('Killed', 'Killed', 'Survived', 'Timeout') },
        'lib/b.ts': { source: 'y', mutants: mutants('NoCoverage', 'Ignored') },
      },
    };
    const table = scoresMarkdown(report, new Map([['lib/a.ts', '2026-12-08']]));
    expect(table).toContain('| lib/a.ts | 4 | 2 | 1 | 1 | 0 | 0 | 75.0% **below** | 2026-12-08 |');
    expect(table).toContain('| lib/b.ts | 2 | 0 | 0 | 0 | 1 | 1 | 0.0% **below** | unknown |');
    expect([...datesOf(table)]).toEqual([['lib/a.ts', '2026-12-08']]);
  });
});
