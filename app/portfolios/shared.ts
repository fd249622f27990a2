// What the portfolio pages share: the API's shapes as the browser sees them, the starting program, and
// the editor's form turned into the API's body and back.
import type { PortfolioAllocation, PortfolioDetail, PortfolioMarket, PortfolioRange } from '../../lib/store';
import { ApiFailure } from '../components/api';

export interface Problem {
  message: string;
  hint?: string;
}

export const asProblem = (e: unknown): Problem =>
  e instanceof ApiFailure ? { message: e.message, hint: e.hint } : { message: (e as Error).message };

/** A new portfolio's program: a golden cross, with a momentum line to rank entries by. */
export const STARTER_SOURCE = `strategy("Golden cross", capital=100000, fee=0.1%)

fast = sma(close, 50)
slow = sma(close, 200)
momentum = roc(close, 20)

if crossover(fast, slow):
    buy(market, 100%)
if crossunder(fast, slow):
    sell(market, 100%)
`;

/** Offline sample markets (generated, the same every time), for trying the page without a network. */
export const SAMPLE_MARKETS = ['synthetic:1:2500:1d', 'synthetic:2:2500:1d', 'synthetic:3:2500:1d'];

export interface StrategyOption {
  id: string;
  name: string;
}

/** The editor's state: every field as typed (strings), read when saving. */
export interface Form {
  name: string;
  program: 'own' | 'strategy';
  source: string;
  strategyId: string;
  /** `key` only tells the rows apart while editing. */
  markets: { key: string; source: string; weight: string; rate: string }[];
  weighting: 'equal' | 'weights';
  maxPositions: string;
  rankBy: string;
  rebalance: PortfolioAllocation['rebalance'];
  currency: string;
  from: string;
  to: string;
  note: string;
}

const pct = (w: number | null | undefined) => (w == null ? '' : String(Math.round(w * 1e6) / 1e4));

export function formOf(p: PortfolioDetail): Form {
  const h = p.head;
  return {
    name: p.name,
    program: h.strategyId ? 'strategy' : 'own',
    source: h.source ?? STARTER_SOURCE,
    strategyId: h.strategyId ?? '',
    markets: h.markets.map((m, i) => ({
      key: `m${i}`,
      source: m.source,
      weight: pct(m.weight),
      rate: m.rate ?? '',
    })),
    weighting: h.allocation.weighting,
    maxPositions: h.allocation.maxPositions == null ? '' : String(h.allocation.maxPositions),
    rankBy: h.allocation.rankBy ?? '',
    rebalance: h.allocation.rebalance,
    currency: h.currency,
    from: h.range?.from ?? '',
    to: h.range?.to ?? '',
    note: '',
  };
}

/** The API body of a form (the server checks every field and says what is wrong). */
export function bodyOf(f: Form) {
  const markets: PortfolioMarket[] = f.markets
    .filter((m) => m.source.trim() !== '')
    .map((m) => ({
      source: m.source.trim(),
      weight: m.weight.trim() === '' ? null : Number(m.weight) / 100,
      rate: m.rate.trim() === '' ? null : m.rate.trim(),
    }));
  const range: PortfolioRange | null = f.from || f.to ? { from: f.from || null, to: f.to || null } : null;
  return {
    name: f.name,
    ...(f.program === 'strategy' ? { strategyId: f.strategyId } : { source: f.source }),
    markets,
    allocation: {
      weighting: f.weighting,
      maxPositions: f.maxPositions.trim() === '' ? null : Number(f.maxPositions),
      rankBy: f.rankBy.trim() || null,
      rebalance: f.rebalance,
    },
    currency: f.currency,
    range,
    ...(f.note.trim() ? { note: f.note.trim() } : {}),
  };
}

/** What a run answers (the route's own type; erased from the bundle). */
export type { PortfolioRun as RunResult } from '../api/portfolios/_lib/run';
