import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { expectParityFigures } from '../testing/parity';
import { readShared, requireShared } from '../testing/shared';
import { main } from './cli';
import { CliError, type Io, processIo } from './io';

const SMA_CROSS = `strategy("SmaCross", capital=10000, fee=0.2%, units="whole")
fast = input(10, min=2, max=100)
slow = input(20, min=5, max=300)
f = sma(close, fast)
s = sma(close, slow)
if crossover(f, s):
    cover(market, 100%)
    buy(market, 100%)
if crossunder(f, s):
    sell(market, 100%)
    short(market, 100%)
`;

function fakeIo(files: Record<string, string> = {}, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readStdin: async () => stdin,
    readText: async (p) => {
      const name = p.replace('/work/test/', '');
      if (!(name in files)) throw new CliError(`cannot read ${p}: no such file`);
      return files[name];
    },
    writeText: async (p, t) => {
      files[p.replace('/work/test/', '')] = t;
    },
    cwd: '/work/test',
    env: {},
  };
  return { io, files, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('backtalk check', () => {
  it('passes a good program and reports errors with line, column and caret', async () => {
    const good = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main(['check', 'a.bt'], good.io)).toBe(0);
    expect(good.stdout()).toContain('✓ 0 errors, 0 warnings in 1 file');

    const bad = fakeIo({ 'b.bt': 'x = smaa(close, 10)\nif x > 1:\n    buy(market, 100%)\n' });
    expect(await main(['check', 'b.bt'], bad.io)).toBe(1);
    expect(bad.stderr()).toContain("error[unknown-function]: unknown function 'smaa' — did you mean 'sma'?");
    expect(bad.stderr()).toContain('--> b.bt:1:5');
    expect(bad.stderr()).toContain('  |     ^~~~');
    expect(bad.stderr()).toContain('✗ 1 error');
  });

  it('prints diagnostics as JSON', async () => {
    const t = fakeIo({ 'b.bt': 'if close > :\n    buy(market, 100%)\n' });
    expect(await main(['check', '--json', 'b.bt'], t.io)).toBe(1);
    const [report] = JSON.parse(t.stdout());
    expect(report.file).toBe('b.bt');
    expect(report.diagnostics[0]).toMatchObject({ code: 'unexpected-token', span: { line: 1, col: 12 } });
  });
});

describe('backtalk fmt', () => {
  it('prints, checks and writes the canonical layout', async () => {
    const messy = 'x=sma( close,10 )\nif close>x :\n  buy( market , 100% )\n';
    const print = fakeIo({ 'm.bt': messy });
    expect(await main(['fmt', 'm.bt'], print.io)).toBe(0);
    expect(print.stdout()).toBe('x = sma(close, 10)\nif close > x:\n    buy(market, 100%)\n');
    const chk = fakeIo({ 'm.bt': messy });
    expect(await main(['fmt', '--check', 'm.bt'], chk.io)).toBe(1);
    const write = fakeIo({ 'm.bt': messy });
    expect(await main(['fmt', '--write', 'm.bt'], write.io)).toBe(0);
    expect(write.files['m.bt']).toBe(print.stdout());
    const broken = fakeIo({ 'x.bt': 'if (:\n' });
    expect(await main(['fmt', 'x.bt'], broken.io)).toBe(1);
    expect(broken.stderr()).toContain('not formatted');
  });
});

