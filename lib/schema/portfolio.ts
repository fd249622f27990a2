// The portfolio part of a spec: one program over several markets in one account with shared cash
// (lib/portfolio runs it). Like the market it is a data choice, not code: compile leaves it out and lift
// takes it as an option. market.symbol is the first of the markets, so everything that reads one market
// (the saved strategy, the workspace) still opens on a real one.
import { z } from 'zod';
import { NAME_RE, PAIR_RE, PATH_RE, SYMBOL_RE, YAHOO_RE } from './consts';
import type { StrategySpec } from './spec';
import { pctWords } from './text';

/** Most markets in one portfolio (the chat's preview loads each of them). */
export const MAX_PORTFOLIO_MARKETS = 20;
export const REBALANCES = ['weekly', 'monthly', 'quarterly', 'yearly'] as const;

export const PortfolioSchema = z
  .strictObject({
    markets: z
      .array(z.string().regex(SYMBOL_RE))
      .min(2)
      .max(MAX_PORTFOLIO_MARKETS)
      .describe('every symbol traded, same source as market; the first is market.symbol'),
    allocation: z
      .union([
        z.literal('equal'),
        z.strictObject({
          weights: z
            .array(z.number().min(0).max(1))
            .min(2)
            .max(MAX_PORTFOLIO_MARKETS)
            .describe('one fraction per market, in order, adding up to at most 1'),
        }),
      ])
      .optional()
      .describe('"equal" or {"weights": [0.5, 0.3, 0.2]}; omit when not stated (equal)'),
    maxPositions: z
      .number()
      .int()
      .min(1)
      .max(MAX_PORTFOLIO_MARKETS)
      .optional()
      .describe('most positions open at once'),
    rankBy: z
      .string()
      .regex(NAME_RE)
      .optional()
      .describe('an indicator id: the higher value wins when more markets signal than slots are free'),
    rebalance: z.enum(REBALANCES).optional().describe('resize held positions to their weights each period'),
  })
  .describe('several markets in one account with shared cash; omit for one market');
export type Portfolio = z.infer<typeof PortfolioSchema>;

type Add = (path: string, message: string) => void;

/** The rules a portfolio can run (lib/portfolio: long only, market entries sized by weight, whole exits). */
function checkRules(spec: StrategySpec, add: Add): void {
  const p = 'portfolio';
  for (const [k, r] of spec.rules.entries()) {
    if (r.action === 'short' || r.action === 'cover')
      add(`rules[${k}].action`, `a portfolio is long only for now: remove the '${r.action}' rule`);
    else if (r.order)
      add(`rules[${k}].order`, 'a portfolio enters at market only: remove the limit or stop order');
    else if (r.action === 'buy' && r.size && !('percent' in r.size && r.size.percent === 1))
      add(
        `rules[${k}].size`,
        'a portfolio sizes each entry by its weight: remove the size (set weights in portfolio.allocation)',
      );
    else if (r.action === 'sell' && r.size && !('percent' in r.size && r.size.percent === 1))
      add(`rules[${k}].size`, 'a portfolio closes whole positions: remove the partial size');
  }
  if (Object.values(spec.risk).some((v) => v !== undefined))
    add(
      'risk',
      'a portfolio has no stops, targets or timed exits yet: remove them, or leave out the portfolio to run one market',
    );
  if ((spec.settings.pyramiding ?? 1) > 1)
    add(`${p}`, 'a portfolio holds one position per market: remove settings.pyramiding');
}

