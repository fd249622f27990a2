// Runs inside the workspace page (bundled by live.ts with esbuild and injected before the app's own
// scripts): records every completed chart redraw, moves a parameter slider the way a user's drag does
// and times each move to its redraw, and compares a result frame's MessagePack decode with JSON.
// Bundled separately rather than passed to page.evaluate as functions: tsx's name-keeping helpers would
// not exist in the page.
import { CHART_RENDERED_EVENT, type RenderedInfo } from '../../app/components/chart/controller';
import type { ClientMessage, ServerMessage } from '../../lib/transport';
import { decodeFrame, encodeFrame } from '../../lib/transport';

export interface Render extends RenderedInfo {
  /** performance.now() when the redraw completed (ms since navigation start). */
  at: number;
}

export interface FrameCost {
  msgpackBytes: number;
  /** Median ms to decode the frame with the shared codec (typed arrays are views: no per-number work). */
  msgpackDecodeMs: number;
  jsonBytes: number;
  /** Median ms of JSON.parse on the same result (typed arrays as number arrays, NaN as null). */
  jsonParseMs: number;
  /** Median ms of JSON.parse plus turning the arrays back into the typed arrays the chart draws. */
  jsonToTypedMs: number;
}

const renders: Render[] = [];
const waiters: ((r: Render) => void)[] = [];

// Arrival times of the app's socket frames (a subclass installed before the app's scripts run): they
// split a slider move into the server + network part and the part spent in the page. Each frame is
// decoded once more for its type and seq (a view on the buffer: microseconds, even at 16 MB).
interface Frame {
  at: number;
  bytes: number;
  type: string;
  seq: number;
}
const frames: Frame[] = [];
/** The view the app's last parameter change carried (what its chart showed). */
let sentView: { from: number; to: number; width: number } | null = null;
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (ArrayBuffer.isView(data)) {
      const m = decodeFrame(data) as { type?: string; view?: typeof sentView };
      if (m.type === 'params' && m.view) sentView = m.view;
    }
    super.send(data);
  }
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    this.addEventListener('message', (e) => {
      const at = performance.now();
      const d = e.data as ArrayBuffer | string;
      let type = '?';
      let seq = -1;
      if (typeof d !== 'string') {
        try {
          const m = decodeFrame(d) as { type?: string; seq?: number };
          type = m.type ?? '?';
          seq = m.seq ?? -1;
        } catch {}
      }
      frames.push({ at, bytes: typeof d === 'string' ? d.length : d.byteLength, type, seq });
    });
  }
};
window.addEventListener(CHART_RENDERED_EVENT, (e) => {
  const r: Render = { ...(e as CustomEvent<RenderedInfo>).detail, at: performance.now() };
  renders.push(r);
  for (const w of waiters.splice(0)) w(r);
});

/** The next redraw of a result newer than `afterSeq`, or an error after `timeoutMs`. */
function redrawAfter(afterSeq: number, timeoutMs: number): Promise<Render> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no chart redraw of a result after seq ${afterSeq} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const wait = (r: Render) => {
      if (r.seq !== null && r.seq > afterSeq) {
        clearTimeout(timer);
        resolve(r);
      } else waiters.push(wait);
    };
    waiters.push(wait);
  });
}

/** When the first chart with a result (candles, series, trades, equity) finished drawing, or null. */
function firstFullChart(): Render | null {
  return renders.find((r) => r.seq !== null) ?? null;
}

/**
 * Moves the slider `testId` through `values`, one at a time, as a user's drag does (value set, then an
 * input event); each move's time runs from the event's dispatch to the completed redraw of its result.
 */
export interface Move {
  /** Input event to the completed redraw. */
  total: number;
  /** Input event to the arrival of the frame drawn (the result or preview): server + network. */
  toFrame: number;
  /** That frame's type and size. */
  type: string;
  bytes: number;
}

export interface Slide {
  moves: Move[];
  /**
   * After the last move: when its full-resolution series arrived (ms after its input event) and their
   * frame's size; null when no `full` frame came within 5 s (the moves were answered in full).
   */
  settle: { at: number; bytes: number } | null;
  /** Full-resolution frames that arrived while the moves went on (a pause of a slow move let one out). */
  fullsDuring: number;
}

