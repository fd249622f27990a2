// The list's row shape: what the client needs of a StrategyListItem (plain JSON, no sources).
import type { StrategyListItem } from '../../lib/store';

export interface StrategyRow {
  id: string;
  name: string;
  kind: 'chat' | 'hand';
  updatedAt: number;
  headVersion: number;
  savedAt: number;
  note: string | null;
  data: { symbol: string; timeframe: string } | null;
}

export function toRow(s: StrategyListItem): StrategyRow {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    updatedAt: s.updatedAt,
    headVersion: s.headVersion,
    savedAt: s.head.createdAt,
    note: s.head.note,
    data: s.head.data ? { symbol: s.head.data.symbol, timeframe: s.head.data.timeframe } : null,
  };
}