describe('a .bt file saved with a byte order mark (as Notepad does)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bt-bom-'));
  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
  writeFileSync(join(dir, 'a.bt'), Buffer.concat([BOM, Buffer.from(SMA_CROSS)]));
  writeFileSync(
    join(dir, 'b.bt'),
    Buffer.concat([BOM, Buffer.from('x = smaa(close, 10)\nif x > 1:\n    buy(market, 100%)\n')]),
  );
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { ...processIo(), cwd: dir, out: (t) => out.push(t), err: (t) => err.push(t) };
    return { code: await main(argv, io), stdout: out.join(''), stderr: err.join('') };
  };

  it('checks, formats and backtests like the same file without it', async () => {
    expect(await run(['check', 'a.bt'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('✓ 0 errors'),
    });
    const fmt = await run(['fmt', '--check', 'a.bt']);
    expect(fmt.code, fmt.stderr).toBe(0);
    expect(await run(['fmt', '--write', 'a.bt'])).toMatchObject({ code: 0 });
    expect(readFileSync(join(dir, 'a.bt')).subarray(0, 3)).toEqual(BOM); // kept, like the rest of the file
    const bt = await run(['backtest', 'a.bt', '--json']);
    expect(bt.code, bt.stderr).toBe(0);
    expect(JSON.parse(bt.stdout).stats['# Trades']).toBeGreaterThan(0);
  });

  it('reports errors on the first line at the column an editor shows', async () => {
    const { code, stderr } = await run(['check', 'b.bt']);
    expect(code).toBe(1);
    expect(stderr).not.toContain('unexpected-char');
    expect(stderr).toContain('--> b.bt:1:5\n  |\n1 | x = smaa(close, 10)\n  |     ^~~~');
  });
});

describe('backtalk backtest', () => {
  it('runs on the default synthetic data and prints statistics and trades', async () => {
    const t = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main(['backtest', 'a.bt'], t.io)).toBe(0);
    const text = t.stdout();
    expect(text).toContain('synthetic:1:2500:1d (SYNTH, 1d, 2500 bars');
    expect(text).toMatch(/Equity Final \[\$\]\s+\$[\d,]+\.\d\d/);
    expect(text).toMatch(/Last \d+ of \d+ trades/);
  });

  it('reads the program from standard input and applies parameters', async () => {
    const t = fakeIo({}, SMA_CROSS);
    expect(await main(['backtest', '-', '--param', 'fast=15', '--json'], t.io)).toBe(0);
    const json = JSON.parse(t.stdout());
    expect(json.params).toEqual({ fast: 15, slow: 20 });
    expect(json.bars).toBe(2500);
    expect(Object.keys(json.stats)).toContain('Sharpe Ratio');
    expect(json.trades[0]).toHaveProperty('entryTime');
  });

  it('gives one clear line for bad input', async () => {
    const cases: [string[], number, RegExp][] = [
      [['backtest', 'missing.bt'], 1, /cannot read .*missing\.bt: no such file/],
      [['backtest', 'a.bt', '--data', 'nope:1'], 1, /unknown data source|nope/i],
      [['backtest', 'a.bt', '--param', 'fast'], 2, /--param 'fast' is not name=value/],
      [['backtest', 'a.bt', '--param', 'fast=1'], 1, /fast/],
      [['backtest', 'a.bt', '--from', 'yesterday'], 1, /cannot read date 'yesterday'/],
      [['backtest', 'a.bt', '--bogus'], 2, /Unknown option '--bogus'/],
      [['backtest'], 2, /no strategy file given/],
      [['bakctest'], 2, /did you mean 'backtest'/],
    ];
    for (const [argv, code, message] of cases) {
      const t = fakeIo({ 'a.bt': SMA_CROSS });
      expect(await main(argv, t.io), argv.join(' ')).toBe(code);
      expect(t.stderr(), argv.join(' ')).toMatch(message);
      expect(t.stderr()).not.toMatch(/\n\s+at /); // no stack trace
    }
  });
});

