// Public surface of the engine: pure functions on typed arrays, no I/O.

export { drawdownFrom, drawdownPct, maxDrawdown } from './drawdown';
export * from './excursions';
export * from './higher';
export * from './indicators';
export * from './periods';
export { percentileSorted } from './quantile';
export { Rng } from './rng';
export { lowerBound, upperBound } from './search';
export * from './series';
export type { ScratchSim, SimResult } from './simulate';
export { simulate, simulateInto, validateSimInput } from './simulate';
export * from './stats';
export * from './stats-format';
export * from './sweep';
export * from './timeframe';
export * from './trades';
export * from './types';
