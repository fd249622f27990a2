// The chart's drawdown pane reads the engine's one drawdown (lib/engine/drawdown.ts), so that the server's
// decimated preview (server/compute/runner.ts) and the report compute the very same values.
export { drawdownPct, maxDrawdown } from '../engine';
