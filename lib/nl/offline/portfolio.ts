// The portfolio pass: how several markets share one account ("equal weight", "weights 50/30/20", "at
// most 2 positions", "rebalance monthly", "rank by RSI", "as a portfolio", "across my watchlist"). It runs
// before the market pass, so that "monthly" after "rebalance" is not read as the timeframe and "rank by
// RSI" never reaches the rules. Whether the markets then become a portfolio is the market pass's call
// (market.ts): a list of markets plus one of these phrases is a portfolio; a bare list is asked about.
import { LIMITS, type Portfolio, REBALANCES, type StrategySpec } from '../../schema';
import type { Issue, Opnd } from './ir';
import { defaultParams, INDICATOR_NAMES } from './lexicon';
import { declare } from './phrases';
import type { Tok } from './tokens';

type Rebalance = (typeof REBALANCES)[number];

/** Words that put the markets in one account. */
export const TOGETHER = declare<true>('portfolios: one account', [
  {
    phrases:
      'portfolio|as a portfolio|as one portfolio|in a portfolio|portfolio of|in one account|one account|' +
      'a single account|one shared account|shared cash|sharing cash|share cash|share the cash|' +
      'watchlist|my watchlist|across my watchlist|across the watchlist|on my watchlist|across my list|' +
      'basket|as a basket|all together|together|all of them|all three|all four|all five|each of them|' +
      'between them|among them|across them|between the two|between those',
    yields: true,
    meaning: 'the markets named trade together in one account with shared cash (a portfolio)',
  },
]);

export const ALLOCATION = declare<'equal' | 'weights'>('portfolios: allocation', [
  {
    phrases:
      'equal weight|equal weights|equal weighted|equally weighted|equal weighting|equal-weight|' +
      'equal allocation|equally allocated|split equally|equal split|equal parts|equal shares|' +
      'same weight|same weights|evenly|evenly split|split evenly|equal size|equal sizes|same size',
    yields: 'equal',
    meaning: 'each entry buys an equal share of the equity: 1 / the number of markets (or of positions)',
  },
  {
    phrases:
      'weights|weight|weighted|weighting|weighted at|weights of|with weights|allocation|allocations|' +
      'allocate|allocated|split|split of|weights are',
    yields: 'weights',
    meaning: 'with numbers, one per market in order: fixed weights ("weights 50/30/20")',
  },
]);

/** "at most", "max": before the number of positions. */
export const AT_MOST = declare<true>('portfolios: at most', [
  {
    phrases:
      'at most|max|maximum|max of|a maximum of|no more than|not more than|up to|limit to|limit of|' +
      'limited to|cap of|capped at|cap at|only|hold|holding|keep|hold at most|hold up to|hold max|' +
      'keep at most|holding at most|only ever hold',
    yields: true,
    meaning: 'before the most positions open at once ("at most 2 positions")',
  },
]);

export const POSITIONS = declare<true>('portfolios: positions', [
  {
    phrases:
      'positions|position|open positions|open position|holdings|holding|names|stocks|slots|concurrent positions|' +
      'positions at a time|positions at once|at a time|at once|open at a time|open at once|simultaneous positions',
    yields: true,
    meaning: 'after a number: the most positions open at once ("2 positions at a time")',
  },
]);

export const REBALANCE_WORDS = declare<true>('portfolios: rebalancing', [
  {
    phrases: 'rebalance|rebalanced|rebalancing|rebalances|rebal|reweight|reweighted|reweighting|rebalance it',
    yields: true,
    meaning: 'with a period: resize held positions to their weights at the start of each period',
  },
]);

export const PERIODS = declare<Rebalance>('portfolios: rebalancing periods', [
  {
    phrases: 'weekly|every week|each week|once a week',
    yields: 'weekly',
    meaning: 'each week (from Monday)',
  },
  { phrases: 'monthly|every month|each month|once a month', yields: 'monthly', meaning: 'each month' },
  {
    phrases: 'quarterly|every quarter|each quarter|once a quarter',
    yields: 'quarterly',
    meaning: 'each quarter',
  },
  {
    phrases: 'yearly|annually|every year|each year|once a year',
    yields: 'yearly',
    meaning: 'each year',
  },
]);

