// Owns one ECharts instance across updates. A new data set or a new pane layout rebuilds the option
// (notMerge); a new result with the same layout pushes only the series whose source changed
// (replaceMerge on series, unchanged ones as bare ids); a zoom or pan pushes new level-of-detail slices
// only when the view leaves the slice already handed to ECharts or needs another bucket size.
//
// A preview result (decimated series, lib/transport/preview.ts) is drawn like any other; the full data
// that completes it replaces it without a redraw wherever the preview was drawn exactly (same slice,
// within its window), since the pixels would be the same.
import type { ViewRequest, WireBars, WireM4, WireTrades, WorkspaceResult } from '../../../lib/transport';
import { isM4 } from '../../../lib/transport';
import { buyAndHold } from './buyhold';
import { clipSlice, decimateMinMax, pow2AtLeast, type Slice, sliceCovers, sliceFor } from './decimate';
import { drawdownPct } from './drawdown';
import { focusWindow } from './focus';
import { barSpacing, priceDecimals, timeTicks } from './format';
import { buildMarkers, indexTrades, type Markers, type TradeIndex } from './markers';
import {
  buildOption,
  chartHeight,
  GRID_LEFT,
  GRID_RIGHT,
  overheadPx,
  paneRects,
  placement,
  xTicks,
} from './option';
import { type Pane, planKey, planPanes } from './panes';
import { buildSeriesDefs, type Derived, type SeriesDef, seriesColors, type View } from './series';
import { type Palette, paletteFor } from './theme';
import { tooltipHtml } from './tooltip';

/** The part of an ECharts instance the controller uses (so tests or a harness can stand in for it). */
export interface ChartLike {
  setOption(
    option: unknown,
    opts?: { notMerge?: boolean; lazyUpdate?: boolean; replaceMerge?: string[] },
  ): void;
  on(event: string, handler: (e: unknown) => void): void;
  dispatchAction?(action: Record<string, unknown>): void;
  resize(opts?: { height?: number }): void;
  getWidth(): number;
  getHeight(): number;
  clear(): void;
  dispose(): void;
}

export type RenderedInfo = { ms: number; seq: number | null };

/** What the chart shows, as a parameter change tells the server: visible bars and plot width. */
export type ChartView = ViewRequest;

/**
 * PriceChart dispatches this on window after each completed redraw, with the RenderedInfo as detail: the
 * live benchmark and browser tests time redraws with it, without reaching into React or ECharts.
 */
export const CHART_RENDERED_EVENT = 'backtalk:chart-rendered';

/**
 * Bars are aggregated into coarser candles only when there are more visible bars than pixel columns:
 * down to one px per candle, every bar is its own candle.
 */
export const PX_PER_CANDLE = 1;
/** Candles this wide or wider are drawn with bodies; narrower ones as wicks (batched: one path). */
export const CANDLE_BODY_PX = 3;
/** Lines keep the min and max of buckets of at least half this many px (their detail, and cost, as before). */
const PX_PER_LINE_PAIR = 3;
const DAY = 86_400_000;

export class ChartController {
  private bars: WireBars | null = null;
  private result: WorkspaceResult | null = null;
  private theme: 'dark' | 'light' = 'dark';
  private palette: Palette;
  private panes: Pane[] = [];
  private key = '';
  private defs: SeriesDef[] = [];
  private pushed = new Map<string, { source: unknown; slice: string; exact: boolean }>();
  private colors = new Map<string, string>();
  private view = { start: 0, end: 0 };
  private slice: Slice | null = null;
  private ticksKey = '';
  private ticks = { values: [] as number[], labels: new Map<number, string>() };
  private pending: { t0: number; seq: number | null } | null = null;
  // Derived data, keyed by what it derives from.
  private overview: Float64Array = new Float64Array(0);
  private meta = { intraday: false, decimals: 2, hasVolume: true };
  private drawdown: { of: unknown; dd: Float64Array | WireM4 | null } = { of: null, dd: null };
  private buyHold: { capital: number; line: Float64Array | null } = { capital: Number.NaN, line: null };
  private onHeight?: (px: number) => void;
  private height = 0;
  /** A growing chart's least height in px (setOnHeight). */
  private least = 0;
  /** The candle rows last handed to ECharts (tests count those in view: data-candles). */
  private candleRows: Float64Array | null = null;
  private onView?: (v: ChartView) => void;
  private lastView = '';
  private markers: { of: WireTrades | null; markers: Markers | null; index: TradeIndex | null } = {
    of: null,
    markers: null,
    index: null,
  };