export function checkPortfolio(spec: StrategySpec, ids: ReadonlySet<string>, add: Add): void {
  const pf = spec.portfolio;
  if (!pf) return;
  const p = 'portfolio';
  const { source, symbol } = spec.market;
  if (source === 'synthetic')
    add(`${p}.markets`, 'a portfolio needs named markets: set market.source to "yahoo", "ccxt" or "csv"');
  const ok = (s: string) =>
    source === 'yahoo'
      ? YAHOO_RE.test(s)
      : source === 'ccxt'
        ? PAIR_RE.test(s)
        : source === 'csv'
          ? PATH_RE.test(s) && !s.startsWith('/') && !s.split('/').includes('..')
          : true;
  for (const [k, s] of pf.markets.entries())
    if (!ok(s)) add(`${p}.markets[${k}]`, `'${s}' is not a ${source} symbol like market.symbol`);
  const seen = new Set<string>();
  for (const [k, s] of pf.markets.entries()) {
    if (seen.has(s)) add(`${p}.markets[${k}]`, `'${s}' is listed twice: name each market once`);
    seen.add(s);
  }
  if (symbol !== pf.markets[0])
    add('market.symbol', `market.symbol must be the first of portfolio.markets ('${pf.markets[0]}')`);
  const n = pf.markets.length;
  const a = pf.allocation;
  if (a && a !== 'equal') {
    if (a.weights.length !== n)
      add(`${p}.allocation.weights`, `${a.weights.length} weights for ${n} markets: give one per market`);
    const sum = a.weights.reduce((x, y) => x + y, 0);
    if (sum > 1 + 1e-9)
      add(`${p}.allocation.weights`, `the weights add up to ${pctWords(sum)}: at most 100% (no leverage)`);
    if (!(sum > 0)) add(`${p}.allocation.weights`, 'the weights add up to 0: give each market a share');
  }
  if (pf.maxPositions !== undefined && pf.maxPositions > n)
    add(`${p}.maxPositions`, `at most ${n} positions can be open with ${n} markets`);
  if (pf.rankBy !== undefined && !ids.has(pf.rankBy))
    add(`${p}.rankBy`, `'${pf.rankBy}' is not an indicator id: rank by one of the indicators`);
  checkRules(spec, add);
}

const andList = (xs: readonly string[]) =>
  xs.length <= 2 ? xs.join(' and ') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;

/** "AAPL, MSFT and NVDA in one account: equal weight, at most 2 positions at once (…)". */
export function portfolioText(pf: Portfolio, rankTitle?: string): string {
  const a = pf.allocation;
  const rank = (rankTitle ?? pf.rankBy ?? '').replace(/^the /, '');
  const parts = [
    a && a !== 'equal'
      ? `weights ${pf.markets.map((m, k) => `${m} ${pctWords(a.weights[k] ?? 0)}`).join(', ')}`
      : 'equal weight',
  ];
  if (pf.maxPositions !== undefined)
    parts.push(
      `at most ${pf.maxPositions} position${pf.maxPositions === 1 ? '' : 's'} at once` +
        (pf.rankBy !== undefined ? ` (when more markets signal, the highest ${rank} is bought first)` : ''),
    );
  else if (pf.rankBy !== undefined) parts.push(`entries ranked by ${rank}`);
  if (pf.rebalance) parts.push(`rebalanced ${pf.rebalance}`);
  return `${andList(pf.markets)} in one account with shared cash: ${parts.join(', ')}`;
}

/** The portfolio's defaults the user did not state. */
export function portfolioAssumptions(pf: Portfolio): string[] {
  const out: string[] = [];
  if (pf.allocation === undefined)
    out.push(
      `equal weight: each entry buys 1/${Math.min(pf.markets.length, pf.maxPositions ?? pf.markets.length)} of the equity`,
    );
  if (pf.maxPositions === undefined) out.push('up to one position in each market at once');
  else if (pf.rankBy === undefined)
    out.push('when more markets signal than positions are free, the first in the list is bought');
  if (pf.rebalance === undefined) out.push('no rebalancing: positions keep their size until they close');
  return out;
}

/** Fixed key order, no undefined keys. */
export function normPortfolio(pf: Portfolio): Portfolio {
  const a = pf.allocation;
  return {
    markets: [...pf.markets],
    ...(a !== undefined && { allocation: a === 'equal' ? a : { weights: [...a.weights] } }),
    ...(pf.maxPositions !== undefined && { maxPositions: pf.maxPositions }),
    ...(pf.rankBy !== undefined && { rankBy: pf.rankBy }),
    ...(pf.rebalance !== undefined && { rebalance: pf.rebalance }),
  };
}

/** What changed between two portfolio parts, as diffSpecs lines. */
export function portfolioDiff(a: Portfolio | undefined, b: Portfolio | undefined): string[] {
  const text = (p: Portfolio | undefined) => (p ? portfolioText(p) : 'one market');
  return text(a) === text(b) ? [] : [`portfolio ${text(a)} → ${text(b)}`];
}