export const RANK = declare<true>('portfolios: ranking', [
  {
    phrases:
      'rank by|ranked by|ranking by|rank on|rank them by|rank using|ranked on|prioritize by|prioritise by|' +
      'priority by|sort by|sorted by|order by|ordered by|pick by|choose by|prefer the highest|pick the highest|' +
      'buy the highest|favor the highest|favour the highest',
    yields: true,
    meaning: 'then an indicator: when more markets signal than slots are free, the highest is bought first',
  },
]);

/** The portfolio words a typo is corrected to ("wieght", "posiitons", "rebalnce"). */
export const PORTFOLIO_TARGETS = [
  'weight',
  'weights',
  'weighted',
  'position',
  'positions',
  'rebalance',
  'rebalanced',
  'rebalancing',
  'portfolio',
  'watchlist',
  'monthly',
  'weekly',
  'quarterly',
  'yearly',
  'annually',
  'allocation',
];

export const PORTFOLIO_TABLES = [TOGETHER, ALLOCATION, AT_MOST, POSITIONS, REBALANCE_WORDS, PERIODS, RANK];

export interface PortfolioFacts {
  /** Did the request say the markets trade together (any phrase above)? */
  together: boolean;
  /** The phrase that said so, for questions ("equal weight"). */
  cue?: string;
  allocation?: 'equal' | { weights: number[] };
  maxPositions?: number;
  rebalance?: Rebalance;
  rankBy?: Opnd;
  /** Names the watchlist ("across my watchlist"), for the question when no market is named. */
  watchlist: boolean;
  issues: Issue[];
}

const SEP = new Set([',', '/', 'and', '&', '+', 'plus', '-', ';']);

/** Numbers separated by '/', ',' or 'and' from toks[i]: "50/30/20", "50%, 30% and 20%". */
function numbersAt(toks: readonly Tok[], i: number): { ns: Tok[]; end: number } {
  const ns: Tok[] = [];
  let j = i;
  while (toks[j]?.kind === 'num') {
    ns.push(toks[j]);
    j++;
    if (SEP.has(toks[j]?.w ?? '') && toks[j + 1]?.kind === 'num') j++;
    else break;
  }
  return { ns, end: j };
}

/** Weights as fractions: percents (50, 50%) or fractions (0.5) that all look alike. */
function weightsOf(ns: readonly Tok[]): number[] | undefined {
  if (ns.length < 2) return undefined;
  const pct = ns.some((t) => t.unit === 'pct' || t.n > 1);
  const ws = ns.map((t) => (pct ? t.n / 100 : t.n));
  return ws.every((w) => Number.isFinite(w) && w >= 0 && w <= 1) ? ws.map((w) => +w.toFixed(6)) : undefined;
}

/** An indicator named after "rank by" ("RSI", "rsi 14", "momentum(20)"): its default periods otherwise. */
function rankAt(toks: readonly Tok[], i: number): { o: Opnd; end: number } | undefined {
  let j = i;
  if (toks[j]?.w === 'the' || toks[j]?.w === 'its' || toks[j]?.w === 'their') j++;
  const m = INDICATOR_NAMES.match(toks, j);
  if (!m || m.value.output || m.value.field) return undefined;
  const fn = m.value.fn;
  const params = [...defaultParams(fn)];
  let end = m.end;
  const open = toks[end]?.w === '(' ? 1 : 0;
  const n = toks[end + open];
  if (n?.kind === 'num' && !n.unit && Number.isInteger(n.n) && n.n >= 1 && n.n <= LIMITS.offset) {
    params[0] = n.n;
    end += open + 1 + (open && toks[end + open + 1]?.w === ')' ? 1 : 0);
  }
  // a period the lexicon has no custom for ("momentum"): 20 bars, stated on the card with the name
  for (const [k, p] of params.entries()) if (p === undefined) params[k] = 20;
  return {
    o: {
      k: 'ind',
      fn,
      src: { k: 'field', field: 'close', offset: 0 },
      params: params as number[],
      offset: 0,
    },
    end,
  };
}

const textOf = (toks: readonly Tok[], from: number, to: number) =>
  toks
    .slice(from, to)
    .map((t) => t.raw)
    .join(' ');