  constructor(
    private readonly chart: ChartLike,
    private readonly el: HTMLElement | null,
    private onRendered?: (info: RenderedInfo) => void,
  ) {
    this.palette = paletteFor('dark', el);
    chart.on('finished', () => {
      const p = this.pending;
      if (!p) return;
      this.pending = null;
      this.onRendered?.({ ms: performance.now() - p.t0, seq: p.seq });
    });
    chart.on('datazoom', (e) => this.onZoom(e));
  }

  setOnRendered(cb: ((info: RenderedInfo) => void) | undefined): void {
    this.onRendered = cb;
  }

  /** Called with the visible bars and plot width whenever they change (and once when set). */
  setOnView(cb: ((v: ChartView) => void) | undefined): void {
    this.onView = cb;
    this.lastView = '';
    this.reportView();
  }

  /**
   * Called with the chart height at which every pane gets its preferred size, when that changes. The
   * chart then grows to it (at least `least` px) and is drawn at that height at once, without waiting for
   * its container to follow.
   */
  setOnHeight(cb: ((px: number) => void) | undefined, least = 0): void {
    this.onHeight = cb;
    this.least = least;
    this.height = 0;
    if (this.panes.length) this.reportHeight();
  }

  /** Zooms so that bars [from, to] are in view with a margin (a trade picked in the list). */
  focus(from: number, to: number): void {
    if (!this.bars || !this.chart.dispatchAction) return;
    const w = focusWindow(this.bars.close.length, from, to);
    this.chart.dispatchAction({ type: 'dataZoom', startValue: w.start, endValue: w.end });
  }

  /** Draws bars + result in a theme; `t0` is when the props changed (for onRendered). */
  update(
    bars: WireBars | null,
    result: WorkspaceResult | null,
    theme: 'dark' | 'light',
    t0 = performance.now(),
  ): void {
    if (bars !== this.bars) this.resetBars(bars);
    if (!bars) {
      this.result = result;
      return;
    }
    if (theme !== this.theme || !this.key) {
      this.theme = theme;
      this.palette = paletteFor(theme, this.el);
    }
    this.result = result && result.equity.length === bars.close.length ? result : null;
    this.deriveResult();
    this.reportView();
    const panes = planPanes(this.result, { volume: this.meta.hasVolume, overheadPx });
    const key = `${theme}|${bars.close.length}|${planKey(panes)}`;
    this.panes = panes;
    this.colors = seriesColors(panes, this.palette);
    this.defs = buildSeriesDefs(panes, this.derived(), this.palette, this.colors);
    this.pending = { t0, seq: result?.seq ?? null };
    if (key !== this.key) {
      this.key = key;
      this.fitHeight();
      this.rebuild();
    } else if (!this.pushChanged(true) && this.result?.completes) {
      this.pending = null; // nothing to redraw: no 'finished' will come for it
    }
    this.reportHeight();
    this.stamp();
  }

  /**
   * A growing chart takes its new height before the redraw of a new layout. Its container follows only
   * after this update (a React state change), and the redraw that onRendered reports, which ECharts
   * finishes synchronously, must be the picture that stays on screen, not one at the previous layout's
   * height that a resize replaces a frame later.
   */
  private fitHeight(): void {
    if (!this.onHeight) return;
    const h = Math.max(this.least, chartHeight(this.panes));
    if (h !== this.chart.getHeight()) this.chart.resize({ height: h });
  }

  private reportHeight(): void {
    const h = chartHeight(this.panes);
    if (h === this.height) return;
    this.height = h;
    this.onHeight?.(h);
  }

