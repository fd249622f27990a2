// Drawdown of an equity curve: shared with the server's previews, so it lives in lib/ui.
export { drawdownPct, maxDrawdown } from '../../../lib/ui';