/** Reads the portfolio phrases, marking their tokens used (by 'market': the card's market line). */
export function portfolioPass(toks: Tok[]): PortfolioFacts {
  const f: PortfolioFacts = { together: false, watchlist: false, issues: [] };
  const take = (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      toks[k].used = true;
      toks[k].by = 'market';
    }
    f.together = true;
    f.cue ??= textOf(toks, from, to);
  };
  for (let i = 0; i < toks.length; i++) {
    if (toks[i].used) continue;
    const re = REBALANCE_WORDS.match(toks, i);
    if (re) {
      // "rebalance monthly", "rebalanced every quarter", "monthly rebalancing"
      const after = PERIODS.match(toks, re.end);
      const k = [1, 2, 3].find((d) => i - d >= 0 && PERIODS.match(toks, i - d)?.end === i);
      if (after) {
        f.rebalance = after.value;
        take(i, after.end);
        i = after.end - 1;
      } else if (k !== undefined) {
        f.rebalance = PERIODS.match(toks, i - k)!.value;
        take(i - k, re.end);
        i = re.end - 1;
      } else {
        f.issues.push({
          kind: 'market',
          text: textOf(toks, i, re.end),
          question: `How often should the portfolio rebalance: ${REBALANCES.join(', ')}?`,
        });
        take(i, re.end);
      }
      continue;
    }
    const al = ALLOCATION.match(toks, i);
    if (al?.value === 'equal') {
      f.allocation = 'equal';
      take(i, al.end);
      i = al.end - 1;
      continue;
    }
    if (al) {
      // "weights 50/30/20", "weighted 50/30/20", or "50/30/20 weights"
      let j = al.end;
      if (/^(of|at|are|is|:)$/.test(toks[j]?.w ?? '')) j++;
      const ahead = numbersAt(toks, j);
      let back: { ns: Tok[]; end: number; from: number } | undefined;
      for (let k = i - 1; k >= 0 && toks[k].kind === 'num'; k--) {
        const r = numbersAt(toks, k);
        if (r.end === i && r.ns.length >= 2) back = { ...r, from: k };
        if (k > 0 && SEP.has(toks[k - 1].w)) k--;
      }
      const got = ahead.ns.length >= 2 ? ahead : back;
      const ws = got && weightsOf(got.ns);
      if (got && ws) {
        f.allocation = { weights: ws };
        const from = got === back ? back.from : i;
        take(from, got === back ? al.end : ahead.end);
        i = (got === back ? al.end : ahead.end) - 1;
      } else if (got)
        f.issues.push({
          kind: 'market',
          text: textOf(toks, i, got.end),
          question:
            'The weights should be one share per market, in percent or as fractions (e.g. "weights 50/30/20"): what should they be?',
        });
      continue;
    }
    const rk = RANK.match(toks, i);
    if (rk) {
      const r = rankAt(toks, rk.end);
      if (r) {
        f.rankBy = r.o;
        take(i, r.end);
        i = r.end - 1;
      } else
        f.issues.push({
          kind: 'market',
          text: textOf(toks, i, rk.end + 1),
          question:
            'Which indicator should rank the markets when more signal than positions are free, e.g. "rank by RSI" or "rank by momentum"?',
        });
      continue;
    }
    // "at most 2 positions", "max 3 open positions", "2 positions at a time", "hold 5 names"
    const cap = AT_MOST.match(toks, i);
    const at = cap ? cap.end : i;
    const n = toks[at];
    if (n?.kind === 'num' && !n.unit && Number.isInteger(n.n)) {
      const noun = POSITIONS.match(toks, at + 1);
      const strong =
        !!noun &&
        (!!cap || /^(at|open|concurrent|simultaneous)/.test(toks[at + 1].w) || toks[noun.end]?.w === 'max');
      if (noun && strong) {
        const tail = POSITIONS.match(toks, noun.end);
        const max = toks[tail?.end ?? noun.end]?.w === 'max' ? 1 : 0;
        const end = (tail?.end ?? noun.end) + max;
        if (n.n >= 1 && n.n <= 50) f.maxPositions = n.n;
        else
          f.issues.push({
            kind: 'market',
            text: textOf(toks, i, end),
            question: `How many positions may be open at once? ${n.raw} is not a whole number from 1 to the number of markets.`,
          });
        take(cap ? i : at, end);
        i = end - 1;
        continue;
      }
    }
    const tg = TOGETHER.match(toks, i);
    if (tg) {
      if (toks.slice(i, tg.end).some((t) => t.w === 'watchlist' || t.w === 'list')) f.watchlist = true;
      take(i, tg.end);
      i = tg.end - 1;
    }
  }
  return f;
}