  /**
   * What is on screen, as data attributes of the chart's element, for browser tests: the visible bars,
   * the candle rows among them, the price pane's and the chart's height, the series and level lines.
   */
  private stamp(): void {
    const el = this.el;
    if (!el?.dataset || !this.bars) return;
    const n = this.bars.close.length;
    const from = Math.max(0, Math.ceil(this.view.start));
    const to = Math.min(n - 1, Math.floor(this.view.end));
    let candles = 0;
    const rows = this.candleRows;
    if (rows) for (let r = 0; r < rows.length; r += 5) if (rows[r] >= from && rows[r] <= to) candles++;
    const rects = paneRects(this.panes, this.chart.getHeight());
    Object.assign(el.dataset, {
      viewFrom: String(from),
      viewTo: String(to),
      bucket: String(this.slice?.bucket ?? 1),
      candles: String(candles),
      plotWidth: String(Math.round(this.plotWidth())),
      priceHeight: String(rects[0]?.height ?? 0),
      chartHeight: String(this.chart.getHeight()),
      series: this.defs.map((d) => d.id).join(' '),
      levels: JSON.stringify(
        Object.fromEntries(this.panes.filter((p) => p.levels.length).map((p) => [p.id, p.levels])),
      ),
    });
  }

  resize(): void {
    this.chart.resize();
    if (!this.bars || !this.key) return;
    this.chart.setOption(placement(this.layoutContext()), { lazyUpdate: true });
    this.refreshView();
    this.reportView();
    this.stamp();
  }

  dispose(): void {
    this.chart.dispose();
  }

  /** The current view in bar-index units (for the harness and tests). */
  getView(): { start: number; end: number; bucket: number } {
    return { ...this.view, bucket: this.slice?.bucket ?? 1 };
  }

  private resetBars(bars: WireBars | null): void {
    this.bars = bars;
    this.key = '';
    this.pushed.clear();
    this.slice = null;
    this.ticksKey = '';
    this.drawdown = { of: null, dd: null };
    this.buyHold = { capital: Number.NaN, line: null };
    this.candleRows = null;
    this.markers = { of: null, markers: null, index: null };
    if (!bars) {
      this.chart.clear();
      return;
    }
    const n = bars.close.length;
    this.view = { start: -0.5, end: n - 0.5 };
    const bucket = pow2AtLeast(n / 512);
    this.overview = decimateMinMax(bars.close, 0, n - 1, bucket);
    let vol = false;
    for (let i = 0; i < n && !vol; i += Math.max(1, n >> 8)) vol = bars.volume[i] > 0;
    this.meta = {
      intraday: barSpacing(bars.time) < DAY,
      decimals: priceDecimals(bars.close[n - 1]),
      hasVolume: vol,
    };
  }

  private deriveResult(): void {
    const r = this.result;
    const capital = Number(r?.settings.capital);
    if (!r || !(capital > 0)) this.buyHold = { capital: Number.NaN, line: null };
    else if (capital !== this.buyHold.capital || !this.buyHold.line) {
      this.buyHold = { capital, line: buyAndHold(this.bars!.close, capital) };
    }
    const eq = r?.equity ?? null;
    if (this.drawdown.of !== eq) {
      // A preview brings its drawdown: it cannot be derived from a decimated equity.
      const dd = !eq ? null : isM4(eq) ? (r?.preview?.drawdown ?? null) : drawdownPct(eq);
      this.drawdown = { of: eq, dd };
    }
    const trades = r?.trades ?? null;
    if (this.markers.of !== trades) {
      // The full data completing the preview on screen brings the same run's trades whole: same marks.
      const same = !!trades && !!r?.completes && this.markers.of === r.completes.trades;
      // The trade index serves only the tooltip: built on the first hover, not on every result.
      this.markers = {
        of: trades,
        markers: same ? this.markers.markers : trades && this.bars ? buildMarkers(trades, this.bars) : null,
        index: null,
      };
    }
  }

