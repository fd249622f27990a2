// The strategy schema: the validated object the chat produces (zod 4). Shapes and bounds live here;
// cross-references (ids, inputs, registry arity and bounds, tuple outputs) are checked in refs.ts.
import { z } from 'zod';
import { MAX_PYRAMIDING } from '../engine';
import {
  DATE_RE,
  FIELDS,
  type Field,
  INDICATOR_FNS,
  LIMITS,
  NAME_RE,
  SYMBOL_RE,
  TIMEFRAMES,
  type TimeframeLabel,
  TUPLE_OUTPUTS,
} from './consts';
import { PortfolioSchema } from './portfolio';

export type { Field } from './consts';

/** A value a condition or an indicator argument reads. Offsets read history: x[n], n bars ago. */
export type Operand =
  | { readonly field: Field; readonly offset?: number }
  | { readonly indicator: string; readonly offset?: number }
  | { readonly value: number }
  | { readonly input: string };

export type CrossOp = 'crossover' | 'crossunder' | 'cross';
export type CompareOp = '>' | '<' | '>=' | '<=';

export type Condition =
  | { readonly op: CrossOp; readonly a: Operand; readonly b: Operand }
  | { readonly op: CompareOp; readonly a: Operand; readonly b: Operand }
  | { readonly op: 'and' | 'or'; readonly args: readonly Condition[] }
  | { readonly op: 'not'; readonly arg: Condition }
  | { readonly op: 'rising' | 'falling'; readonly a: Operand; readonly n: Operand }
  /** arg evaluated on higher-timeframe bars (htf-api.md): seen once each higher bar has closed. */
  | { readonly op: 'htf'; readonly timeframe: TimeframeLabel; readonly arg: Condition };

export const CROSS_OPS: readonly CrossOp[] = ['crossover', 'crossunder', 'cross'];
export const COMPARE_OPS: readonly CompareOp[] = ['>', '<', '>=', '<='];

const name = z.string().regex(NAME_RE);
const offset = z
  .number()
  .int()
  .min(0)
  .max(LIMITS.offset)
  .describe('bars ago: 0 (the default) is the current bar, 1 the previous one');
/** One printable line (control characters are rejected in refs.ts, to keep the pattern plain). */
const title = z.string().min(1).max(LIMITS.name);
const num = z.number().min(-LIMITS.number).max(LIMITS.number);

export const OperandSchema: z.ZodType<Operand> = z
  .union(
    [
      z.strictObject({ field: z.enum(FIELDS), offset: offset.optional() }),
      z.strictObject({
        indicator: name.describe('the id of an entry of indicators'),
        offset: offset.optional(),
      }),
      z.strictObject({ value: num }),
      z.strictObject({ input: name.describe('the name of an entry of inputs') }),
    ],
    {
      error:
        'an operand is one of {"field": "close"}, {"indicator": "<id>"}, {"value": 30} or {"input": "<name>"}; field and indicator may add "offset": n',
    },
  )
  .meta({ id: 'Operand' });

export const ConditionSchema: z.ZodType<Condition> = z
  .lazy(() =>
    z.discriminatedUnion(
      'op',
      [
        z.strictObject({ op: z.enum(CROSS_OPS), a: OperandSchema, b: OperandSchema }),
        z.strictObject({ op: z.enum(COMPARE_OPS), a: OperandSchema, b: OperandSchema }),
        z.strictObject({
          op: z.enum(['and', 'or']),
          args: z.array(ConditionSchema).min(2).max(LIMITS.conditionArgs),
        }),
        z.strictObject({ op: z.literal('not'), arg: ConditionSchema }),
        z.strictObject({
          op: z.literal('htf'),
          timeframe: z.enum(TIMEFRAMES).describe('the higher bars arg is evaluated on: "1w", "1M", ...'),
          arg: ConditionSchema,
        }),
        z.strictObject({
          op: z.enum(['rising', 'falling']),
          a: OperandSchema,
          n: OperandSchema,
        }),
      ],
      {
        error: (iss) =>
          iss.code === 'invalid_union'
            ? 'op must be one of crossover, crossunder, cross, >, <, >=, <=, and, or, not, rising, falling, htf'
            : undefined,
      },
    ),
  )
  .meta({
    id: 'Condition',
    description:
      'crossover/crossunder/cross(a, b): an event on one bar; >, <, >=, <=: a level; and/or: all/any of args; not; rising/falling(a, n): a is above/below each of its previous n values, n as {"value": n} or {"input": "<name>"}; htf: arg on higher-timeframe bars (timeframe "1w"), indicators in it count those bars',
  });

