// Every English name of an indicator is the engine registry's (title / short): the nl questions, the
// phrases of parsed rules and the schema's confirmation text cannot disagree.
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, getFunction } from '../../engine';
import type { StrategySpec } from '../../schema';
import { Phrases } from '../../schema';
import { plainTitleOf, titleOf } from './lexicon';
import { opText } from './phrase';

const AVERAGES = FUNCTIONS.filter((f) => f.category === 'moving average').map((f) => f.name);

function schemaPhrase(fn: string, args: StrategySpec['indicators'][number]['args']): string {
  const spec = { indicators: [{ id: 'x', fn, args }], inputs: [] } as unknown as StrategySpec;
  return new Phrases(spec).indicator('x');
}

describe('indicator names come from the registry', () => {
  it('names each moving average alike in questions, rule phrases and the confirmation text', () => {
    expect(AVERAGES).toEqual(expect.arrayContaining(['sma', 'ema', 'wma', 'rma', 'hma', 'vwma']));
    for (const fn of AVERAGES) {
      const spec = getFunction(fn)!;
      expect(titleOf(fn)).toBe(spec.title);
      expect(opText({ k: 'ind', fn, params: [20], offset: 0 })).toBe(`the 20-day ${plainTitleOf(fn)}`);
      expect(schemaPhrase(fn, [{ field: 'close' }, { value: 20 }])).toBe(
        `the 20-bar ${spec.short} of the close`,
      );
    }
  });

  it("says Wilder's moving average one way (the registry's), with RMA as its label", () => {
    expect(titleOf('rma')).toBe("Wilder's moving average (RMA)");
    expect(plainTitleOf('rma')).toBe("Wilder's moving average");
    expect(opText({ k: 'ind', fn: 'rma', params: [14], offset: 0 })).toBe(
      "the 14-day Wilder's moving average",
    );
    expect(schemaPhrase('rma', [{ field: 'close' }, { value: 14 }])).toBe('the 14-bar RMA of the close');
    expect(getFunction('rma')!.summary.startsWith("Wilder's moving average")).toBe(true);
  });

  it('labels oscillators by the registry short name', () => {
    expect(schemaPhrase('willr', [{ value: 14 }])).toBe('Williams %R(14)');
    expect(schemaPhrase('cci', [{ value: 20 }])).toBe('CCI(20)');
  });

  it('falls back to the name for a function without a title', () => {
    const untitled = FUNCTIONS.filter((f) => f.title === f.name);
    for (const f of untitled) expect(f.short).toBe(f.name.toUpperCase());
    expect(titleOf('no-such-function')).toBe('no-such-function');
  });
});
