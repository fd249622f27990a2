// tradePass (stats-passes.ts) against plain loops over random trade logs: wins and losses, best and
// worst, returns, commissions, durations, P&L mean and spread, and the bars covered by closed trades
// (overlaps counted once, in entry order or not). Open trades after the closed ones are left out.
import { describe, expect, it } from 'vitest';
import * as P from './stats-passes';
import { rng } from './testkit';
import { TradeLog } from './trades';

const DAY = 86_400_000;
/** Equal numbers (0 and -0 alike), or both NaN. */
const same = (x: number, y: number) =>
  expect(x === y || (Number.isNaN(x) && Number.isNaN(y)), `${x} vs ${y}`).toBe(true);

describe('tradePass', () => {
  it('gives the figures of plain loops on 300 random trade logs', () => {
    const r = rng(23);
    for (let seed = 0; seed < 300; seed++) {
      const n = 5 + Math.floor(r() * 30);
      const time = Float64Array.from({ length: n }, (_, i) => i * DAY + (i > 3 ? DAY : 0));
      const log = new TradeLog(1, time);
      const k = Math.floor(r() * 6);
      const sorted = seed % 3 !== 0;
      let at = 0;
      const rows: { a: number; b: number; pnl: number; ret: number; fees: number }[] = [];
      for (let i = 0; i < k; i++) {
        const a = sorted ? Math.min(n - 1, at + Math.floor(r() * 4)) : Math.floor(r() * n);
        const b = Math.min(n - 1, a + Math.floor(r() * 5));
        at = a;
        const entry = 100;
        // Exit prices include the entry price itself (P&L 0 before fees) now and then.
        const exit = r() < 0.2 ? entry : 80 + Math.floor(r() * 40);
        const fees = r() < 0.5 ? 0 : Math.floor(r() * 3);
        const side = r() < 0.5 ? 1 : -1;
        log.push(side, 2, a, entry, b, exit, fees, 0, false);
        rows.push({
          a,
          b,
          pnl: side * 2 * (exit - entry) - fees,
          ret: side * (exit / entry - 1) - fees / 200,
          fees,
        });
      }
      if (r() < 0.5) log.push(1, 1, n - 2, 100, n - 1, 1000, 0, 0, true);
      log.fillTimes();
      P.tradePass(log, n);
      const o = P.out;
      const wins = rows.filter((t) => t.pnl > 0);
      const losses = rows.filter((t) => t.pnl < 0);
      const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
      const rets = rows.map((t) => t.ret);
      const days = rows.map((t) => (time[t.b] - time[t.a]) / DAY);
      const pl = rows.map((t) => t.pnl);
      const mean = k ? sum(pl) / k : Number.NaN;
      const std = k > 1 ? Math.sqrt(sum(pl.map((p) => (p - mean) ** 2)) / (k - 1)) : Number.NaN;
      const held = new Set(rows.flatMap((t) => Array.from({ length: t.b - t.a + 1 }, (_, j) => t.a + j)));
      const at_ = `seed ${seed}`;
      expect([o[P.TR_WINS], o[P.TR_LOSSES]], at_).toEqual([wins.length, losses.length]);
      expect(o[P.TR_WIN_SUM]).toBeCloseTo(sum(wins.map((t) => t.pnl)), 9);
      expect(o[P.TR_LOSS_SUM]).toBeCloseTo(-sum(losses.map((t) => t.pnl)), 9);
      same(o[P.TR_BEST], k ? Math.max(...rets) : Number.NaN);
      same(o[P.TR_WORST], k ? Math.min(...rets) : Number.NaN);
      expect(o[P.TR_POS_RET]).toBeCloseTo(sum(rets.filter((x) => x > 0)), 12);
      expect(o[P.TR_NEG_RET]).toBeCloseTo(-sum(rets.filter((x) => x < 0)), 12);
      expect(o[P.TR_RET_SUM]).toBeCloseTo(sum(rets), 12);
      expect(o[P.TR_COMMISSIONS]).toBe(sum(rows.map((t) => t.fees)));
      same(o[P.TR_DUR_MAX], k ? Math.max(...days) : Number.NaN);
      expect(o[P.TR_DUR_SUM]).toBe(sum(days));
      if (k) expect(o[P.TR_PL_MEAN]).toBeCloseTo(mean, 9);
      else expect(o[P.TR_PL_MEAN]).toBeNaN();
      if (k > 1) expect(o[P.TR_PL_STD]).toBeCloseTo(std, 9);
      else expect(o[P.TR_PL_STD]).toBeNaN();
      expect(o[P.TR_EXPOSED], at_).toBe(held.size);
    }
  });
});