describe('backtalk sweep', () => {
  it('runs every combination and ranks them', async () => {
    const t = fakeIo({ 'a.bt': SMA_CROSS });
    const argv = [
      'sweep',
      'a.bt',
      '--grid',
      'fast=5:20:5',
      '--grid',
      'slow=10,30,50',
      '--where',
      'fast < slow',
    ];
    expect(await main([...argv, '--json', '--top', '100'], t.io)).toBe(0);
    const json = JSON.parse(t.stdout());
    // fast ∈ {5,10,15,20} × slow ∈ {10,30,50} with fast < slow: 3 + 2 + 2 + 2 = 9.
    expect(json.total).toBe(9);
    expect(json.runs).toHaveLength(9);
    const sharpe = json.runs.map(
      (r: { stats: Record<string, number> }) => r.stats['Sharpe Ratio'] ?? -Infinity,
    );
    expect(sharpe).toEqual([...sharpe].sort((a: number, b: number) => b - a));
    for (const r of json.runs) expect(r.params.fast).toBeLessThan(r.params.slow);

    const human = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main([...argv, '--rank', 'Return [%]', '--top', '3'], human.io)).toBe(0);
    expect(human.stdout()).toContain('9 combinations');
    expect(human.stdout().trim().split('\n')).toHaveLength(2 + 2 + 3);
  });

  it('explains bad grids and statistics', async () => {
    const cases: [string[], RegExp][] = [
      [['--grid', 'fats=1:5:1'], /no input 'fats' — did you mean 'fast'/],
      [['--grid', 'fast=5:1:1'], /empty/],
      [['--grid', 'fast=1:5'], /not from:to:step/],
      [['--grid', 'fast=5:10:1', '--rank', 'sharpe ratio'], /did you mean 'Sharpe Ratio'/],
      [['--grid', 'fast=5:10:1', '--where', 'fast <'], /not a comparison/],
      [[], /at least one --grid/],
    ];
    for (const [extra, message] of cases) {
      const t = fakeIo({ 'a.bt': SMA_CROSS });
      expect(await main(['sweep', 'a.bt', ...extra], t.io), extra.join(' ')).toBe(2);
      expect(t.stderr(), extra.join(' ')).toMatch(message);
    }
  });
});

describe('backtalk sweep --workers', () => {
  it('prints the same runs from worker threads as in this thread, and refuses a bad count', async () => {
    const argv = ['sweep', 'a.bt', '--grid', 'fast=5:20:5', '--grid', 'slow=10,30,50', '--json'];
    const here = fakeIo({ 'a.bt': SMA_CROSS });
    const there = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main(argv, here.io)).toBe(0);
    expect(await main([...argv, '--workers', '2'], there.io)).toBe(0);
    expect(there.stdout()).toBe(here.stdout());
    const bad = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main([...argv, '--workers', '0'], bad.io)).toBe(2);
    expect(bad.stderr()).toMatch(/--workers must be a whole number from 1 to 64/);
  }, 120_000);
});

