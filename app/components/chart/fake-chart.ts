// A stand-in for an ECharts instance in the controller's tests: records what the controller hands it.
import type { WireTrades } from '../../../lib/transport';
import type { ChartLike } from './controller';
import { GRID_LEFT, GRID_RIGHT } from './option';

type Call = {
  option: { series?: ({ id: string; data?: Float64Array } & Record<string, unknown>)[] };
  opts: unknown;
};

export class FakeChart implements ChartLike {
  calls: Call[] = [];
  actions: Record<string, unknown>[] = [];
  handlers = new Map<string, (e: unknown) => void>();
  /** `plot` px of plot width (the grid's margins added), `height` px tall. */
  constructor(
    private readonly plot = 1000,
    private height = 800,
  ) {}
  /** Like ECharts: an option set without lazyUpdate is drawn at once, and 'finished' fires within the call. */
  setOption(option: unknown, opts?: unknown): void {
    this.calls.push({ option: option as Call['option'], opts });
    if (!(opts as { lazyUpdate?: boolean } | undefined)?.lazyUpdate) this.handlers.get('finished')?.({});
  }
  on(event: string, handler: (e: unknown) => void): void {
    this.handlers.set(event, handler);
  }
  /** Like ECharts: a dataZoom action fires the datazoom event. */
  dispatchAction(action: Record<string, unknown>): void {
    this.actions.push(action);
    if (action.type === 'dataZoom') this.handlers.get('datazoom')?.(action);
  }
  /** An explicit height sticks, as in ECharts (zrender keeps it until told otherwise). */
  resize(opts?: { height?: number }): void {
    if (opts?.height !== undefined) this.height = opts.height;
  }
  getWidth(): number {
    return this.plot + GRID_LEFT + GRID_RIGHT;
  }
  getHeight(): number {
    return this.height;
  }
  clear(): void {}
  dispose(): void {}
  /** The data each series was last given. */
  data(): Map<string, Float64Array> {
    const out = new Map<string, Float64Array>();
    for (const c of this.calls) for (const s of c.option.series ?? []) if (s.data) out.set(s.id, s.data);
    return out;
  }
  /** The last value given for a series' option property (merged over every call). */
  prop(id: string, key: string): unknown {
    let v: unknown;
    for (const c of this.calls)
      for (const s of c.option.series ?? []) if (s.id === id && key in s) v = s[key];
    return v;
  }
}

export function emptyTrades(): WireTrades {
  const f = () => new Float64Array(0);
  return {
    count: 0,
    closed: 0,
    entryBar: new Int32Array(0),
    exitBar: new Int32Array(0),
    entryTime: f(),
    exitTime: f(),
    entryPrice: f(),
    exitPrice: f(),
    quantity: f(),
    side: new Int8Array(0),
    fees: f(),
    pnl: f(),
    returnPct: f(),
    open: new Uint8Array(0),
    exitReason: new Uint8Array(0),
  };
}
