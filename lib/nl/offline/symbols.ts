// Names of markets: companies and indexes people name in words, tickers typed in lower case, crypto
// coins, and exchanges (ccxt ids). Only common ones; anything else is typed as a ticker (AAPL, $GME).
import { PhraseTable } from './phrases';

export interface SymbolName {
  readonly symbol: string;
  readonly source: 'yahoo' | 'ccxt';
  /** Trailing number of the name ("S&P 500", "Nasdaq 100", "Russell 2000") that may follow. */
  readonly tail?: number;
}

const stock = (symbol: string, tail?: number): SymbolName => ({
  symbol,
  source: 'yahoo',
  ...(tail && { tail }),
});
const coin = (base: string): SymbolName => ({ symbol: `${base}/USDT`, source: 'ccxt' });

export const COMPANIES = new PhraseTable<SymbolName>([
  ['apple', stock('AAPL')],
  ['microsoft', stock('MSFT')],
  ['google', stock('GOOG')],
  ['alphabet', stock('GOOGL')],
  ['amazon', stock('AMZN')],
  ['tesla', stock('TSLA')],
  ['nvidia', stock('NVDA')],
  ['meta', stock('META')],
  ['facebook', stock('META')],
  ['netflix', stock('NFLX')],
  ['intel', stock('INTC')],
  ['coca cola', stock('KO')],
  ['coca-cola', stock('KO')],
  ['jpmorgan', stock('JPM')],
  ['jp morgan', stock('JPM')],
  ['walmart', stock('WMT')],
  ['disney', stock('DIS')],
  ['boeing', stock('BA')],
  ['berkshire', stock('BRK-B')],
  ['berkshire hathaway', stock('BRK-B')],
  ['exxon', stock('XOM')],
  ['nike', stock('NKE')],
  ['mcdonalds', stock('MCD')],
  ['mcdonald', stock('MCD')],
  ['paypal', stock('PYPL')],
  ['salesforce', stock('CRM')],
  ['oracle', stock('ORCL')],
  ['adobe', stock('ADBE')],
  ['uber', stock('UBER')],
  ['spotify', stock('SPOT')],
  ['shopify', stock('SHOP')],
  ['palantir', stock('PLTR')],
  ['pfizer', stock('PFE')],
  ['starbucks', stock('SBUX')],
  ['costco', stock('COST')],
  ['gamestop', stock('GME')],
  ['sandp', stock('SPY', 500)],
  ['s and p', stock('SPY', 500)],
  ['spx', stock('SPY')],
  ['nasdaq', stock('QQQ', 100)],
  ['dow', stock('DIA')],
  ['dow jones', stock('DIA')],
  ['russell', stock('IWM', 2000)],
  ['gold', stock('GLD')],
  ['silver', stock('SLV')],
  ['bitcoin', coin('BTC')],
  ['ethereum', coin('ETH')],
  ['ether', coin('ETH')],
  ['solana', coin('SOL')],
  ['ripple', coin('XRP')],
  ['cardano', coin('ADA')],
  ['dogecoin', coin('DOGE')],
  ['litecoin', coin('LTC')],
  ['avalanche', coin('AVAX')],
  ['chainlink', coin('LINK')],
  ['polygon', coin('MATIC')],
]);

/** Tickers recognised even in lower case (elsewhere a ticker must be typed in capitals or as $TICKER). */
export const LOWER_TICKERS: ReadonlySet<string> = new Set(
  (
    'aapl msft goog googl amzn tsla nvda nflx amd intc spy qqq iwm dia gld slv tlt vti voo arkk jpm xom ' +
    'pypl crm orcl adbe pltr gme amc baba nio sofi'
  ).split(' '),
);

/** Coin tickers that mean the coin against USDT. */
export const COINS: ReadonlySet<string> = new Set('btc eth sol xrp ada doge ltc bnb avax matic'.split(' '));

/** Exchanges by name → ccxt id. */
export const EXCHANGES = new PhraseTable<string>([
  ['binance', 'binance'],
  ['binance us', 'binanceus'],
  ['coinbase', 'coinbase'],
  ['coinbase pro', 'coinbase'],
  ['kraken', 'kraken'],
  ['bybit', 'bybit'],
  ['okx', 'okx'],
  ['okex', 'okx'],
  ['bitfinex', 'bitfinex'],
  ['kucoin', 'kucoin'],
  ['bitstamp', 'bitstamp'],
  ['gemini', 'gemini'],
  ['huobi', 'huobi'],
  ['htx', 'htx'],
  ['gateio', 'gateio'],
  ['bitget', 'bitget'],
  ['mexc', 'mexc'],
]);

/** Upper-case words that are not tickers even in capitals. */
export const NOT_TICKERS: ReadonlySet<string> = new Set(
  (
    'us usa uk eu usd eur gbp jpy etf etfs eod ok am pm utc est pst tp sl dca ath ytd ceo ai ml api csv json ' +
    'html css js nyse important note ps fyi asap imo btw lol tf dma pct bps bp sd std id faq vs ira roth ' +
    'usdt usdc busd dai sl tp atr rsi ema sma wma macd adx cci mfi obv vwap roc bb'
  ).split(' '),
);
