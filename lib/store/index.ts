// Backtalk's persistence layer, the part safe for the browser: the row types of strategies, versions,
// schedules, runs, bars and chats, and StoreError. Opening the DuckDB file and the repositories are in
// the server-only entry, server.ts.

export type { AlertChannel, AlertChannelInput, AlertDelivery, AlertsRepo } from './alerts';
export type { BarSeries, BarsLike, BarsRepo, Gap } from './bars';
export type { StoreDb } from './context';
export type {
  Conversation,
  ConversationDetail,
  ConversationListItem,
  ConversationsRepo,
  Message,
} from './conversations';
export type { StoreErrorCode } from './errors';
export { StoreError } from './errors';
export type { RunHistoryRow } from './history';
export { ID_PATTERN } from './ids';
export type { AppliedMigration, Migration } from './migrations';
export type {
  PaperBars,
  PaperEvent,
  PaperEventKind,
  PaperRepo,
  PaperRun,
  PaperRunInput,
  PaperStatus,
  PaperStep,
} from './paper';
export { PAPER_EVENT_KINDS, PAPER_LIMITS, PAPER_STATUSES } from './paper-kinds';
export type {
  PortfolioRun,
  PortfolioRunInput,
  PortfolioRunOverview,
  PortfolioRunsRepo,
} from './portfolio-runs';
export type {
  Portfolio,
  PortfolioDefinition,
  PortfolioDetail,
  PortfolioInput,
  PortfolioListItem,
  PortfoliosRepo,
  PortfolioVersion,
} from './portfolios';
export type { Run, RunFigures, RunInsert, RunResult, RunStart, RunSummary, RunsRepo } from './runs';
export type { RunOutcome, Schedule, ScheduleInput, SchedulePatch, SchedulesRepo } from './schedules';
export type {
  DataFallback,
  DataRef,
  JsonValue,
  PortfolioAllocation,
  PortfolioMarket,
  PortfolioRange,
  PortfolioRunStatus,
  RebalancePeriod,
  Role,
  RunStatus,
  RunTrigger,
  Signal,
  StatsJson,
  StrategyKind,
} from './schema';
export type { Store, StoreOptions } from './server';
export type {
  StrategiesRepo,
  Strategy,
  StrategyDetail,
  StrategyInput,
  StrategyListItem,
  StrategyVersion,
  VersionInput,
} from './strategies';