  private derived(): Derived {
    return {
      bars: this.bars!,
      result: this.result,
      drawdown: this.drawdown.dd,
      previewDrawdown: this.result?.completes?.preview?.drawdown ?? null,
      markers: this.markers.markers,
      overview: this.overview,
      buyHold: this.buyHold.line,
    };
  }

  /** Tells onView what is visible, when that changed since the last call. */
  private reportView(): void {
    if (!this.onView || !this.bars || this.bars.close.length === 0) return;
    const n = this.bars.close.length;
    const from = Math.min(n - 1, Math.max(0, Math.ceil(this.view.start)));
    const to = Math.max(from, Math.min(n - 1, Math.floor(this.view.end)));
    const width = Math.round(this.plotWidth());
    const key = `${from}:${to}:${width}`;
    if (key === this.lastView) return;
    this.lastView = key;
    this.onView({ from, to, width });
  }

  private plotWidth(): number {
    return Math.max(50, this.chart.getWidth() - GRID_LEFT - GRID_RIGHT);
  }

  private computeView(): View {
    const n = this.bars!.close.length;
    const width = this.plotWidth();
    const s = sliceFor(n, this.view.start, this.view.end, width, PX_PER_CANDLE);
    if (!this.slice || !sliceCovers(this.slice, n, this.view.start, this.view.end, s.bucket)) this.slice = s;
    const win = this.result?.preview?.window;
    if (win) this.slice = clipSlice(this.slice, win, n, this.view);
    const sl = this.slice;
    const span = Math.max(1, this.view.end - this.view.start);
    const pxPerBar = width / span;
    return {
      from: sl.from,
      to: sl.to,
      bucket: sl.bucket,
      lineBucket: Math.max(1, pow2AtLeast((span * PX_PER_LINE_PAIR) / width) / 2),
      pxPerBar,
      bodies: pxPerBar * sl.bucket >= CANDLE_BODY_PX,
    };
  }

  /**
   * Calendar ticks for the whole slice handed to ECharts (it ignores those outside the view), so a pan
   * within the slice needs no new option at all. Density follows the view: about one label per 90 px.
   */
  private updateTicks(v: View): boolean {
    const bars = this.bars!;
    const span = Math.max(1, this.view.end - this.view.start);
    const maxTicks = Math.max(2, Math.floor(((this.plotWidth() / 90) * (v.to - v.from + 1)) / span));
    const key = `${v.from}:${v.to}:${maxTicks}`;
    if (key === this.ticksKey) return false;
    this.ticksKey = key;
    const t = timeTicks(bars.time, v.from, v.to, maxTicks);
    this.ticks = { values: t.values, labels: new Map(t.values.map((x, i) => [x, t.labels[i]])) };
    return true;
  }

  private layoutContext() {
    const bars = this.bars!;
    return {
      panes: this.panes,
      palette: this.palette,
      n: bars.close.length,
      height: this.chart.getHeight(),
      priceDecimals: this.meta.decimals,
      intraday: this.meta.intraday,
      time: bars.time,
      view: this.view,
      ticks: this.ticks,
      tickLabel: (v: number) => this.tickLabel(v),
      colors: this.colors,
      tooltip: (x: number) => this.tooltip(x),
      hasTrades: !!this.result && this.result.trades.count > 0,
    };
  }

  /** A tick's label, or '' within ~25 px of the view's ends, where a centred label would be cut off. */
  private tickLabel(v: number): string {
    const edge = ((this.view.end - this.view.start) * 25) / this.plotWidth();
    if (v < this.view.start + edge || v > this.view.end - edge) return '';
    return this.ticks.labels.get(v) ?? '';
  }

  private tradeIndex(): TradeIndex | null {
    const m = this.markers;
    if (!m.index && m.of) m.index = indexTrades(m.of);
    return m.index;
  }

  private tooltip(x: number): string {
    if (!this.bars) return '';
    return tooltipHtml(
      {
        bars: this.bars,
        intraday: this.meta.intraday,
        priceDecimals: this.meta.decimals,
        result: this.result,
        drawdown: this.drawdown.dd,
        panes: this.panes,
        colors: this.colors,
        trades: this.tradeIndex(),
        bucket: this.slice?.bucket ?? 1,
        palette: this.palette,
      },
      x,
    );
  }

