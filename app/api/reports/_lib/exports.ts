// Shared by the runs.csv and runs.json exports: the strategy, its runs table, the download headers.

import { ApiError, checkId, intParam } from '../../../../lib/http';
import type { RunRow } from '../../../../lib/report';
import { formatDate, slug } from '../../../../lib/report';
import { MAX_TABLE_ROWS, runsTable } from '../../../../lib/report/server';
import { getStore } from '../../../../server/services';

export interface ExportData {
  strategy: { id: string; name: string };
  rows: RunRow[];
  download: boolean;
  fileName(ext: string): string;
}

export async function exportData(req: Request, params: Promise<{ strategyId: string }>): Promise<ExportData> {
  const strategyId = checkId((await params).strategyId, 'strategy');
  const url = new URL(req.url);
  const limit = intParam(url, 'limit', MAX_TABLE_ROWS, 1, MAX_TABLE_ROWS);
  const store = await getStore();
  const strategy = await store.strategies.get(strategyId);
  if (!strategy) throw new ApiError(404, `strategy '${strategyId}' not found`, 'check the id in the URL');
  const rows = await runsTable(store.db, strategyId, limit);
  const stamp = formatDate(Date.now());
  return {
    strategy: { id: strategy.id, name: strategy.name },
    rows,
    download: url.searchParams.get('download') !== '0',
    fileName: (ext) => `backtalk-${slug(strategy.name)}-runs-${stamp}.${ext}`,
  };
}

export function exportHeaders(type: string, data: ExportData, ext: string): Record<string, string> {
  return {
    'Content-Type': type,
    'Content-Disposition': `${data.download ? 'attachment' : 'inline'}; filename="${data.fileName(ext)}"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}