const fraction = (lo: number, hi: number, what: string) => z.number().min(lo).max(hi).describe(what);

/** A whole number of bars from 1 (cancel_after=N, exit(after=N)). */
const bars = (what: string) =>
  z.number().int('a whole number of bars').min(1).max(LIMITS.offset).describe(what);

/** What a price is measured from: an operand, or the entry price (position_avg_price). */
export type PriceBase = Operand | { readonly position: 'avg_price' };

/**
 * A price an order rests at or an exit is placed at: `from`, moved by a fraction of itself (`percent`,
 * signed: -0.01 is 1% below) or by a multiple of a series (`add`, signed: -2 × ATR is 2 ATR below).
 */
export interface Price {
  readonly from: PriceBase;
  readonly percent?: number;
  readonly add?: { readonly times: number; readonly of: Operand };
}

export const PriceSchema: z.ZodType<Price> = z
  .strictObject({
    from: z.union([OperandSchema, z.strictObject({ position: z.literal('avg_price') })], {
      error:
        'a price is measured from an operand ({"field": "close"}, {"indicator": "<id>"}, {"value": 100}) or {"position": "avg_price"} (the entry price)',
    }),
    percent: fraction(-0.99, 10, 'signed fraction of from: -0.01 = 1% below, 0.02 = 2% above').optional(),
    add: z
      .strictObject({
        times: num.describe('signed multiple: -2 = 2 times below'),
        of: OperandSchema.describe('a series: {"indicator": "<id>"} or {"field": "..."}'),
      })
      .optional()
      .describe('from + times × of, e.g. 2 ATR under the entry: {"times": -2, "of": {"indicator": "atr14"}}'),
  })
  .meta({
    id: 'Price',
    description:
      'from, optionally moved by percent (a fraction of from) or by add (a multiple of a series), not both',
  });

/** An entry that rests at a price instead of filling at the next fill moment (buy/short only). */
export const OrderSchema = z.strictObject({
  type: z
    .enum(['limit', 'stop'])
    .describe(
      "'limit': fills at the price or better (a pullback); 'stop': once price trades through it (a breakout)",
    ),
  price: PriceSchema,
  cancelAfter: bars(
    'cancel if not filled this many bars after the signal; omit to rest until filled',
  ).optional(),
});
export type Order = z.infer<typeof OrderSchema>;

export const SizeSchema = z.union(
  [
    z.strictObject({
      percent: fraction(0.0001, 1, 'fraction: 1 = 100% of equity (buy/short) or of the position'),
    }),
    z.strictObject({ units: z.number().min(1e-8).max(LIMITS.number) }),
    z.strictObject({ cash: z.number().min(0.01).max(LIMITS.number) }),
    z.strictObject({
      risk: fraction(0.0001, 1, 'entries only: the fraction of equity lost if the stop is hit: 0.01 = 1%'),
    }),
  ],
  {
    error:
      'a size is one of {"percent": 0.5} (a fraction, 1 = 100%), {"units": 10}, {"cash": 1000} or {"risk": 0.01}',
  },
);
export type Size = z.infer<typeof SizeSchema>;

export const ACTIONS = ['buy', 'sell', 'short', 'cover', 'exit'] as const;
export type Action = (typeof ACTIONS)[number];

export const RuleSchema = z.strictObject({
  when: ConditionSchema,
  action: z.enum(ACTIONS),
  size: SizeSchema.optional().describe('omit for 100% (exit takes no size)'),
  order: OrderSchema.optional().describe('entries only; omit for a market order'),
});
export type Rule = z.infer<typeof RuleSchema>;