  private seriesData(d: SeriesDef, v: View, sliceKey: string): Record<string, unknown> {
    const exact = d.exact ? d.exact(v) : true;
    this.pushed.set(d.id, { source: d.source, slice: d.sliced ? sliceKey : '', exact });
    const data = d.data(v);
    if (d.id === 'candles') this.candleRows = data;
    return d.extra ? { data, ...d.extra(v) } : { data };
  }

  private rebuild(): void {
    this.slice = null;
    this.ticksKey = '';
    const v = this.computeView();
    this.updateTicks(v);
    const sk = sliceKey(v);
    this.pushed.clear();
    const series = this.defs.map((d) => ({ ...d.option, ...this.seriesData(d, v, sk) }));
    this.chart.setOption(buildOption(this.layoutContext(), series), { notMerge: true });
  }

  /**
   * Pushes the series whose source or slice changed; `all` lists every series (replaceMerge). A series
   * whose full data completes a preview drawn exactly on this slice keeps its drawing. Returns whether
   * anything was pushed.
   */
  private pushChanged(all: boolean, extra: Record<string, unknown> = {}): boolean {
    const v = this.computeView();
    const sk = sliceKey(v);
    const series: Record<string, unknown>[] = [];
    let changed = 0;
    let added = false;
    const ids = new Set<string>();
    for (const d of this.defs) {
      ids.add(d.id);
      let prev = this.pushed.get(d.id);
      added ||= !prev;
      const slice = d.sliced ? sk : '';
      if (prev && prev.slice === slice && prev.exact && d.alias !== undefined && prev.source === d.alias) {
        prev = { source: d.source, slice, exact: true };
        this.pushed.set(d.id, prev);
      }
      if (prev && prev.source === d.source && prev.slice === slice) {
        if (all) series.push({ id: d.id });
        continue;
      }
      changed++;
      series.push({ id: d.id, ...this.seriesData(d, v, sk) });
    }
    let removed = false;
    for (const id of this.pushed.keys()) {
      if (ids.has(id)) continue;
      this.pushed.delete(id);
      removed = true;
    }
    const quiet = changed === 0 && Object.keys(extra).length === 0;
    // A full result that only completes the preview on screen changes no pixel: no redraw at all.
    if (quiet && (!all || (!removed && this.result?.completes))) return false;
    // The full list (replaceMerge) only when series come or go: it keeps their order, which is their
    // drawing order. Otherwise only the changed ones, merged.
    const replace = all && (removed || added);
    this.chart.setOption(
      { ...extra, series: replace ? series : series.filter((x) => 'data' in x) },
      replace ? { replaceMerge: ['series'], lazyUpdate: true } : { lazyUpdate: true },
    );
    return true;
  }

  private onZoom(e: unknown): void {
    if (!this.bars) return;
    const ev = e as { batch?: ZoomPayload[] } & ZoomPayload;
    const z = ev.batch?.[0] ?? ev;
    const n = this.bars.close.length;
    const lo = -0.5;
    const hi = n - 0.5;
    const start = z.startValue ?? (z.start !== undefined ? lo + (z.start / 100) * (hi - lo) : undefined);
    const end = z.endValue ?? (z.end !== undefined ? lo + (z.end / 100) * (hi - lo) : undefined);
    if (start === undefined || end === undefined) return;
    this.view = { start, end };
    this.refreshView();
    this.reportView();
    this.stamp();
  }

  /** After a zoom or resize: new slices and ticks if the view left the current slice, else nothing. */
  private refreshView(): void {
    const ticksChanged = this.updateTicks(this.computeView());
    const extra = ticksChanged ? { xAxis: xTicks(this.layoutContext()) } : {};
    this.pushChanged(false, extra);
  }
}

interface ZoomPayload {
  start?: number;
  end?: number;
  startValue?: number;
  endValue?: number;
}

function sliceKey(v: View): string {
  return `${v.from}:${v.to}:${v.bucket}:${v.lineBucket}:${v.bodies ? 'b' : 'w'}`;
}