describe('backtalk sweep --odds and walkforward', () => {
  const grid = ['--grid', 'fast=5:20:5', '--grid', 'slow=20:60:20', '--where', 'fast < slow'];

  it('sweep --odds adds the deflated Sharpe ratio and PBO with a reading', async () => {
    const t = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main(['sweep', 'a.bt', ...grid, '--odds', '--json'], t.io)).toBe(0);
    const json = JSON.parse(t.stdout());
    // fast 5..20 × slow 20, 40, 60 with fast < slow: 3 + 4 + 4.
    expect(json.total).toBe(11);
    expect(json.odds.pbo).toBeGreaterThanOrEqual(0);
    expect(json.odds.pbo).toBeLessThanOrEqual(1);
    expect(json.odds.deflatedSharpe).toBeLessThanOrEqual(json.odds.probabilisticSharpe);
    expect(json.odds.reading.startsWith(json.odds.verdict)).toBe(true);
    const human = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main(['sweep', 'a.bt', ...grid, '--odds'], human.io)).toBe(0);
    expect(human.stdout()).toMatch(/Overfitting odds over 11 trials: (likely overfit|doubtful|holds up)/);
  });

  it('walkforward picks each window in sample and chains the out-of-sample windows', async () => {
    const t = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main(['walkforward', 'a.bt', ...grid, '--is', '1000', '--oos', '500', '--json'], t.io)).toBe(
      0,
    );
    const json = JSON.parse(t.stdout());
    // 2,500 bars: out-of-sample windows start at 1000, 1500, 2000.
    expect(json.windows.map((w: { outOfSample: { from: number } }) => w.outOfSample.from)).toEqual([
      1000, 1500, 2000,
    ]);
    expect(json.windows[1].inSample).toMatchObject({ from: 500, to: 1500 });
    const product = json.windows.reduce(
      (g: number, w: { outOfSample: { stats: Record<string, number> } }) =>
        g * (1 + w.outOfSample.stats['Return [%]'] / 100),
      1,
    );
    expect(json.stats['Return [%]']).toBeCloseTo((product - 1) * 100, 6);
    const human = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main(['walkforward', 'a.bt', ...grid, '--split', '0.7'], human.io)).toBe(0);
    expect(human.stdout()).toContain('Walk-forward efficiency');
  });

  it('explains a missing or contradictory cut', async () => {
    const cases: [string[], RegExp][] = [
      [[], /--is BARS --oos BARS/],
      [['--split', '0.7', '--is', '100'], /either --split or --is/],
      [['--is', '10.5', '--oos', '5'], /whole number of bars/],
    ];
    for (const [extra, message] of cases) {
      const t = fakeIo({ 'a.bt': SMA_CROSS });
      expect(await main(['walkforward', 'a.bt', ...grid, ...extra], t.io), extra.join(' ')).toBe(2);
      expect(t.stderr(), extra.join(' ')).toMatch(message);
    }
    const t = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main(['walkforward', 'a.bt', ...grid, '--is', '2400', '--oos', '500'], t.io)).toBe(1);
    expect(t.stderr()).toMatch(/cannot hold one window/);
  });
});

describe('backtalk backtest --montecarlo', () => {
  it('adds seeded percentiles of reordered trades and resampled bars', async () => {
    const run = async (seed: string) => {
      const t = fakeIo({ 'a.bt': SMA_CROSS });
      expect(await main(['backtest', 'a.bt', '--montecarlo', '300', '--seed', seed, '--json'], t.io)).toBe(0);
      return JSON.parse(t.stdout()).montecarlo;
    };
    const a = await run('5');
    expect(a.runs).toBe(300);
    for (const p of [a.tradeOrder.maxDrawdownPct, a.bootstrap.returnPct, a.bootstrap.maxDrawdownPct]) {
      expect(p.p5).toBeLessThanOrEqual(p.p50);
      expect(p.p50).toBeLessThanOrEqual(p.p95);
    }
    expect(await run('5')).toEqual(a);
    expect((await run('6')).bootstrap).not.toEqual(a.bootstrap);
    const human = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main(['backtest', 'a.bt', '--montecarlo', '100'], human.io)).toBe(0);
    expect(human.stdout()).toMatch(/Monte Carlo, 100 runs[\s\S]*5th +50th +95th/);
    const bad = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main(['backtest', 'a.bt', '--montecarlo', 'lots'], bad.io)).toBe(2);
    expect(bad.stderr()).toMatch(/--montecarlo must be a number of runs/);
  });
});

