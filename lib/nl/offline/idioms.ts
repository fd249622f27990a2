// Trader idioms for the channel and trend indicators, rewritten into the words the rules grammar reads:
// "supertrend flips up" is its direction crossing above 0, "price above the cloud" is above both leading
// spans, "a parabolic SAR flip" is the close crossing the SAR (the action gives the direction), "a
// donchian 20 breakout" is the 20-day high breakout, "a keltner channel breakout" a cross of its upper band.
// The replacement tokens keep the typed text's place, so questions still quote the request.
import { declare } from './phrases';
import { type Tok, tokenize } from './tokens';

const IDIOMS = declare<string>('idioms of channel and trend indicators', [
  {
    phrases:
      'supertrend flips up|supertrend turns up|supertrend flips bullish|supertrend turns bullish|' +
      'supertrend turns green|supertrend flips green|supertrend goes green|supertrend flips long',
    yields: 'supertrend direction crosses above 0',
    meaning: 'the SuperTrend direction turns up (crosses above 0)',
  },
  {
    phrases:
      'supertrend flips down|supertrend turns down|supertrend flips bearish|supertrend turns bearish|' +
      'supertrend turns red|supertrend flips red|supertrend goes red|supertrend flips short',
    yields: 'supertrend direction crosses below 0',
    meaning: 'the SuperTrend direction turns down (crosses below 0)',
  },
  {
    phrases: 'supertrend is up|supertrend is bullish|supertrend is green|supertrend uptrend',
    yields: 'supertrend direction > 0',
    meaning: 'the SuperTrend direction is up',
  },
  {
    phrases: 'supertrend is down|supertrend is bearish|supertrend is red|supertrend downtrend',
    yields: 'supertrend direction < 0',
    meaning: 'the SuperTrend direction is down',
  },
  {
    phrases:
      'price above the cloud|price is above the cloud|price above the kumo|price is above the kumo|' +
      'close above the cloud|closes above the cloud|above the cloud|above the kumo|above the ichimoku cloud',
    yields: 'price is above senkou span a and price is above senkou span b',
    meaning: 'above both leading spans of the Ichimoku cloud',
  },
  {
    phrases:
      'price below the cloud|price is below the cloud|price below the kumo|price is below the kumo|' +
      'close below the cloud|closes below the cloud|below the cloud|below the kumo|below the ichimoku cloud',
    yields: 'price is below senkou span a and price is below senkou span b',
    meaning: 'below both leading spans of the Ichimoku cloud',
  },
  {
    phrases:
      'on a parabolic sar flip|on the parabolic sar flip|on a sar flip|on the sar flip|on a psar flip|' +
      'on the psar flip|when the parabolic sar flips|when parabolic sar flips|when the sar flips|' +
      'when sar flips|when the psar flips|when psar flips|on the opposite flip|on the opposite sar flip',
    yields: 'when the close crosses the parabolic sar',
    meaning: 'the close crosses the parabolic SAR (up for a buy, down for a sell)',
  },
  {
    phrases:
      'on a donchian breakout|on the donchian breakout|on a donchian channel breakout|' +
      'on the donchian channel breakout|on a 20 day donchian breakout|donchian breakout',
    yields: 'the 20 day high breakout',
    meaning: 'a close above the 20-day high of the bars before (the upper Donchian channel, one bar back)',
  },
  {
    phrases:
      'on a keltner breakout|on the keltner breakout|on a keltner channel breakout|' +
      'on the keltner channel breakout|on an upper keltner breakout',
    yields: 'when the close crosses above the upper keltner channel',
    meaning: 'the close crosses above the upper Keltner channel',
  },
]);

export const IDIOM_TABLES = [IDIOMS];

/** "donchian 20 breakout", "donchian(55) breakout": the N-day high breakout. */
function donchianN(toks: Tok[], i: number): [string, number] | undefined {
  if (toks[i]?.w !== 'donchian') return undefined;
  let j = i + 1;
  if (toks[j]?.w === 'channel') j++;
  const paren = toks[j]?.w === '(';
  if (paren) j++;
  const n = toks[j];
  if (n?.kind !== 'num' || n.unit || !Number.isInteger(n.n) || n.n < 1) return undefined;
  j++;
  if (paren && toks[j]?.w === ')') j++;
  if (toks[j]?.w !== 'breakout') return undefined;
  return [`the ${n.n} day high breakout`, j + 1];
}

export function rewriteIdioms(toks: Tok[]): void {
  for (let i = 0; i < toks.length; i++) {
    if (toks[i].used) continue;
    const m = IDIOMS.match(toks, i);
    const d = m ? undefined : donchianN(toks, i);
    const [text, end] = m ? [m.value, m.end] : (d ?? []);
    if (text === undefined || end === undefined) continue;
    const first = toks[i];
    const last = toks[end - 1];
    const repl = tokenize(text).map((t, k) => ({
      ...t,
      raw:
        k === 0
          ? toks
              .slice(i, end)
              .map((x) => x.raw)
              .join(' ')
          : '',
      tight: k === 0 ? first.tight : t.tight,
      at: first.at,
      end: last.end,
    }));
    toks.splice(i, end - i, ...repl);
    i += repl.length - 1;
  }
}
