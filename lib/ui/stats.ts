// Display of backtest statistics: the engine's one formatter (lib/engine/stats-format.ts), which the chat
// card, the reports and the CLI use too.
export {
  formatIsoTime,
  formatStat,
  HEADLINE_STATS,
  MISSING,
  STAT_GROUPS,
  type StatUnit,
  statLabel,
  statSlug,
  statTone,
  statUnit,
} from '../engine';
