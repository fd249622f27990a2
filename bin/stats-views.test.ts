// One run, every view: the workspace's stats table and the chat card (lib/ui/stats), the reports
// (lib/report), their HTML export and the CLI show each statistic as the same string (issue 12).
import { describe, expect, it } from 'vitest';
import {
  computeStats,
  formatStat,
  type SimResult,
  STAT_NAMES,
  type StatName,
  type Stats,
  TradeLog,
} from '../lib/engine';
import { formatStat as reportFormat } from '../lib/report';
import { escapeHtml, type RunReportInput, runReportHtml } from '../lib/report/server';
import { HEADLINE_STATS, STAT_GROUPS, formatStat as workspaceFormat } from '../lib/ui';
import { fmtStat, statsTable } from './output';

const DAY = 86_400_000;

/** A small real run: statistics from the engine on a hand-made equity curve and two trades. */
function aRun(): Stats {
  const n = 60;
  const time = Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * DAY);
  const close = Float64Array.from({ length: n }, (_, i) => 100 + 8 * Math.sin(i / 7) + i / 5);
  const equity = Float64Array.from(close, (c, i) => 10_000 + (c - 100) * 37 - (i % 11) * 4);
  const log = new TradeLog(32, time);
  log.push(1, 10, 5, close[5]!, 20, close[20]!, 1, 0, false);
  log.push(-1, 5, 30, close[30]!, 50, close[50]!, 1, 0, false);
  const sim = { equity, trades: log.finish() } as Pick<SimResult, 'equity' | 'trades'>;
  const bars = { time, open: close, high: close, low: close, close, volume: new Float64Array(n) };
  return computeStats(bars, sim);
}

function reportInput(stats: Stats): RunReportInput {
  return {
    strategy: { id: 's1', name: 'Views' },
    run: {
      id: 'r1',
      version: 1,
      trigger: 'manual',
      status: 'ok',
      error: null,
      attempt: 1,
      startedAt: Date.UTC(2025, 0, 2),
      finishedAt: Date.UTC(2025, 0, 2, 0, 0, 1),
      dataFrom: null,
      dataTo: null,
      bars: 60,
      signal: null,
      stats,
      returnPct: stats['Return [%]'],
      sharpe: stats['Sharpe Ratio'],
      maxDrawdownPct: stats['Max. Drawdown [%]'],
      tradeCount: stats['# Trades'],
      equityFinal: stats['Equity Final [$]'],
      trades: [],
      equity: null,
      equityTime: null,
    },
    version: null,
    previous: null,
    generatedAt: Date.UTC(2025, 0, 3),
  } as unknown as RunReportInput;
}

describe('every view shows a statistic the same way', () => {
  const stats = aRun();
  const shown = (k: (typeof STAT_NAMES)[number]) => formatStat(k, stats[k]);

  it('uses one formatter: the workspace, chat card, reports and CLI all call the engine one', () => {
    expect(workspaceFormat).toBe(formatStat);
    expect(reportFormat).toBe(formatStat);
    for (const k of STAT_NAMES) expect(fmtStat(k, stats[k])).toBe(shown(k));
  });

  it('prints the same string in the HTML export, its figure cards and the CLI table', () => {
    const html = runReportHtml(reportInput(stats));
    const table = statsTable(stats);
    for (const k of STAT_NAMES) {
      expect(html, k).toContain(
        `<th scope="row">${escapeHtml(k)}</th><td class="num">${escapeHtml(shown(k))}</td>`,
      );
      const line = table.split('\n').find((l) => l.startsWith(`${k} `));
      expect(line?.trimEnd().endsWith(` ${shown(k)}`), `${k}: ${line}`).toBe(true);
    }
    expect(html).toContain(`<div class="value">${escapeHtml(shown('Sharpe Ratio'))}</div>`);
    expect(html).toContain(`<div class="value">${escapeHtml(shown('Equity Final [$]'))}</div>`);
  });

  it('shows the Sharpe ratio to three decimals everywhere (0.037, not 0.04)', () => {
    expect(formatStat('Sharpe Ratio', 0.0371)).toBe('0.037');
    expect(fmtStat('Sharpe Ratio', 0.0371)).toBe('0.037');
    expect(reportFormat('Sharpe Ratio', 0.0371)).toBe('0.037');
  });

  it('groups and headlines only real statistic names, each once', () => {
    const grouped = STAT_GROUPS.flatMap((g) => g.names);
    expect(new Set(grouped).size).toBe(grouped.length);
    expect([...grouped].sort()).toEqual([...STAT_NAMES].sort());
    for (const h of HEADLINE_STATS) expect(STAT_NAMES).toContain(h);
    const risk = STAT_GROUPS.find((g) => g.title === 'Risk')?.names;
    expect(risk?.[0]).toBe('Volatility (Ann.) [%]');
    expect(STAT_GROUPS[0]?.names.at(-1)).toBe('CAGR [%]');
  });
});

describe('statistic names are typed', () => {
  it('refuses a misspelt statistic name at typecheck', () => {
    const names: StatName[] = ['Sharpe Ratio', 'Return [%]'];
    // @ts-expect-error 'Sharpe ratio' (lower-case r) is not a statistic: tsc fails if this compiles.
    const typo: StatName = 'Sharpe ratio';
    expect(names).not.toContain(typo);
  });
});