describe('backtalk batch and portfolio', () => {
  const list = 'synthetic:1:800:1d,synthetic:2:800:1d,csv:missing.csv';

  it('batch runs the program on each market, keeps a failed market as a row, and gives the spread', async () => {
    const t = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main(['batch', 'a.bt', '--data', list, '--json'], t.io)).toBe(0);
    const json = JSON.parse(t.stdout());
    expect(json.markets.map((m: { symbol: string }) => m.symbol)).toHaveLength(3);
    const failed = json.markets.find((m: { error?: string }) => m.error);
    expect(failed.symbol).toBe('missing.csv');
    // Each row equals a backtest of that market alone.
    const one = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main(['backtest', 'a.bt', '--data', 'synthetic:2:800:1d', '--json'], one.io)).toBe(0);
    const alone = JSON.parse(one.stdout()).stats['Return [%]'];
    const row = json.markets.find((m: { symbol: string }) => m.symbol === 'synthetic:2:800:1d');
    expect(row.stats['Return [%]']).toBeCloseTo(alone, 10);
    const returns = json.markets
      .filter((m: { stats?: unknown }) => m.stats)
      .map((m: { stats: Record<string, number> }) => m.stats['Return [%]']);
    expect(json.spread['Return [%]'].median).toBeCloseTo((returns[0] + returns[1]) / 2, 10);
    const human = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main(['batch', 'a.bt', '--data', list], human.io)).toBe(0);
    expect(human.stdout()).toMatch(/2 of 3 markets ran/);
    expect(human.stdout()).toMatch(/missing.csv failed: /);
  });

  it('portfolio runs the markets in one account and refuses bad allocation flags', async () => {
    const program = SMA_CROSS.replace(
      /if crossunder[\s\S]*$/,
      'if crossunder(f, s):\n    sell(market, 100%)\n',
    ).replace('    cover(market, 100%)\n', '');
    const t = fakeIo({ 'p.bt': program });
    const data = ['--data', 'synthetic:1:800:1d,synthetic:2:800:1d,synthetic:3:800:1d'];
    expect(await main(['portfolio', 'p.bt', ...data, '--max-positions', '2', '--json'], t.io)).toBe(0);
    const json = JSON.parse(t.stdout());
    expect(json.markets).toHaveLength(3);
    const pnl = json.markets.reduce((s: number, m: { 'P&L': number }) => s + m['P&L'], 0);
    // Every cent of the account's result is some market's P&L.
    expect(json.stats['Equity Final [$]'] - 10_000).toBeCloseTo(pnl, 6);
    const cases: [string[], RegExp][] = [
      [['--max-positions', '0'], /--max-positions must be/],
      [['--rebalance', 'daily'], /--rebalance 'daily' is not one of/],
      [['--weights', 'a,b'], /--weights must be numbers/],
    ];
    for (const [extra, message] of cases) {
      const bad = fakeIo({ 'p.bt': program });
      expect(await main(['portfolio', 'p.bt', ...data, ...extra], bad.io), extra.join(' ')).toBe(2);
      expect(bad.stderr()).toMatch(message);
    }
    const shorts = fakeIo({ 'a.bt': SMA_CROSS });
    expect(await main(['portfolio', 'a.bt', ...data], shorts.io)).toBe(1);
    expect(shorts.stderr()).toMatch(/portfolios are long only/);
  });
});

describe('npx backtalk (the real binary)', () => {
  it('prints the parity figures for the program in parity.md', async () => {
    const GOOG = requireShared('data/GOOG.csv');
    const dir = mkdtempSync(join(tmpdir(), 'backtalk-'));
    const md = readShared('spec/parity.md');
    writeFileSync(join(dir, 'goog.bt'), md.match(/```\n(strategy\("SmaCross"[\s\S]*?)```/)![1]);
    const { stdout } = await promisify(execFile)(
      'node',
      [resolve('bin/backtalk.mjs'), 'backtest', 'goog.bt', '--data', `csv:${GOOG}`, '--json'],
      { cwd: dir },
    );
    const json = JSON.parse(stdout);
    expect(json.stats['Equity Final [$]'].toFixed(2)).toBe('56263.52');
    expect(json.stats['# Trades']).toBe(93);
    expect(json.stats['Sharpe Ratio'].toFixed(3)).toBe('0.601');
    expectParityFigures(json.stats); // every figure, Alpha and Beta included, survives the JSON printing
    expect(
      json.trades.slice(0, 3).map((t: { side: string; quantity: number }) => [t.side, t.quantity]),
    ).toEqual([
      ['short', 59],
      ['long', 52],
      ['short', 51],
    ]);
    expect(json.bars).toBe(2148);
  });
});
