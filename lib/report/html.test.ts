import { describe, expect, it } from 'vitest';
import { escapeHtml, type RunReportInput, runReportHtml } from './html';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

function curve(n: number): { time: Float64Array; equity: Float64Array } {
  const time = new Float64Array(n);
  const equity = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    time[i] = T0 + i * DAY;
    equity[i] = 10_000 + 500 * Math.sin(i / 9) + i * 3;
  }
  return { time, equity };
}

function input(
  over: Partial<RunReportInput['run']> = {},
  extra: Partial<RunReportInput> = {},
): RunReportInput {
  const { time, equity } = curve(120);
  return {
    strategy: { id: 'strat1', name: 'Trend <b>bold</b> & "quoted"' },
    run: {
      id: 'run1',
      version: 3,
      trigger: 'schedule',
      status: 'ok',
      error: null,
      attempt: 1,
      startedAt: Date.UTC(2025, 2, 4, 18, 0, 0),
      finishedAt: Date.UTC(2025, 2, 4, 18, 0, 1),
      dataFrom: T0,
      dataTo: T0 + 119 * DAY,
      bars: 120,
      signal: 'enter',
      stats: { Start: '2024-01-01T00:00:00.000Z', 'Return [%]': 3.57, 'Sharpe Ratio': 1.234, '# Trades': 2 },
      returnPct: 3.57,
      sharpe: 1.234,
      maxDrawdownPct: -6.4,
      tradeCount: 2,
      equityFinal: 10_357,
      trades: [
        {
          side: 'long',
          quantity: 10,
          entryBar: 5,
          exitBar: 40,
          entryTime: T0 + 5 * DAY,
          exitTime: T0 + 40 * DAY,
          entryPrice: 100,
          exitPrice: 110,
          fees: 1,
          pnl: 99,
          returnPct: 0.099,
          open: false,
          exitReason: 'take profit',
        },
        {
          side: 'short',
          quantity: 5,
          entryBar: 60,
          exitBar: 119,
          entryTime: T0 + 60 * DAY,
          exitTime: T0 + 119 * DAY,
          entryPrice: 120,
          exitPrice: 125,
          fees: 0.5,
          pnl: -25.5,
          returnPct: -0.0425,
          open: true,
          exitReason: 'open',
        },
      ],
      equity,
      equityTime: time,
      ...over,
    },
    version: {
      source: 'strategy("x")\n// </pre><script>alert(1)</script>\nif close > 1:\n    buy(market, 100%)\n',
      data: { source: 'csv:data/GOOG.csv', symbol: 'GOOG', timeframe: '1d' },
      params: { fast: 10, note: '<i>x</i>' },
    },
    previous: {
      id: 'run0',
      startedAt: Date.UTC(2025, 2, 3, 18, 0, 0),
      returnPct: 1.07,
      sharpe: 1.5,
      maxDrawdownPct: -6.4,
      tradeCount: 3,
      equityFinal: 10_107,
    },
    generatedAt: Date.UTC(2025, 2, 5),
    ...extra,
  };
}

describe('escapeHtml', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
  });
});

describe('runReportHtml', () => {
  const html = runReportHtml(input());

  it('is one self-contained document: inline SVG chart, no scripts, no external assets', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toMatch(/<figure class="chart" data-testid="report-chart"><svg [^>]*viewBox="0 0 960 420"/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    // url() only to the SVG's own clip paths (#id), never to a file or a site.
    expect(html).not.toMatch(/url\((?!#)|@import/i);
  });

  it('states the figures with their change from the previous run', () => {
    expect(html).toContain('<div class="value">3.57%</div>');
    expect(html).toContain('<div class="value">1.234</div>');
    expect(html).toContain('<div class="value">−6.40%</div>');
    expect(html).toContain('<div class="value">$10,357.00</div>');
    // 3.57 − 1.07 = 2.50 pp up (good); 1.234 − 1.5 = −0.27 (bad); drawdown unchanged; one trade fewer (neutral)
    expect(html).toContain('<span class="change good">▲ 2.50 pp</span>');
    expect(html).toContain('<span class="change bad">▼ 0.27</span>');
    expect(html).toContain('<span class="change neutral">0.00 pp</span>');
    expect(html).toContain('<span class="change neutral">▼ 1</span>');
    expect(html).toContain('Signal: enter on the latest bar');
  });

  it('lists the trades, the statistics, the data range and the program', () => {
    const tradeRows = html.split('<table class="trades">')[1].split('</table>')[0].match(/<tr>/g);
    expect(tradeRows).toHaveLength(3); // header + 2 trades
    expect(html).toContain('take profit');
    expect(html).toContain('9.90%'); // 0.099 as a percentage
    expect(html).toContain('-4.25%');
    expect(html).toContain('<th scope="row">Sharpe Ratio</th><td class="num">1.234</td>');
    expect(html).toContain('<th scope="row">Start</th><td class="num">2024-01-01</td>');
    expect(html).toContain('csv:data/GOOG.csv');
    expect(html).toContain('2024-04-29 00:00:00 UTC'); // data to: T0 + 119 days
    expect(html).toContain('buy(market, 100%)');
  });

  it('escapes every piece of user text', () => {
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('Trend &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
    expect(html).toContain('// &lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('note = &quot;&lt;i&gt;x&lt;/i&gt;&quot;');
    const evil = runReportHtml(
      input({ status: 'failed', error: '<img onerror=x>', trades: [{ exitReason: '<u>' }] }),
    );
    expect(evil).toContain('&lt;img onerror=x&gt;');
    expect(evil).not.toContain('<img');
    expect(evil).not.toContain('<u>');
  });

  it('reports a failed run without a curve and with its error', () => {
    const failed = runReportHtml(
      input(
        {
          status: 'failed',
          error: 'the saved program does not run',
          equity: null,
          equityTime: null,
          trades: null,
          stats: null,
          returnPct: null,
          signal: null,
        },
        { previous: null, version: null },
      ),
    );
    expect(failed).toContain('<span class="status failed">failed</span>');
    expect(failed).toContain('the saved program does not run');
    expect(failed).toContain('stored no equity curve');
    expect(failed).not.toContain('<svg');
    expect(failed).toContain('No trades.');
    expect(failed).toContain('first successful run');
    expect(failed).toContain('no longer available');
  });

  it('caps the listed trades', () => {
    const trades = Array.from({ length: 30 }, (_, i) => ({
      side: 'long',
      entryTime: T0 + i * DAY,
      open: false,
    }));
    const capped = runReportHtml({ ...input({ trades }), maxTradeRows: 10 });
    expect(capped).toContain('Showing the first 10 of 30 trades.');
  });
});
