// Which version a rerun uses: the newest saved without errors, so a broken edit saved on top of a working
// program never stops its schedule (the version menu marks the broken one; the run records v1).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LoadedData, synthetic } from '../lib/data';
import { outcomeOf, type ProgramRunner, runProgram } from '../lib/dsl';
import { EXAMPLES } from '../lib/examples';
import type { Store } from '../lib/store';
import { openStore } from '../lib/store/server';
import { runStrategy } from './run';

const bars = synthetic({ seed: 2, bars: 300 });
const loaded: LoadedData = {
  bars,
  source: 'synthetic:2:300:1d',
  symbol: 'SYNTH',
  timeframe: '1d',
  issues: [],
};
const ran: string[] = [];
const run: ProgramRunner = async (source, b, opts) => {
  ran.push(source);
  return outcomeOf(runProgram(source, b, opts));
};

let store: Store;
beforeEach(async () => {
  store = await openStore({ path: join(mkdtempSync(join(tmpdir(), 'bt-run-')), 'test.duckdb') });
  ran.length = 0;
});
afterEach(() => store.close());

describe('runStrategy', () => {
  it('runs the last version without errors when the head has errors, and the head once it is fixed', async () => {
    const good = EXAMPLES[0].source;
    const s = await store.strategies.create({ name: 'S', kind: 'hand', source: good });
    const deps = { store, load: async () => loaded, run };
    await store.strategies.saveVersion(s.id, { source: `${good}\nx = nosuch(close)\n` });
    const first = await runStrategy(deps, { strategyId: s.id, trigger: 'manual' });
    expect([first.version, first.status]).toEqual([1, 'ok']);
    expect(ran).toEqual([good]);
    const fixed = `${good}\n// fixed\n`;
    await store.strategies.saveVersion(s.id, { source: fixed });
    const second = await runStrategy(deps, { strategyId: s.id, trigger: 'manual' });
    expect([second.version, second.status]).toEqual([3, 'ok']);
    expect(ran).toEqual([good, fixed]);
  });

  it("passes the data's declared timeframe to htf: gappy daily bars are not taken for 3d bars", async () => {
    // A daily CSV that traded only every third day: the spacing alone says 3d, on which weeks cannot be
    // built (htf-lower); declared 1d, the weekly filter runs.
    const time = bars.time.map((_, i) => Date.UTC(2021, 0, 4) + i * 3 * 86_400_000);
    const gappy = { ...bars, time };
    const source = `strategy("weekly filter")
weekly_up = htf("1w", close) > htf("1w", sma(close, 20))
if crossover(close, sma(close, 10)) and weekly_up:
    buy(market, 100%)
`;
    const s = await store.strategies.create({ name: 'W', kind: 'hand', source });
    const seen: (string | undefined)[] = [];
    const spy: ProgramRunner = async (src, b, opts) => {
      seen.push(opts?.timeframe);
      return run(src, b, opts);
    };
    const declared = await runStrategy(
      { store, load: async () => ({ ...loaded, bars: gappy, timeframe: '1d' }), run: spy },
      { strategyId: s.id, trigger: 'manual' },
    );
    expect([declared.status, declared.bars, seen]).toEqual(['ok', 300, ['1d']]);
    // Without a declared timeframe ('auto') the same bars are inferred 3d and refused.
    await expect(
      runStrategy(
        { store, load: async () => ({ ...loaded, bars: gappy, timeframe: 'auto' }), run: spy },
        { strategyId: s.id, trigger: 'manual' },
      ),
    ).rejects.toThrow(/htf-lower.*1w is not a whole number of 3d bars/);
  });
});
