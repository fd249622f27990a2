// The words of a program besides registry functions and settings: each statement's keyword arguments and
// what they mean, and the position-state series. The checker takes the keys it allows from here; the
// editor's completion (lib/ui/completion.ts) offers and explains the same ones, so the two cannot drift.
import type { PositionName } from './check-expr';

export interface KeywordArg {
  readonly name: string;
  readonly doc: string;
  /** Only on buy/short (an entry): prices to enter at, how long to wait, the entry's own stop and target. */
  readonly entryOnly?: boolean;
}

/** buy/short and sell/cover: SIZE forms, then an entry's prices. */
export const ORDER_ARGS: readonly KeywordArg[] = [
  { name: 'units', doc: 'a number of units, e.g. units=10' },
  { name: 'cash', doc: 'an amount of cash, e.g. cash=1000' },
  {
    name: 'size',
    doc: 'a share of equity (size=50%), or for an entry with a stop size=risk(1%): the share of equity lost if the stop is hit',
  },
  {
    name: 'limit',
    doc: 'enter at this price or better (a resting limit order), e.g. limit=close * 0.98',
    entryOnly: true,
  },
  {
    name: 'stop',
    doc: 'enter once price reaches this level (a resting stop order), e.g. stop=highest(high, 20)',
    entryOnly: true,
  },
  {
    name: 'cancel_after',
    doc: 'bars a limit= or stop= order waits before it is cancelled, a whole number from 1, e.g. cancel_after=5',
    entryOnly: true,
  },
  {
    name: 'stop_loss',
    doc: "this entry's own stop price (over a top-level stop_loss), e.g. stop_loss=close - 2 * atr(14)",
    entryOnly: true,
  },
  {
    name: 'take_profit',
    doc: "this entry's own target price (over a top-level take_profit)",
    entryOnly: true,
  },
];

/** exit(after=N). */
export const EXIT_ARGS: readonly KeywordArg[] = [
  {
    name: 'after',
    doc: 'close each entry this many bars after it filled, a whole number from 1, e.g. exit(after=10)',
  },
];

/** stop_loss(price=…) and take_profit(price=…); trailing_stop takes a percentage only. */
export const RISK_PRICE_ARGS: readonly KeywordArg[] = [
  {
    name: 'price',
    doc: 'a price level instead of a percentage; of the position it may read position_avg_price, e.g. price=position_avg_price - 2 * atr(14)',
  },
];

export const INPUT_ARGS: readonly KeywordArg[] = [
  { name: 'min', doc: 'smallest value' },
  { name: 'max', doc: 'largest value' },
  { name: 'step', doc: 'slider step' },
  { name: 'title', doc: 'label shown in the workspace' },
];

/** size=risk(P): the one call that is neither a registry function nor a statement. */
export const RISK_SIZE = {
  name: 'risk',
  signature: 'risk(P) → size',
  doc: 'size=risk(1%): each entry is sized so that hitting its stop loses P of equity (needs a stop_loss)',
} as const;

/** What each position-state series reads, as lib/engine/README.md's "Position state" table defines it. */
export const POSITION_DOCS: Readonly<Record<PositionName, string>> = {
  position_size: 'units held at the bar’s close: negative when short, 0 when flat',
  position_avg_price: 'average fill price of the open entries (slippage included); na when flat',
  bars_since_entry: 'bars since the position was opened (0 on that bar); na when flat',
  open_profit: 'side × (close / average price − 1): 0.05 is up 5%, fees not counted; 0 when flat',
};

/** Keyword arguments by statement name, for completion. */
export function keywordArgsOf(statement: string): readonly KeywordArg[] {
  switch (statement) {
    case 'buy':
    case 'short':
      return ORDER_ARGS;
    case 'sell':
    case 'cover':
      return ORDER_ARGS.filter((a) => !a.entryOnly);
    case 'exit':
      return EXIT_ARGS;
    case 'stop_loss':
    case 'take_profit':
      return RISK_PRICE_ARGS;
    case 'input':
      return INPUT_ARGS;
    default:
      return [];
  }
}
