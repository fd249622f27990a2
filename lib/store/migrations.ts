// Ordered schema migrations and their runner. drizzle's own pg-proxy migrator needs SERIAL, which
// DuckDB lacks, so this small runner records applied migrations in `_migrations` and applies the
// missing ones in order at open, each in its own transaction. Never edit an applied migration:
// append a new one.
//
// No FOREIGN KEY constraints: DuckDB refuses ordinary UPDATEs of a parent row that is referenced
// (e.g. renaming a strategy that has versions fails with "Violates foreign key constraint" — a
// documented limitation of its over-eager constraint checking). The repositories check references
// instead (strategy exists and is live, version exists, conversation exists) inside their transactions.
import type { Connection } from './connection';
import { StoreError } from './errors';

export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Rebuilds `table` as `create` (its CREATE TABLE, same columns in the same order) keeping every row:
 * DuckDB cannot change a constraint in place.
 */
export function rebuildTable(table: string, create: string): string {
  return `ALTER TABLE ${table} RENAME TO ${table}_v1;
${create.trim()}
INSERT INTO ${table} SELECT * FROM ${table}_v1;
DROP TABLE ${table}_v1;`;
}

/** A NOT NULL column added to a table with rows: existing rows take `fallback`. */
export function addRequiredColumn(table: string, column: string, type: string, fallback: string): string {
  return `ALTER TABLE ${table} ADD COLUMN ${column} ${type} DEFAULT ${fallback};
ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL;`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'initial',
    sql: `
CREATE TABLE strategies (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  kind VARCHAR NOT NULL CHECK (kind IN ('chat', 'hand')),
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  head_version INTEGER NOT NULL DEFAULT 0,
  deleted_at TIMESTAMP
);
CREATE TABLE strategy_versions (
  strategy_id VARCHAR NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  source VARCHAR NOT NULL,
  spec JSON,
  params JSON NOT NULL,
  data JSON,
  note VARCHAR,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (strategy_id, version)
);
CREATE TABLE schedules (
  id VARCHAR PRIMARY KEY,
  strategy_id VARCHAR NOT NULL,
  cron VARCHAR NOT NULL,
  timezone VARCHAR NOT NULL,
  label VARCHAR NOT NULL,
  enabled BOOLEAN NOT NULL,
  created_at TIMESTAMP NOT NULL,
  last_tick_at TIMESTAMP,
  next_run_at TIMESTAMP
);
CREATE SEQUENCE runs_seq START 1;
CREATE TABLE runs (
  id VARCHAR PRIMARY KEY,
  seq BIGINT NOT NULL DEFAULT nextval('runs_seq'),
  strategy_id VARCHAR NOT NULL,
  version INTEGER NOT NULL,
  schedule_id VARCHAR,
  trigger VARCHAR NOT NULL CHECK (trigger IN ('schedule', 'manual', 'catch-up')),
  status VARCHAR NOT NULL CHECK (status IN ('ok', 'failed', 'skipped', 'running')),
  error VARCHAR,
  attempt INTEGER NOT NULL DEFAULT 1,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  data_from TIMESTAMP,
  data_to TIMESTAMP,
  bars INTEGER,
  stats JSON,
  return_pct DOUBLE,
  sharpe DOUBLE,
  max_drawdown_pct DOUBLE,
  trade_count INTEGER,
  equity_final DOUBLE,
  trades JSON,
  equity BLOB,
  equity_time BLOB,
  signal VARCHAR CHECK (signal IN ('enter', 'exit', 'hold'))
);
CREATE TABLE bars (
  source VARCHAR NOT NULL,
  symbol VARCHAR NOT NULL,
  timeframe VARCHAR NOT NULL,
  time BIGINT NOT NULL,
  open DOUBLE NOT NULL,
  high DOUBLE NOT NULL,
  low DOUBLE NOT NULL,
  close DOUBLE NOT NULL,
  volume DOUBLE NOT NULL
);
CREATE TABLE conversations (
  id VARCHAR PRIMARY KEY,
  title VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE messages (
  conversation_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  role VARCHAR NOT NULL CHECK (role IN ('user', 'assistant', 'system', 'tool')),
  content JSON NOT NULL,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);
`,
  },
  {
    // DuckDB cannot change a CHECK constraint in place, so runs is rebuilt with 'interrupted' allowed
    // (a run whose process died before it finished); schedules get their failure streak and why they
    // were paused.
    id: 2,
    name: 'interrupted runs and schedule failure streaks',
    sql: `
${rebuildTable(
  'runs',
  `
CREATE TABLE runs (
  id VARCHAR PRIMARY KEY,
  seq BIGINT NOT NULL DEFAULT nextval('runs_seq'),
  strategy_id VARCHAR NOT NULL,
  version INTEGER NOT NULL,
  schedule_id VARCHAR,
  trigger VARCHAR NOT NULL CHECK (trigger IN ('schedule', 'manual', 'catch-up')),
  status VARCHAR NOT NULL CHECK (status IN ('ok', 'failed', 'skipped', 'running', 'interrupted')),
  error VARCHAR,
  attempt INTEGER NOT NULL DEFAULT 1,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  data_from TIMESTAMP,
  data_to TIMESTAMP,
  bars INTEGER,
  stats JSON,
  return_pct DOUBLE,
  sharpe DOUBLE,
  max_drawdown_pct DOUBLE,
  trade_count INTEGER,
  equity_final DOUBLE,
  trades JSON,
  equity BLOB,
  equity_time BLOB,
  signal VARCHAR CHECK (signal IN ('enter', 'exit', 'hold'))
);
`,
)}
${addRequiredColumn('schedules', 'failures', 'INTEGER', '0')}
ALTER TABLE schedules ADD COLUMN last_failure_at TIMESTAMP;
ALTER TABLE schedules ADD COLUMN paused_reason VARCHAR;
`,
  },
  {
    // How many errors the checker found in each version when it was saved: one saved with errors is
    // kept (nothing is lost) but never run; runs use the newest version without errors. Versions saved
    // before this migration count as without errors (they were run as the head until now).
    id: 3,
    name: 'errors per strategy version',
    sql: `
${addRequiredColumn('strategy_versions', 'errors', 'INTEGER', '0')}
`,
  },
  {
    // Portfolios (issue 14): one program over many markets in one account, versioned like strategies.
    // The program is either its own source or a strategy (its runnable version, or a pinned one).
    id: 4,
    name: 'portfolios',
    sql: `
CREATE TABLE portfolios (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  head_version INTEGER NOT NULL DEFAULT 0,
  deleted_at TIMESTAMP
);
CREATE TABLE portfolio_versions (
  portfolio_id VARCHAR NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  source VARCHAR,
  strategy_id VARCHAR,
  strategy_version INTEGER,
  markets JSON NOT NULL,
  allocation JSON NOT NULL,
  currency VARCHAR NOT NULL,
  params JSON NOT NULL,
  data_range JSON,
  note VARCHAR,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (portfolio_id, version),
  CHECK ((source IS NULL) <> (strategy_id IS NULL))
);
`,
  },
  {
    // Paper trading (issue 16): a deployed program, the bars it has processed and the signals and fills
    // it produced. Times are epoch ms (DOUBLE): bar times are compared, never shown by the database.
    id: 5,
    name: 'paper runs',
    sql: `
CREATE TABLE paper_runs (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  strategy_id VARCHAR,
  strategy_version INTEGER,
  source VARCHAR NOT NULL,
  params JSON NOT NULL,
  market VARCHAR NOT NULL,
  timeframe VARCHAR NOT NULL,
  trade_from DOUBLE NOT NULL,
  status VARCHAR NOT NULL CHECK (status IN ('running', 'paused', 'stopped', 'failed')),
  error VARCHAR,
  created_at DOUBLE NOT NULL,
  updated_at DOUBLE NOT NULL,
  last_bar_time DOUBLE,
  bars INTEGER NOT NULL DEFAULT 0,
  account JSON
);
CREATE TABLE paper_bars (
  run_id VARCHAR NOT NULL,
  time DOUBLE NOT NULL,
  open DOUBLE NOT NULL,
  high DOUBLE NOT NULL,
  low DOUBLE NOT NULL,
  close DOUBLE NOT NULL,
  volume DOUBLE NOT NULL,
  PRIMARY KEY (run_id, time)
);
CREATE TABLE paper_events (
  run_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  kind VARCHAR NOT NULL CHECK (kind IN ('signal', 'fill')),
  time DOUBLE NOT NULL,
  body JSON NOT NULL,
  created_at DOUBLE NOT NULL,
  PRIMARY KEY (run_id, seq)
);
`,
  },
  {
    // Portfolio runs (issue 14): each run of a portfolio version with its figures, for the reports page
    // and the portfolio's own history. The curves are not kept: a rerun redraws them.
    id: 6,
    name: 'portfolio runs',
    sql: `
CREATE SEQUENCE portfolio_runs_seq START 1;
CREATE TABLE portfolio_runs (
  id VARCHAR PRIMARY KEY,
  seq BIGINT NOT NULL DEFAULT nextval('portfolio_runs_seq'),
  portfolio_id VARCHAR NOT NULL,
  version INTEGER NOT NULL,
  trigger VARCHAR NOT NULL CHECK (trigger IN ('schedule', 'manual', 'catch-up')),
  status VARCHAR NOT NULL CHECK (status IN ('ok', 'failed')),
  error VARCHAR,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL,
  markets INTEGER NOT NULL,
  bars INTEGER,
  stats JSON,
  return_pct DOUBLE,
  sharpe DOUBLE,
  max_drawdown_pct DOUBLE,
  trade_count INTEGER,
  equity_final DOUBLE
);
`,
  },
  {
    // Alerts (issue 16): where a trader is told of paper signals and fills, and every delivery's outcome.
    // A channel's config holds its secrets; only the server reads it.
    id: 7,
    name: 'alert channels and deliveries',
    sql: `
CREATE TABLE alert_channels (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  kind VARCHAR NOT NULL CHECK (kind IN ('webhook', 'email', 'telegram')),
  config JSON NOT NULL,
  events JSON NOT NULL,
  enabled BOOLEAN NOT NULL,
  created_at DOUBLE NOT NULL,
  updated_at DOUBLE NOT NULL
);
CREATE TABLE alert_deliveries (
  id VARCHAR PRIMARY KEY,
  channel_id VARCHAR NOT NULL,
  run_id VARCHAR,
  event_seq INTEGER,
  status VARCHAR NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL,
  error VARCHAR,
  response_status INTEGER,
  created_at DOUBLE NOT NULL,
  delivered_at DOUBLE
);
`,
  },
];

