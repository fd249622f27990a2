// Loading a list of markets for batch and portfolio runs: concurrently (a few at a time, through the
// same loaders and caches as one market), each failure kept as that market's row.
import { expandSources, type LoadedData } from '../../lib/data';
import { USAGE_EXIT } from '../args';
import { loadData } from '../common';
import { CliError, type Io } from '../io';

export type MarketLoad =
  | { spec: string; symbol: string; data: LoadedData }
  | { spec: string; symbol: string; error: string };

const CONCURRENCY = 4;

export function marketSpecs(list: string[] | undefined, usage: string): string[] {
  if (!list?.length) throw new CliError('no markets given', USAGE_EXIT, `usage: ${usage}`);
  try {
    return [...new Set(list.flatMap(expandSources))];
  } catch (e) {
    throw new CliError((e as Error).message, USAGE_EXIT, undefined, { cause: e });
  }
}

const symbolOf = (spec: string) => spec.split(':').slice(1).join(':') || spec;

export async function loadMarkets(
  io: Io,
  specs: string[],
  from?: string,
  to?: string,
): Promise<MarketLoad[]> {
  const out: MarketLoad[] = new Array(specs.length);
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const i = next++;
      const spec = specs[i];
      try {
        const data = await loadData(io, spec, from, to);
        out[i] = { spec, symbol: data.symbol || symbolOf(spec), data };
      } catch (e) {
        out[i] = { spec, symbol: symbolOf(spec), error: (e as Error).message };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, specs.length) }, worker));
  // Two markets with one name (two synthetic series, one ticker from two sources) go by their specs.
  const count = new Map<string, number>();
  for (const m of out) count.set(m.symbol, (count.get(m.symbol) ?? 0) + 1);
  return out.map((m) => ((count.get(m.symbol) ?? 0) > 1 ? { ...m, symbol: m.spec } : m));
}
