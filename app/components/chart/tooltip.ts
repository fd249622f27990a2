// The shared tooltip: everything at the hovered bar (or candle bucket when zoomed out), read from the raw
// columns rather than from ECharts' decimated points, so it is exact at any zoom.
import type { WireBars, WireM4, WorkspaceResult } from '../../../lib/transport';
import { valueAt } from '../../../lib/transport';
import { fmtCompact, fmtFixed, fmtPct, fmtTime } from './format';
import { exitReasonText, type TradeIndex, tradesBetween } from './markers';
import type { Pane } from './panes';
import type { Palette } from './theme';

export interface TooltipContext {
  bars: WireBars;
  intraday: boolean;
  priceDecimals: number;
  result: WorkspaceResult | null;
  /** Full, or a preview's (which has each bucket's last bar, the one a hover reads, when defined). */
  drawdown: Float64Array | WireM4 | null;
  panes: readonly Pane[];
  /** Colour of each drawn series, by series name. */
  colors: ReadonlyMap<string, string>;
  trades: TradeIndex | null;
  /** Bars per candle at the current zoom. */
  bucket: number;
  palette: Palette;
}

const MAX_TRADES = 4;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The bars a hover at x covers: the bar itself, or the whole bucket when candles are aggregated. */
export function hoverRange(x: number, n: number, bucket: number): { from: number; to: number } {
  if (n === 0) return { from: 0, to: -1 };
  if (bucket <= 1) {
    const i = Math.min(n - 1, Math.max(0, Math.round(x)));
    return { from: i, to: i };
  }
  const k = Math.floor(Math.max(0, x + 0.5) / bucket);
  const from = Math.min(n - 1, k * bucket);
  return { from, to: Math.min(n - 1, from + bucket - 1) };
}

function row(color: string | null, label: string, value: string, valueColor?: string): string {
  const dot = color
    ? `<span style="display:inline-block;width:8px;height:8px;border-radius:2px;background:${color};margin-right:6px"></span>`
    : '';
  const vc = valueColor ? `;color:${valueColor}` : '';
  return `<div style="display:flex;justify-content:space-between;gap:16px"><span>${dot}${escapeHtml(label)}</span><span style="font-variant-numeric:tabular-nums${vc}">${value}</span></div>`;
}

export function tooltipHtml(ctx: TooltipContext, x: number): string {
  const { bars, palette: p } = ctx;
  const n = bars.close.length;
  const { from, to } = hoverRange(x, n, ctx.bucket);
  if (to < from) return '';
  const parts: string[] = [];
  const head = fmtTime(bars.time[from], ctx.intraday);
  const span =
    to > from
      ? ` → ${fmtTime(bars.time[to], ctx.intraday)} <span style="color:${p.muted}">(${to - from + 1} bars)</span>`
      : '';
  parts.push(`<div style="font-weight:600;margin-bottom:4px">${head}${span}</div>`);

  let hi = Number.NEGATIVE_INFINITY;
  let lo = Number.POSITIVE_INFINITY;
  let vol = 0;
  for (let i = from; i <= to; i++) {
    if (bars.high[i] > hi) hi = bars.high[i];
    if (bars.low[i] < lo) lo = bars.low[i];
    if (!Number.isNaN(bars.volume[i])) vol += bars.volume[i];
  }
  const o = bars.open[from];
  const c = bars.close[to];
  const dp = ctx.priceDecimals;
  const chg = o !== 0 ? c / o - 1 : Number.NaN;
  const cc = c >= o ? p.up : p.down;
  parts.push(
    `<div style="display:grid;grid-template-columns:auto auto auto auto;gap:0 8px;font-variant-numeric:tabular-nums">` +
      `<span style="color:${p.muted}">O</span><span>${fmtFixed(o, dp)}</span>` +
      `<span style="color:${p.muted}">H</span><span>${fmtFixed(hi, dp)}</span>` +
      `<span style="color:${p.muted}">L</span><span>${fmtFixed(lo, dp)}</span>` +
      `<span style="color:${p.muted}">C</span><span style="color:${cc}">${fmtFixed(c, dp)} (${fmtPct(chg)})</span>` +
      `</div>`,
  );
  if (vol > 0) parts.push(row(null, 'Volume', fmtCompact(vol)));

  const res = ctx.result;
  if (res) {
    for (const pane of ctx.panes) {
      for (const s of pane.series) {
        const ws = res.series[s.name];
        if (!ws) continue;
        const color = ctx.colors.get(s.name) ?? p.fg;
        if (s.kind === 'bool') {
          let any = false;
          for (let i = from; i <= to && !any; i++) any = valueAt(ws.values, i) === 1;
          parts.push(row(color, s.name, any ? 'true' : 'false', any ? color : p.muted));
        } else {
          const v = valueAt(ws.values, to);
          parts.push(row(color, s.name, pane.kind === 'price' ? fmtFixed(v, dp) : fmtCompact(v)));
        }
      }
    }
    if (res.equity.length > to) parts.push(row(p.equity, 'Equity', fmtFixed(valueAt(res.equity, to), 2)));
    if (ctx.drawdown && ctx.drawdown.length > to) {
      const d = valueAt(ctx.drawdown, to);
      parts.push(row(p.drawdown, 'Drawdown', `${fmtFixed(d, 2)}%`, d < 0 ? p.down : undefined));
    }
    if (ctx.trades) parts.push(tradesHtml(ctx, res, from, to));
  }
  return `<div style="min-width:210px;font-size:12px;line-height:1.5">${parts.join('')}</div>`;
}

function tradesHtml(ctx: TooltipContext, res: WorkspaceResult, from: number, to: number): string {
  const { ids, total } = tradesBetween(ctx.trades!, from, to, MAX_TRADES);
  if (total === 0) return '';
  const t = res.trades;
  const p = ctx.palette;
  const dp = ctx.priceDecimals;
  const out: string[] = [`<div style="border-top:1px solid ${p.tooltipBorder};margin:6px 0 2px"></div>`];
  for (const k of ids) {
    const long = t.side[k] > 0;
    const open = t.open[k] === 1;
    const pnl = t.pnl[k];
    const sideColor = long ? p.long : p.short;
    const pnlColor = pnl > 0 ? p.up : pnl < 0 ? p.down : p.fg;
    const reason = exitReasonText(t, k);
    out.push(
      `<div style="margin-top:4px"><b style="color:${sideColor}">${long ? '↑ Long' : '↓ Short'}</b> #${k + 1} · ${fmtCompact(t.quantity[k])} units` +
        `${open ? ` <b style="color:${p.open}">OPEN</b>` : ''}</div>` +
        row(null, `In  ${fmtTime(t.entryTime[k], ctx.intraday)}`, fmtFixed(t.entryPrice[k], dp)) +
        row(
          null,
          `${open ? 'Now' : 'Out'} ${fmtTime(t.exitTime[k], ctx.intraday)}`,
          fmtFixed(t.exitPrice[k], dp),
        ) +
        row(null, 'P&L', `${fmtFixed(pnl, 2)} (${fmtPct(t.returnPct[k])})`, pnlColor) +
        `<div style="color:${p.muted}">exit: ${escapeHtml(reason)}</div>`,
    );
  }
  if (total > ids.length)
    out.push(`<div style="color:${p.muted}">…and ${total - ids.length} more trades</div>`);
  return out.join('');
}
