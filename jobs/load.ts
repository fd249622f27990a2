// Fresh data for a scheduled run: every rerun loads its source again (remote sources fetch only what
// is newer than the bars already stored). csv: files come only from the data folder, as for the socket.
import type { LoadedData } from '../lib/data';
import { loadSource, serverSandbox } from '../lib/data/server';
import type { DataRef, Store } from '../lib/store';

export function freshLoader(store: Store): (data: DataRef) => Promise<LoadedData> {
  return (data) =>
    loadSource(data.source, {
      from: data.from ?? undefined,
      to: data.to ?? undefined,
      timeframe: data.timeframe || undefined,
      deps: { repo: store.bars },
      sandbox: serverSandbox(),
    });
}