/** The portfolio part of a spec from the markets read and the facts above (rankBy is the caller's id). */
export function portfolioOf(markets: readonly string[], f: PortfolioFacts, rankId?: string): Portfolio {
  return {
    markets: [...markets],
    ...(f.allocation && { allocation: f.allocation }),
    ...(f.maxPositions !== undefined && { maxPositions: f.maxPositions }),
    ...(rankId && { rankBy: rankId }),
    ...(f.rebalance && { rebalance: f.rebalance }),
  };
}

/** Questions the portfolio's facts raise once the markets are known. */
export function portfolioIssues(markets: readonly string[], f: PortfolioFacts): Issue[] {
  const out: Issue[] = [...f.issues];
  const n = markets.length;
  if (n < 2) {
    out.push({
      kind: 'market',
      text: f.cue ?? 'portfolio',
      question: f.watchlist
        ? 'Which markets are on your watchlist? Name them, e.g. "across my watchlist: AAPL, MSFT and NVDA".'
        : `"${f.cue}" is about several markets in one account${n === 1 ? `, but only ${markets[0]} is named` : ''}: which markets should it trade together, e.g. "on AAPL, MSFT and NVDA"?`,
    });
    return out;
  }
  const a = f.allocation;
  if (a && a !== 'equal') {
    const sum = a.weights.reduce((x, y) => x + y, 0);
    const shown = a.weights.map((w) => `${+(w * 100).toFixed(2)}%`).join('/');
    if (a.weights.length !== n)
      out.push({
        kind: 'market',
        text: shown,
        question: `There are ${n} markets (${markets.join(', ')}) but ${a.weights.length} weights (${shown}): which weight goes with each market, in order?`,
      });
    else if (sum > 1 + 1e-9)
      out.push({
        kind: 'market',
        text: shown,
        question: `The weights ${shown} add up to ${+(sum * 100).toFixed(2)}%, more than the account holds (no leverage): which weights should it use?`,
      });
  }
  if (f.maxPositions !== undefined && f.maxPositions > n)
    out.push({
      kind: 'market',
      text: `${f.maxPositions} positions`,
      question: `At most ${f.maxPositions} positions with ${n} markets is no limit: should it be fewer (1 to ${n - 1}), or no limit?`,
    });
  return out;
}

/**
 * What a portfolio cannot run yet (lib/portfolio: long entries at market sized by weight, whole exits),
 * asked as one question: leave it out, or trade one market.
 */
export function portfolioFit(spec: StrategySpec): Issue | undefined {
  const pf = spec.portfolio;
  if (!pf) return undefined;
  const rules = spec.rules;
  const risk = spec.risk;
  const what = rules.some((r) => r.action === 'short' || r.action === 'cover')
    ? 'short positions'
    : rules.some((r) => r.order)
      ? 'limit or stop entries'
      : Object.values(risk).some((v) => v !== undefined)
        ? 'stops, targets or timed exits'
        : rules.some((r) => r.size && !('percent' in r.size && r.size.percent === 1))
          ? 'sizes of their own (each entry buys its weight)'
          : (spec.settings.pyramiding ?? 1) > 1
            ? 'several entries in one market'
            : undefined;
  if (!what) return undefined;
  const ms = pf.markets;
  return {
    kind: 'unsupported',
    text: what,
    question: `A portfolio of ${ms.length} markets cannot use ${what} yet. Should I trade ${ms.slice(0, -1).join(', ')} and ${ms.at(-1)} together without them, or keep them on one market: ${ms.join(' or ')}?`,
    ask: { kind: 'market', choices: [...ms], phrases: [...ms], choiceOf: ms.map((_, k) => k) },
  };
}
