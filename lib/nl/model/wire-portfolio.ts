// The portfolio part in the model's form (issue 14): like the rest of the wire, percents are percent
// numbers (`weightsPercent: [50, 30, 20]`) and an unstated field is null. Equal weight is
// `weightsPercent: null` (the internal 'equal' and "not stated" read alike: both are equal weight).
import { MAX_PORTFOLIO_MARKETS, type Portfolio, REBALANCES, type SpecIssue } from '../../schema';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The schema of `portfolio` before strictify (which makes the optional fields nullable). */
export function portfolioWireSchema(): Obj {
  return {
    type: 'object',
    description:
      'several markets in one account with shared cash ("on AAPL, MSFT and NVDA, equal weight"); null for one market',
    properties: {
      markets: {
        type: 'array',
        items: { type: 'string' },
        minItems: 2,
        maxItems: MAX_PORTFOLIO_MARKETS,
        description: 'every symbol, same source; the first is market.symbol',
      },
      weightsPercent: {
        type: 'array',
        items: { type: 'number', minimum: 0, maximum: 100 },
        description: 'percent numbers, one per market in order: [50, 30, 20]; null for equal weight',
      },
      maxPositions: { type: 'integer', minimum: 1, maximum: MAX_PORTFOLIO_MARKETS },
      rankBy: { type: 'string', description: 'an indicator id ranking entries when slots are few' },
      rebalance: { type: 'string', enum: [...REBALANCES] },
    },
    required: ['markets'],
  };
}

export function portfolioOut(pf: Portfolio | undefined): Obj | null {
  if (!pf) return null;
  const a = pf.allocation;
  return {
    markets: [...pf.markets],
    weightsPercent: a && a !== 'equal' ? a.weights.map((w) => +(w * 100).toFixed(6)) : null,
    maxPositions: pf.maxPositions ?? null,
    rankBy: pf.rankBy ?? null,
    rebalance: pf.rebalance ?? null,
  };
}

/** The internal portfolio of the model's (validateSpec checks the rest), or undefined for null. */
export function portfolioIn(v: unknown, issues: SpecIssue[]): unknown {
  if (v === null || v === undefined) return undefined;
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null) continue;
    if (k === 'weightsPercent') {
      if (Array.isArray(x) && x.every((w) => typeof w === 'number' && w >= 0 && w <= 100))
        out.allocation = { weights: x.map((w) => +(w / 100).toFixed(8)) };
      else
        issues.push({
          path: 'portfolio.weightsPercent',
          message: 'percent numbers from 0 to 100, one per market: [50, 30, 20]',
        });
    } else if (k === 'markets' || k === 'maxPositions' || k === 'rankBy' || k === 'rebalance') out[k] = x;
    else if (k === 'allocation')
      issues.push({
        path: 'portfolio.allocation',
        message: 'use portfolio.weightsPercent (percent numbers), or null for equal weight',
      });
    else issues.push({ path: `portfolio.${k}`, message: `unknown field '${k}'` });
  }
  return out;
}
