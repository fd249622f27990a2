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
});
