// Input schemas of the portfolios API. Sizes are bounded here, before the store sees anything; the store
// checks the meaning again (weights summing to at most 1, a cap within the markets, a known strategy).
import { z } from 'zod';
import { pathIdSchema } from '../../../../lib/http';
import { MAX_NAME, MAX_NOTE, MAX_SOURCE_CHARS, Params } from '../../strategies/_lib/schemas';

export const MAX_MARKETS = 100;
export const PORTFOLIO_BODY = {
  maxBytes: 256 * 1024,
  tooLargeHint: 'send a shorter program or fewer markets',
} as const;
export const PORTFOLIO_HINT =
  'send JSON like { "name": "Tech", "source": "buy(crossover(sma(close, 50), sma(close, 200)))\\nsell(crossunder(sma(close, 50), sma(close, 200)))", "markets": [{ "source": "yahoo:AAPL" }, { "source": "yahoo:MSFT" }], "allocation": { "weighting": "equal", "maxPositions": 2 } }';

export const PortfolioId = pathIdSchema('portfolio');
export const REBALANCE = ['none', 'weekly', 'monthly', 'quarterly', 'yearly'] as const;

const spec = z.string().trim().min(1, 'must not be empty').max(512);
const Market = z.strictObject({
  source: spec,
  weight: z.number().min(0).max(1).nullable().optional(),
  rate: z.string().trim().max(512).nullable().optional(),
});
const Allocation = z.strictObject({
  weighting: z.enum(['equal', 'weights']).optional(),
  maxPositions: z.number().int().min(1).max(MAX_MARKETS).nullable().optional(),
  rankBy: z.string().trim().max(64).nullable().optional(),
  rebalance: z.enum(REBALANCE).optional(),
});
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .nullable()
  .optional()
  .or(z.literal(''));
const Range = z.strictObject({
  timeframe: z.string().trim().max(8).nullable().optional(),
  from: day,
  to: day,
});

const definition = {
  source: z.string().max(MAX_SOURCE_CHARS).optional(),
  strategyId: pathIdSchema('strategy').optional(),
  strategyVersion: z.number().int().min(1).max(1_000_000_000).nullable().optional(),
  markets: z.array(Market).min(1, 'needs at least one market').max(MAX_MARKETS),
  allocation: Allocation.optional(),
  currency: z.string().trim().max(12).optional(),
  params: Params.optional(),
  range: Range.nullable().optional(),
  note: z.string().trim().max(MAX_NOTE).optional(),
};
const oneProgram = (b: { source?: string; strategyId?: string }) =>
  (b.source === undefined) !== (b.strategyId === undefined);
const programMessage = {
  message: 'give the program as either source or strategyId (exactly one)',
  path: ['source'],
};

export const CreatePortfolio = z
  .strictObject({ name: z.string().trim().min(1, 'must not be empty').max(MAX_NAME), ...definition })
  .refine(oneProgram, programMessage);
export type CreatePortfolio = z.infer<typeof CreatePortfolio>;

/** A new version; `name` renames it too. */
export const UpdatePortfolio = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(MAX_NAME).optional(),
    ...definition,
  })
  .refine(oneProgram, programMessage);
export type UpdatePortfolio = z.infer<typeof UpdatePortfolio>;

export const RunPortfolio = z.strictObject({
  version: z.number().int().min(1).max(1_000_000_000).optional(),
});