export interface AppliedMigration {
  id: number;
  name: string;
  appliedAt: number;
}

/** Applies the migrations `conn` lacks, in order; returns the ids it applied. */
export async function migrate(
  conn: Connection,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  checkOrder(migrations);
  return conn.exclusive(async () => {
    await conn.execute(
      'CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)',
    );
    const applied = await appliedMigrations(conn);
    const known = new Map(migrations.map((m) => [m.id, m]));
    for (const a of applied) {
      const m = known.get(a.id);
      if (!m)
        throw new StoreError(
          'migration-failed',
          `the database ${conn.path} has migration ${a.id} '${a.name}', which this version of Backtalk does not know`,
          { hint: 'it was written by a newer Backtalk: upgrade, or point BACKTALK_DB at another file' },
        );
      if (m.name !== a.name)
        throw new StoreError(
          'migration-failed',
          `migration ${a.id} is '${a.name}' in the database ${conn.path} but '${m.name}' in the code`,
          { hint: 'applied migrations must never be renamed or reordered; restore the original' },
        );
    }
    const done = new Set(applied.map((a) => a.id));
    const ran: number[] = [];
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      try {
        await conn.transaction(async () => {
          await conn.execute(m.sql);
          await conn.execute('INSERT INTO _migrations (id, name, applied_at) VALUES ($1, $2, $3)', [
            m.id,
            m.name,
            new Date(),
          ]);
        });
      } catch (cause) {
        throw new StoreError('migration-failed', `migration ${m.id} '${m.name}' failed on ${conn.path}`, {
          hint: 'the database was left as it was before this migration; fix the migration and open again',
          cause,
        });
      }
      ran.push(m.id);
    }
    return ran;
  });
}

export function appliedMigrations(conn: Connection): Promise<AppliedMigration[]> {
  return conn.objects<AppliedMigration>(
    'SELECT id, name, applied_at AS "appliedAt" FROM _migrations ORDER BY id',
  );
}

function checkOrder(migrations: readonly Migration[]): void {
  for (let i = 0; i < migrations.length; i++)
    if (migrations[i].id !== i + 1)
      throw new StoreError(
        'migration-failed',
        `migration ids must be 1, 2, 3, … in order; #${i + 1} has id ${migrations[i].id}`,
      );
}