async function slide(testId: string, values: number[], timeoutMs: number): Promise<Slide> {
  const el = document.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`);
  if (!el) throw new Error(`no slider [data-testid="${testId}"] on the page`);
  // React tracks the value it set; the prototype's setter makes the change visible to its onChange.
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  if (!setValue) throw new Error('HTMLInputElement has no value setter');
  let seq = renders.reduce((m, r) => Math.max(m, r.seq ?? -1), -1);
  const out: Move[] = [];
  let t0 = 0;
  const startFrames = frames.length;
  for (const v of values) {
    if (el.value === String(v)) throw new Error(`slider already at ${v}: a move must change the value`);
    const done = redrawAfter(seq, timeoutMs);
    const first = frames.length;
    t0 = performance.now();
    setValue.call(el, String(v));
    el.dispatchEvent(new Event('input', { bubbles: true }));
    const r = await done;
    const drawn = frames
      .slice(first)
      .find((f) => f.seq === r.seq && (f.type === 'result' || f.type === 'preview'));
    out.push({
      total: r.at - t0,
      toFrame: (drawn?.at ?? r.at) - t0,
      type: drawn?.type ?? '?',
      bytes: drawn?.bytes ?? 0,
    });
    seq = r.seq ?? seq;
  }
  const fullsDuring = frames.slice(startFrames).filter((f) => f.type === 'full').length;
  const deadline = performance.now() + 5000;
  let full: Frame | undefined;
  while (!full && performance.now() < deadline) {
    full = frames.find((f) => f.type === 'full' && f.seq === seq);
    if (!full) await new Promise((r) => setTimeout(r, 20));
  }
  return { moves: out, settle: full ? { at: full.at - t0, bytes: full.bytes } : null, fullsDuring };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median ms per call; each sample repeats `fn` for at least 20 ms (the page's clock is coarse). */
function timeMedian(fn: () => unknown, reps: number): number {
  for (let k = 0; k < 2; k++) fn();
  const ms: number[] = [];
  for (let k = 0; k < reps; k++) {
    let calls = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < 20) {
      fn();
      calls++;
      t = performance.now();
    }
    ms.push((t - t0) / calls);
  }
  return median(ms);
}

const toTyped = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.length > 64 && typeof v[0] !== 'object' ? Float64Array.from(v) : v;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = toTyped(o[k]);
  }
  return v;
};

function frameCost(frame: ArrayBuffer, reps: number): FrameCost {
  const decoded = decodeFrame(frame);
  const json = JSON.stringify(decoded, (_k, v) =>
    ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v,
  );
  return {
    msgpackBytes: frame.byteLength,
    msgpackDecodeMs: timeMedian(() => decodeFrame(frame), reps),
    jsonBytes: new TextEncoder().encode(json).length,
    jsonParseMs: timeMedian(() => JSON.parse(json), reps),
    jsonToTypedMs: timeMedian(() => toTyped(JSON.parse(json)), reps),
  };
}

/**
 * Opens a socket of its own to /ws, runs `source` on `data`, then moves `param` twice: without a view
 * (answered with the changed series in full) and with `view` (answered with a preview); returns the cost
 * of the first result (every series), of the move's result and of the preview.
 */
async function payload(
  source: string,
  data: { source: string },
  param: { name: string; value: number },
  reps: number,
  view: { from: number; to: number; width: number },
): Promise<{ full: FrameCost; move: FrameCost; preview: FrameCost }> {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  ws.binaryType = 'arraybuffer';
  const results: ArrayBuffer[] = [];
  const send = (m: ClientMessage) => ws.send(encodeFrame(m));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no results from /ws within 120 s')), 120_000);
    ws.onerror = () => reject(new Error('the benchmark socket failed'));
    ws.onmessage = (ev) => {
      const msg = decodeFrame(ev.data as ArrayBuffer) as ServerMessage;
      if (msg.type === 'ready') send({ type: 'open', seq: 1, source, data });
      else if (msg.type === 'error' || msg.type === 'diagnostics')
        reject(new Error(`the server answered ${msg.type}: ${JSON.stringify(msg).slice(0, 400)}`));
      else if (msg.type === 'result' || msg.type === 'preview') {
        results.push(ev.data as ArrayBuffer);
        if (results.length === 1) send({ type: 'params', seq: 2, params: { [param.name]: param.value } });
        else if (results.length === 2)
          send({ type: 'params', seq: 3, params: { [param.name]: param.value + 1 }, view });
        else {
          clearTimeout(timer);
          resolve();
        }
      }
    };
  });
  ws.close();
  return {
    full: frameCost(results[0], reps),
    move: frameCost(results[1], reps),
    preview: frameCost(results[2], reps),
  };
}

const api = { renders, firstFullChart, slide, payload, sentView: () => sentView };
export type LiveBench = typeof api;
(window as unknown as { btLive: LiveBench }).btLive = api;
