// Reference programs for the nl-examples.jsonl entries that are marked "clarify" only because the
// language lacked the feature when the file was written (issue 11). The shared file is updated by its
// owners; until then examples.test.ts checks these entries against the programs below instead.
// #49, #50 and #51 (1-based lines of ../shared/spec/nl-examples.jsonl).
export const NOW_STRATEGIES: Readonly<Record<string, { line: number; symbol: string; dsl: string }>> = {
  'buy the 20 day high breakout on QQQ, stop goes 2 ATR under my entry, nothing else': {
    line: 49,
    symbol: 'QQQ',
    dsl: `hh = highest(high, 20)[1]
if crossover(close, hh):
    buy(market, 100%)
stop_loss(price=position_avg_price - 2 * atr(14))
`,
  },
  'keltner breakout on QQQ - long on a close outside the upper keltner channel, out when price is back inside':
    {
      line: 50,
      symbol: 'QQQ',
      dsl: `[kmid, kup, klo] = keltner(close, 20, 2)
if close > kup:
    buy(market, 100%)
if close < kup:
    sell(market, 100%)
`,
    },
  '+DI / -DI crossover system: +DI over -DI means long, -DI over +DI means exit': {
    line: 51,
    symbol: '',
    // "+DI over -DI means long" is the level, as "the MACD over its signal means long" is: it differs from
    // crossover(pdi, mdi) only in an entry on the first bar after the warm-up when +DI is already above.
    dsl: `[pdi, mdi, adx14] = dmi(14)
if pdi > mdi:
    buy(market, 100%)
if mdi > pdi:
    sell(market, 100%)
`,
  },
};
