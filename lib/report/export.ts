// The runs table as CSV (RFC 4180) and as JSON, for the export links of a strategy's report.

import type { RunFigures } from '../store';
import { isoTime } from './format';
import type { RunRow } from './queries';

type Cell = string | number | boolean | null | undefined;

/**
 * One CSV field: quoted when it holds a comma, a quote, a line break or edge spaces (quotes doubled).
 * Text that a spreadsheet would read as a formula (= + - @ or a tab/CR first) gets a leading
 * apostrophe, so an error message cannot run as a formula when the file is opened. Numbers are
 * written in full precision and never altered.
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of cells as CSV text with CRLF line ends and a header row. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) {
    if (row.length !== header.length)
      throw new RangeError(`a CSV row has ${row.length} cells but the header has ${header.length}`);
    lines.push(row.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export const RUNS_CSV_HEADER = [
  'run_id',
  'started_at',
  'finished_at',
  'version',
  'trigger',
  'status',
  'error',
  'attempt',
  'schedule_id',
  'data_from',
  'data_to',
  'bars',
  'signal',
  'return_pct',
  'sharpe',
  'max_drawdown_pct',
  'trade_count',
  'equity_final',
  'previous_run_id',
  'return_pct_change',
  'sharpe_change',
  'max_drawdown_pct_change',
  'trade_count_change',
  'equity_final_change',
] as const;

/** The runs table as CSV, in the order given (the report passes newest first). Times are ISO 8601 UTC. */
export function runsCsv(rows: readonly RunRow[]): string {
  return toCsv(
    RUNS_CSV_HEADER,
    rows.map((r) => [
      r.id,
      isoTime(r.startedAt),
      isoTime(r.finishedAt),
      r.version,
      r.trigger,
      r.status,
      r.error,
      r.attempt,
      r.scheduleId,
      isoTime(r.dataFrom),
      isoTime(r.dataTo),
      r.bars,
      r.signal,
      r.returnPct,
      r.sharpe,
      r.maxDrawdownPct,
      r.tradeCount,
      r.equityFinal,
      r.previousRunId,
      r.returnPctChange,
      r.sharpeChange,
      r.maxDrawdownPctChange,
      r.tradeCountChange,
      r.equityFinalChange,
    ]),
  );
}

export interface RunJson extends RunFigures {
  id: string;
  version: number;
  trigger: RunRow['trigger'];
  status: RunRow['status'];
  error: string | null;
  attempt: number;
  scheduleId: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  dataFrom: string | null;
  dataTo: string | null;
  bars: number | null;
  signal: RunRow['signal'];
  previousRunId: string | null;
  /** This run's figures minus the previous successful run's; null when there is no previous one. */
  change: RunFigures | null;
}

export interface RunsJson {
  strategy: { id: string; name: string };
  generatedAt: string;
  /** Runs the strategy has in all; `runs` holds the most recent of them, newest first. */
  total: number;
  runs: RunJson[];
}

const num = (v: number | null) => (v === null || !Number.isFinite(v) ? null : v);

/** The runs table as a JSON document (times as ISO 8601 UTC, changes grouped). */
export function runsJson(
  strategy: { id: string; name: string },
  rows: readonly RunRow[],
  now: number,
): RunsJson {
  return {
    strategy: { id: strategy.id, name: strategy.name },
    generatedAt: isoTime(now) ?? '',
    total: rows.length ? rows[0].total : 0,
    runs: rows.map((r) => ({
      id: r.id,
      version: r.version,
      trigger: r.trigger,
      status: r.status,
      error: r.error,
      attempt: r.attempt,
      scheduleId: r.scheduleId,
      startedAt: isoTime(r.startedAt),
      finishedAt: isoTime(r.finishedAt),
      dataFrom: isoTime(r.dataFrom),
      dataTo: isoTime(r.dataTo),
      bars: r.bars,
      signal: r.signal,
      returnPct: num(r.returnPct),
      sharpe: num(r.sharpe),
      maxDrawdownPct: num(r.maxDrawdownPct),
      tradeCount: r.tradeCount,
      equityFinal: num(r.equityFinal),
      previousRunId: r.previousRunId,
      change:
        r.previousRunId === null
          ? null
          : {
              returnPct: num(r.returnPctChange),
              sharpe: num(r.sharpeChange),
              maxDrawdownPct: num(r.maxDrawdownPctChange),
              tradeCount: r.tradeCountChange,
              equityFinal: num(r.equityFinalChange),
            },
    })),
  };
}
