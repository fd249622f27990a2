// Bars handed to compute workers without a copy per run: the six columns of a dataset copied once into a
// SharedArrayBuffer, remembered per Bars object (the data caches hand the same object to every session
// on that data), and viewed in place by the workers.
import type { Bars } from '../../lib/engine';

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

export interface SharedBars {
  /** Identifies the dataset across messages: a worker keeps its views (and caches) while it is the same. */
  readonly id: number;
  readonly buffer: SharedArrayBuffer;
  readonly length: number;
}

const shared = new WeakMap<Bars, SharedBars>();
const ids = new WeakMap<Bars, number>();
let nextId = 1;

/** A stable id for a Bars object (for runs that pass the bars themselves). */
export function barsId(bars: Bars): number {
  let id = ids.get(bars);
  if (id === undefined) {
    id = nextId++;
    ids.set(bars, id);
  }
  return id;
}

/** The bars in one SharedArrayBuffer, copied on the first call for this Bars object only. */
export function shareBars(bars: Bars): SharedBars {
  const hit = shared.get(bars);
  if (hit) return hit;
  const n = bars.close.length;
  const buffer = new SharedArrayBuffer(n * 8 * COLUMNS.length);
  COLUMNS.forEach((k, i) => {
    new Float64Array(buffer, i * n * 8, n).set(bars[k]);
  });
  const s: SharedBars = { id: barsId(bars), buffer, length: n };
  shared.set(bars, s);
  return s;
}

/** Float64Array views of the shared columns (no copy). */
export function viewBars(s: SharedBars): Bars {
  const col = (i: number) => new Float64Array(s.buffer, i * s.length * 8, s.length);
  return { time: col(0), open: col(1), high: col(2), low: col(3), close: col(4), volume: col(5) };
}

/**
 * The distinct ArrayBuffers behind the typed arrays in `values` (a few levels deep), to transfer rather
 * than copy. Shared buffers are left out: they are shared, not moved.
 */
export function transferables(...values: unknown[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const walk = (v: unknown, depth: number): void => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
      return;
    }
    if (depth === 0 || v === null || typeof v !== 'object') return;
    for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x, depth - 1);
  };
  for (const v of values) walk(v, 4);
  return [...out];
}
