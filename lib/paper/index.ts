// Public surface of paper trading (pure: no I/O): a strategy stepping over bars as they close, the fills
// it makes, the executor seam, and feeds of closed bars.
export type { Execution, Executor } from './executor';
export { describeSignal, paperExecutor } from './executor';
export type { Feed, ReplayOptions } from './feed';
export { closedBars, replayFeed, sleep } from './feed';
export type { Fill } from './fills';
export { fillsOf, fillVerb } from './fills';
export type { Account, Opened, PaperConfig, Signal, Step } from './session';
export { MAX_PAPER_BARS, PaperSession, signalsAt } from './session';
