// Portfolio requests (issue 14) as a trader types them: lists of markets written every way, the account's
// rules in casual words, typos; each with the portfolio part it must give and the program it must trade
// like. The unsure ones must come back as one precise question. Test data for portfolio.test.ts.
import type { Portfolio } from '../../schema';

const GOLDEN = `fast = sma(close, 50)
slow = sma(close, 200)
if crossover(fast, slow):
    buy(market)
if crossunder(fast, slow):
    sell(market)
`;
const EMA_10_30 = `fast = ema(close, 10)
slow = ema(close, 30)
if crossover(fast, slow):
    buy(market)
if crossunder(fast, slow):
    sell(market)
`;
const RSI_30_70 = `r = rsi(close, 14)
if r < 30:
    buy(market)
if r > 70:
    sell(market)
`;

export interface PortfolioExample {
  readonly text: string;
  readonly portfolio: Portfolio;
  /** A program that trades the same on every market (the portfolio part is not code). */
  readonly dsl: string;
  /** The indicator the markets are ranked by, as the card names it. */
  readonly rank?: RegExp;
}

export const PORTFOLIO_EXAMPLES: readonly PortfolioExample[] = [
  {
    text: 'golden cross on AAPL, MSFT and NVDA, equal weight, at most 2 positions',
    portfolio: { markets: ['AAPL', 'MSFT', 'NVDA'], allocation: 'equal', maxPositions: 2 },
    dsl: GOLDEN,
  },
  {
    text: 'golden cross on AAPL/MSFT/NVDA, weights 50/30/20, rebalance monthly',
    portfolio: {
      markets: ['AAPL', 'MSFT', 'NVDA'],
      allocation: { weights: [0.5, 0.3, 0.2] },
      rebalance: 'monthly',
    },
    dsl: GOLDEN,
  },
  {
    text: 'across my watchlist: AAPL, MSFT, NVDA, AMZN - buy when rsi < 30, sell when rsi > 70. max 2 positions, rank by rsi',
    portfolio: { markets: ['AAPL', 'MSFT', 'NVDA', 'AMZN'], maxPositions: 2, rankBy: 'rsi_line' },
    dsl: RSI_30_70,
    rank: /the highest RSI\(14\) is bought first/,
  },
  {
    text: 'ema 10/30 cross on aapl, msft and tsla as a portfolio, equally weighted',
    portfolio: { markets: ['AAPL', 'MSFT', 'TSLA'], allocation: 'equal' },
    dsl: EMA_10_30,
  },
  {
    text: 'run the 10/30 ema crossover across AAPL MSFT NVDA TSLA in one account, hold at most 3 at a time, rank by momentum, rebalanced quarterly',
    portfolio: {
      markets: ['AAPL', 'MSFT', 'NVDA', 'TSLA'],
      maxPositions: 3,
      rankBy: 'mom_line',
      rebalance: 'quarterly',
    },
    dsl: EMA_10_30,
    rank: /the highest 20-bar momentum of the close is bought first/,
  },
  {
    // typos: "eqaul wieght", "posiitons", "rebalnce"
    text: 'golden cross on SPY, QQQ & IWM, eqaul wieght, max 1 posiitons, rebalnce weekly',
    portfolio: { markets: ['SPY', 'QQQ', 'IWM'], allocation: 'equal', maxPositions: 1, rebalance: 'weekly' },
    dsl: GOLDEN,
  },
  {
    text: 'buy when rsi drops under 30 and sell above 70 on AAPL, MSFT; 60/40 split between them',
    portfolio: { markets: ['AAPL', 'MSFT'], allocation: { weights: [0.6, 0.4] } },
    dsl: RSI_30_70,
  },
  {
    text: 'BTC/USDT and ETH/USDT together, ema 10/30 cross, no more than 1 open position',
    portfolio: { markets: ['BTC/USDT', 'ETH/USDT'], maxPositions: 1 },
    dsl: EMA_10_30,
  },
];

/** Requests whose unsure part comes back as one precise question. */
export const PORTFOLIO_QUESTIONS: readonly { readonly text: string; readonly question: RegExp }[] = [
  {
    text: 'golden cross on AAPL, MSFT and NVDA',
    question:
      /^Should the strategy trade AAPL, MSFT and NVDA together in one account .* or only one of them: AAPL or MSFT or NVDA\?$/,
  },
  {
    text: 'golden cross on AAPL equal weight',
    question:
      /^"equal weight" is about several markets in one account, but only AAPL is named: which markets/,
  },
  {
    text: 'golden cross across my watchlist',
    question: /^Which markets are on your watchlist\? Name them/,
  },
  {
    text: 'ema 10/30 cross on aapl, msft, nvda as a portfolio, weights 50/30/30',
    question: /^The weights 50%\/30%\/30% add up to 110%, more than the account holds/,
  },
  {
    text: 'golden cross on AAPL, MSFT and NVDA, weights 50/50',
    question:
      /^There are 3 markets \(AAPL, MSFT, NVDA\) but 2 weights \(50%\/50%\): which weight goes with each market/,
  },
  {
    text: 'golden cross on AAPL and MSFT as a portfolio with a 5% stop loss',
    question:
      /^A portfolio of 2 markets cannot use stops, targets or timed exits yet\. Should I trade AAPL and MSFT together without them, or keep them on one market: AAPL or MSFT\?$/,
  },
  {
    text: 'golden cross on AAPL, MSFT and NVDA, at most 5 positions',
    question: /^At most 5 positions with 3 markets is no limit/,
  },
  {
    text: 'golden cross on AAPL, MSFT and NVDA equal weight, rank by',
    question: /^Which indicator should rank the markets/,
  },
  {
    text: 'golden cross on AAPL and BTC/USDT as a portfolio',
    question: /come from different sources .* which market should the strategy trade, AAPL or BTC\/USDT\?$/,
  },
];
