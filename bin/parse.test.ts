import { describe, expect, it } from 'vitest';
import { checkSource } from '../lib/dsl';
import { main } from './cli';
import type { Io } from './io';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    readStdin: async () => '',
    readText: async () => '',
    writeText: async () => {},
    cwd: '/tmp',
    env: {}, // no OPENAI_API_KEY: the offline parser answers
  };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('backtalk parse', () => {
  it('prints the strategy as JSON with exit 0', async () => {
    const t = io();
    const code = await main(
      ['parse', '--json', 'Go long AAPL when RSI(14) drops below 30 and exit when it rises above 70.'],
      t.io,
    );
    expect(code).toBe(0);
    const json = JSON.parse(t.stdout());
    expect(json).toMatchObject({ ok: true, source: 'offline' });
    expect(json.spec.market.symbol).toBe('AAPL');
    expect(typeof json.summary).toBe('string');
    expect(json.assumptions).toContain('long only');
    expect(checkSource(json.program).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('asks a question with exit 3 when the request is unclear', async () => {
    const t = io();
    expect(
      await main(
        ['parse', '--json', '--offline', 'Buy Apple whenever the 10-day EMA crosses above the 30-day EMA.'],
        t.io,
      ),
    ).toBe(3);
    const json = JSON.parse(t.stdout());
    expect(json.ok).toBe(false);
    expect(json.question).toMatch(/sell|exit|stop/i);
    const human = io();
    expect(await main(['parse', 'buy when it is cheap'], human.io)).toBe(3);
    expect(human.stdout().length).toBeGreaterThan(20);
  });

  it("prints the card's words not used, and keeps readings apart from defaults", async () => {
    const t = io();
    const text =
      'my strat: btc, 1h candles. 8ema/34ema crossover for entries and exits + a 3.5% trailing stop pls';
    expect(await main(['parse', '--offline', text], t.io)).toBe(0);
    const out = t.stdout();
    expect(out).toContain("Not used: 'my strat', 'pls'");
    expect(out).toMatch(/^Read as: "btc" read as BTC\/USDT$/m);
    expect(out).toMatch(/^Assumed \(you did not say\): .*no fee/m);
    expect(out.match(/^Assumed.*$/m)?.[0]).not.toContain('read as');
  });

  it('needs some text', async () => {
    const t = io();
    expect(await main(['parse', '  '], t.io)).toBe(2);
    expect(t.stderr()).toMatch(/needs the strategy in words/);
  });
});
