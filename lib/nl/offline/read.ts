// Reading a request: tokens, typo correction, then the market pass, the costs pass and the rules.

import { bandSides } from './bands';
import { type Parsed, parseRules } from './clauses';
import { Ctx } from './context';
import { correctTypos, DICT } from './dict';
import { rewriteIdioms } from './idioms';
import type { Issue } from './ir';
import { INDICATOR_NAMES } from './lexicon';
import { type MarketFacts, marketPass } from './market';
import { type CostFacts, costsPass } from './money';
import { type OrderFacts, ordersPass } from './orders';
import { type PortfolioFacts, portfolioIssues, portfolioPass } from './portfolio';
import { type Tok, tokenize } from './tokens';
import { ACTIONS } from './words';

export interface Reading {
  readonly toks: Tok[];
  readonly market: MarketFacts;
  /** How several markets share one account (equal weight, at most N positions, ...). */
  readonly portfolio: PortfolioFacts;
  readonly costs: CostFacts;
  /** Stops and targets in ATRs, exits after N bars, risk sizing, commission, resting entries. */
  readonly orders: OrderFacts;
  readonly parsed: Parsed;
  /** Issues of all passes, in the order found. */
  readonly issues: Issue[];
  /** Does the request contain an order word (buy, sell, short, ...)? */
  readonly hasAction: boolean;
  /** Does it read like a question about the market rather than a strategy? */
  readonly asksQuestion: boolean;
  /** Did any indicator or rule-like wording appear? */
  readonly mentionsIndicator: boolean;
  /** Does it say "when"/"if" anywhere (a condition, even one not understood)? */
  readonly hasWhen: boolean;
}

const QUESTION_START =
  /^(what|whats|will|how|hows|why|whys|is|are|should|can|could|does|do|which|who|where|would|predict|forecast|tell)$/;

/** Case carries meaning (tickers in capitals) unless the request is written all in capitals. */
function caseMatters(text: string): boolean {
  const lower = (text.match(/[a-z]/g) ?? []).length;
  const upper = (text.match(/[A-Z]/g) ?? []).length;
  return lower >= upper / 2;
}

export interface ReadOptions {
  /** Parser memory to start from (a revision starts from the pending strategy's). */
  readonly ctx?: Ctx;
  /** Runs after the market pass, before the costs pass (revisions take "remove the stop loss" here). */
  readonly beforeCosts?: (toks: Tok[]) => void;
  /** Runs before the rules are read (revisions take "use EMA instead", "20 instead of 50" here). */
  readonly beforeRules?: (toks: Tok[]) => void;
}

/**
 * List markers are not numbers: "(1) the close breaking above ... and (2) ATR(14) > ..." (but "RSI (2)"
 * after an indicator name is a period).
 */
function enumerators(toks: Tok[]): Tok[] {
  return toks.filter((t, i) => {
    const open = toks[i - 1];
    const close = toks[i + 1];
    // an indicator name that ends right before the parenthesis takes it as its period
    const named = [2, 3, 4].some((k) => INDICATOR_NAMES.match(toks, i - k)?.end === i - 1);
    const marker =
      t.kind === 'num' &&
      !t.unit &&
      Number.isInteger(t.n) &&
      t.n >= 1 &&
      t.n <= 9 &&
      open?.w === '(' &&
      close?.w === ')' &&
      !named &&
      // a list starts a statement: "(1) ...", "I need (1) ... and (2) ..."
      (!toks[i - 2] ||
        toks[i - 2].kind === 'sym' ||
        /^(and|or|need|needs|require|requires|then|also|plus|both|with)$/.test(toks[i - 2].w)) &&
      toks[i + 2]?.kind === 'word';
    if (marker) open.used = close.used = true;
    return !marker;
  });
}

export function read(text: string, opts: ReadOptions = {}): Reading {
  const toks = enumerators(tokenize(text));
  const cm = caseMatters(text);
  correctTypos(toks, cm);
  rewriteIdioms(toks);
  const portfolio = portfolioPass(toks);
  const market = marketPass(toks, cm, (w) => DICT.has(w), portfolio.together);
  const pfIssues =
    portfolio.together && !market.issues.length
      ? portfolioIssues(market.markets ?? (market.symbol ? [market.symbol.symbol] : []), portfolio)
      : [];
  opts.beforeCosts?.(toks);
  bandSides(toks);
  const orders = ordersPass(toks, market.timeframe);
  const costs = costsPass(toks);
  opts.beforeRules?.(toks);
  const cx = opts.ctx ?? new Ctx(market.timeframe);
  const parsed = parseRules(toks, cx);
  let hasAction = false;
  for (let i = 0; i < toks.length && !hasAction; i++)
    hasAction = !!ACTIONS.match(toks, i) && toks[i].w !== 'close';
  const words = toks.filter((t) => t.kind === 'word');
  const asksQuestion = /\?\s*$/.test(text.trim()) || QUESTION_START.test(words[0]?.w ?? '');
  return {
    toks,
    market,
    portfolio,
    costs,
    orders,
    parsed,
    issues: [...market.issues, ...pfIssues, ...orders.issues, ...costs.issues, ...cx.issues],
    hasAction,
    asksQuestion,
    mentionsIndicator: cx.lastByFn.size > 0 || cx.events.length > 0,
    hasWhen: toks.some((t) => /^(when|whenever|if|once)$/.test(t.w)),
  };
}