export const IndicatorSchema = z.strictObject({
  id: name.describe('the name rules use for this series'),
  fn: z.enum(INDICATOR_FNS as [string, ...string[]]).describe('a built-in function'),
  args: z
    .array(OperandSchema)
    .max(8)
    .describe(
      'in the function order: series as {"field"} or {"indicator"}, periods as {"value"} or {"input"}',
    ),
  output: z
    .enum(TUPLE_OUTPUTS as [string, ...string[]])
    .optional()
    .describe('which output of a function returning several series (macd, bb, dmi, ichimoku, ...)'),
  offset: offset.optional(),
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const InputSchema = z.strictObject({
  name,
  value: num.describe('the default'),
  min: num,
  max: num,
  step: z.number().min(1e-9).max(LIMITS.number),
  title: title.optional(),
});
export type Input = z.infer<typeof InputSchema>;

export const SettingsSchema = z.strictObject({
  capital: z.number().min(1).max(LIMITS.number).optional().describe('starting cash; omit when not stated'),
  fee: fraction(0, 0.1, 'commission per fill as a fraction: 0.001 = 0.1%').optional(),
  commission: z
    .number()
    .min(0)
    .max(LIMITS.number)
    .optional()
    .describe('a fixed commission in cash on every fill, beside fee'),
  slippage: fraction(0, 0.1, 'as a fraction of price: 0.0005 = 0.05%').optional(),
  fill: z
    .enum(['open', 'close'])
    .optional()
    .describe("'open': next bar's open (default); 'close': this bar's close"),
  units: z.enum(['whole', 'fractional']).optional(),
  pyramiding: z
    .number()
    .int('a whole number of entries: 1 (one position at a time) or more')
    .min(1)
    .max(MAX_PYRAMIDING)
    .optional()
    .describe('entries one direction may hold at once; omit for 1 (a buy while long is ignored)'),
});
export type StrategySettings = z.infer<typeof SettingsSchema>;

export const RiskSchema = z.strictObject({
  stopLoss: fraction(0.0001, 0.999, 'fraction below the entry price: 0.03 = 3%').optional(),
  takeProfit: fraction(0.0001, 9.99, 'fraction beyond the entry price').optional(),
  trailingStop: fraction(0.0001, 0.999, 'fraction from the best price since entry').optional(),
  stopLossAt: PriceSchema.optional().describe(
    'a stop at a price set when each entry fills (instead of stopLoss)',
  ),
  takeProfitAt: PriceSchema.optional().describe(
    'a target at a price set when each entry fills (instead of takeProfit)',
  ),
  exitAfter: bars('close each entry this many bars after its entry bar').optional(),
});
export type Risk = z.infer<typeof RiskSchema>;

export const RangeSchema = z.union(
  [
    z.strictObject({
      from: z.string().regex(DATE_RE).optional().describe('YYYY-MM-DD'),
      to: z.string().regex(DATE_RE).optional().describe('YYYY-MM-DD'),
    }),
    z.strictObject({ lastYears: z.number().int().min(1).max(LIMITS.lastYears) }),
  ],
  { error: 'a range is {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"} (either optional) or {"lastYears": n}' },
);
export type DateRange = z.infer<typeof RangeSchema>;

export const MarketSchema = z.strictObject({
  source: z.enum(['yahoo', 'ccxt', 'csv', 'synthetic']),
  symbol: z.string().regex(SYMBOL_RE).optional().describe('AAPL, BTC/USDT, or a CSV path'),
  exchange: z.string().max(40).optional().describe('ccxt exchange id, e.g. binance'),
  timeframe: z.enum(TIMEFRAMES).optional(),
  range: RangeSchema.optional(),
});
export type Market = z.infer<typeof MarketSchema>;

export const StrategySpecSchema = z
  .strictObject({
    version: z.literal(1),
    name: title,
    market: MarketSchema,
    settings: SettingsSchema,
    inputs: z.array(InputSchema).max(LIMITS.inputs),
    indicators: z.array(IndicatorSchema).max(LIMITS.indicators),
    rules: z.array(RuleSchema).max(LIMITS.rules).describe('applied in order on each bar'),
    risk: RiskSchema,
    portfolio: PortfolioSchema.optional(),
  })
  .describe(
    'A trading strategy. Leave out every setting the user did not state (defaults apply and are listed back). Fractions: 0.05 = 5%.',
  );
export type StrategySpec = z.infer<typeof StrategySpecSchema>;
