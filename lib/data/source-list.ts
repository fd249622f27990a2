// A list of markets in one spec, as a trader writes a watchlist: 'yahoo:AAPL,MSFT,NVDA',
// 'ccxt:binance:BTC/USDT,ETH/USDT', or whole specs separated by spaces or commas where each names its
// source ('yahoo:SPY,csv:data/gold.csv'). Pure: expands to one spec per market, each checked by the
// caller's parseSource.

/** The most markets one list may name. */
export const MAX_MARKETS = 200;

const PREFIXED = /^(csv|synthetic|yahoo|ccxt):/;

/** One spec per market; a part without a source prefix continues the previous part's source. */
export function expandSources(list: string): string[] {
  const parts = list
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: string[] = [];
  let prefix = '';
  for (const p of parts) {
    if (PREFIXED.test(p)) {
      out.push(p);
      // What a bare symbol after this part means: the same source (and exchange, for ccxt).
      const fields = p.split(':');
      prefix = fields[0] === 'ccxt' ? `ccxt:${fields[1] ?? ''}:` : fields[0] === 'yahoo' ? 'yahoo:' : '';
    } else if (prefix) out.push(`${prefix}${p}`);
    else
      throw new RangeError(
        `'${p}' does not say where its data comes from: write it as yahoo:${p}, or put it after a yahoo: or ccxt: market`,
      );
    if (out.length > MAX_MARKETS)
      throw new RangeError(`the list names more than ${MAX_MARKETS} markets: split it into smaller lists`);
  }
  if (out.length === 0) throw new RangeError('the list names no market: e.g. yahoo:AAPL,MSFT,NVDA');
  return [...new Set(out)];
}
