// What the reports pages read from the store (server only).

import type { OverviewRow, Points, RunRow } from '../../../lib/report';
import { latestEquities, reportOverview, runsTable } from '../../../lib/report/server';
import type { StrategyDetail } from '../../../lib/store';
import { getStore } from '../../../server/services';
import { type ScheduleView, scheduleView } from '../../api/schedules/_lib/input';

export interface Problem {
  message: string;
  hint?: string;
}

export function asProblem(e: unknown): Problem {
  const err = e as Error & { hint?: string };
  return { message: err?.message ?? String(e), hint: err?.hint };
}

export interface OverviewItem extends OverviewRow {
  schedules: ScheduleView[];
}

export async function overview(): Promise<{
  items: OverviewItem[];
  unscheduled: { id: string; name: string }[];
}> {
  const store = await getStore();
  const [rows, schedules, strategies] = await Promise.all([
    reportOverview(store.db),
    store.schedules.list(),
    store.strategies.list(),
  ]);
  const byStrategy = new Map<string, ScheduleView[]>();
  for (const s of schedules) {
    const list = byStrategy.get(s.strategyId) ?? [];
    list.push(scheduleView(s));
    byStrategy.set(s.strategyId, list);
  }
  const listed = new Set(rows.map((r) => r.strategyId));
  return {
    items: rows.map((r) => ({ ...r, schedules: byStrategy.get(r.strategyId) ?? [] })),
    unscheduled: strategies.filter((s) => !listed.has(s.id)).map((s) => ({ id: s.id, name: s.name })),
  };
}

export interface StrategyReport {
  strategy: StrategyDetail;
  summary: OverviewRow | null;
  schedules: ScheduleView[];
  /** Newest first, at most 1000 (the charts use all of them, the table the first `shown`). */
  runs: RunRow[];
  history: { returnPct: Points; sharpe: Points; maxDrawdownPct: Points };
  latest: { label: string; points: Points; runId: string } | null;
  previous: { label: string; points: Points; runId: string } | null;
}

export async function strategyReport(strategyId: string): Promise<StrategyReport | null> {
  const store = await getStore();
  const strategy = await store.strategies.get(strategyId);
  if (!strategy) return null;
  const [summary, schedules, runs, equities] = await Promise.all([
    reportOverview(store.db, strategyId),
    store.schedules.list({ strategyId }),
    runsTable(store.db, strategyId, 1000),
    latestEquities(store, strategyId),
  ]);
  const history = { returnPct: [] as Points, sharpe: [] as Points, maxDrawdownPct: [] as Points };
  for (let i = runs.length - 1; i >= 0; i--) {
    const r = runs[i];
    if (r.status !== 'ok') continue;
    if (r.returnPct !== null) history.returnPct.push([r.startedAt, r.returnPct]);
    if (r.sharpe !== null) history.sharpe.push([r.startedAt, r.sharpe]);
    if (r.maxDrawdownPct !== null) history.maxDrawdownPct.push([r.startedAt, r.maxDrawdownPct]);
  }
  const line = (e: (typeof equities)['latest'], what: string) =>
    e ? { label: `${what} (v${e.version})`, points: e.points, runId: e.runId } : null;
  return {
    strategy,
    summary: summary[0] ?? null,
    schedules: schedules.map(scheduleView),
    runs,
    history,
    latest: line(equities.latest, 'Latest run'),
    previous: line(equities.previous, 'Previous run'),
  };
}
