// One DuckDB instance + connection per store, with every statement serialized through a queue so
// concurrent async callers never interleave inside a transaction. Work started inside an exclusive
// section (found through AsyncLocalStorage) runs inside it instead of queueing behind it, which is
// what lets drizzle queries run within `transaction()`.
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBResultReader } from '@duckdb/node-api';
import { jsonColumns, parseJson, plainConverter, toDuckDBParam } from './convert';
import { StoreError } from './errors';

/** Runs async functions one after another. */
class Serializer {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

interface Section {
  /** Serializes work started inside this section. */
  readonly queue: Serializer;
  inTransaction: boolean;
}

// Paths opened by this process. DuckDB's file lock is per process, so a second instance on the same
// file in one process would not be refused by DuckDB and the two would corrupt each other.
const OPEN_PATHS: Set<string> = ((globalThis as Record<symbol, unknown>)[
  Symbol.for('backtalk.store.openPaths')
] ??= new Set<string>()) as Set<string>;

export class Connection {
  private readonly root = new Serializer();
  private readonly sections = new AsyncLocalStorage<Section>();
  private closed = false;
  private closing: Promise<void> | undefined;
  /** Calls made through `track` that have not settled yet; close() waits for them. */
  private readonly inFlight = new Set<Promise<unknown>>();

  private constructor(
    /** The path as given ('data/backtalk.duckdb' or ':memory:'). */
    readonly path: string,
    private readonly key: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(path: string): Promise<Connection> {
    const memory = path === ':memory:';
    const key = memory ? `:memory:${Math.random()}` : resolve(path);
    if (OPEN_PATHS.has(key))
      throw new StoreError('already-open', `the database ${path} is already open in this process`, {
        hint: 'reuse the open Store (keep one per process) or close it before opening again',
      });
    OPEN_PATHS.add(key);
    try {
      if (!memory) makeFolder(path, key);
      const instance = await createInstance(path, memory ? ':memory:' : key);
      try {
        return new Connection(path, key, instance, await instance.connect());
      } catch (cause) {
        instance.closeSync();
        throw new StoreError('open-failed', `could not connect to the database ${path}`, { cause });
      }
    } catch (error) {
      OPEN_PATHS.delete(key);
      throw error;
    }
  }

  /** Runs `fn` with the connection to itself; nested calls from inside `fn` run within it, in order. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const outer = this.sections.getStore();
    return (outer?.queue ?? this.root).run(() => {
      if (this.closed) throw closedError(this.path);
      return this.sections.run({ queue: new Serializer(), inTransaction: outer?.inTransaction ?? false }, fn);
    });
  }

  /** Runs `fn` in BEGIN … COMMIT (ROLLBACK on error). Nested calls join the outer transaction. */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const section = this.sections.getStore()!;
      if (section.inTransaction) return fn();
      section.inTransaction = true;
      try {
        await this.execute('BEGIN TRANSACTION');
        let result: T;
        try {
          result = await fn();
        } catch (error) {
          await this.rollback(error);
          throw error;
        }
        await this.execute('COMMIT');
        return result;
      } finally {
        section.inTransaction = false;
      }
    });
  }

  private async rollback(error: unknown): Promise<void> {
    try {
      await this.execute('ROLLBACK');
    } catch (rollbackError) {
      // DuckDB ends a transaction itself when a COMMIT fails; anything else is worth reporting.
      if (/no transaction is active/i.test(String(rollbackError))) return;
      throw new StoreError('query-failed', 'a transaction failed and could not be rolled back', {
        cause: new AggregateError([error, rollbackError]),
      });
    }
  }

  /** Runs one SQL text (may hold several statements) with $1… parameters; returns rows changed. */
  async execute(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.read(sql, params)).rowsChanged;
  }

  /** Rows as objects keyed by column name, values converted to plain JS. */
  async objects<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const reader = await this.read(sql, params);
    const rows = reader.convertRowObjects(plainConverter);
    const json = jsonColumns(reader.columnTypes());
    if (json.length > 0) {
      const names = reader.deduplicatedColumnNames();
      for (const row of rows) for (const i of json) row[names[i]] = parseJson(row[names[i]]);
    }
    return rows as T[];
  }

  /** Rows as arrays in select order, values converted to plain JS. */
  async arrays(sql: string, params: readonly unknown[] = []): Promise<unknown[][]> {
    const reader = await this.read(sql, params);
    const rows = reader.convertRows(plainConverter);
    const json = jsonColumns(reader.columnTypes());
    if (json.length > 0) for (const row of rows) for (const i of json) row[i] = parseJson(row[i]);
    return rows;
  }

  /**
   * Gives `fn` the raw DuckDB connection (for appenders and chunk-wise reads) inside an exclusive
   * section. `fn` must not keep it.
   */
  withRaw<T>(fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.exclusive(() => fn(this.connection));
  }

  private read(sql: string, params: readonly unknown[]): Promise<DuckDBResultReader> {
    return this.exclusive(async () => {
      const values = params.map(toDuckDBParam);
      try {
        return await this.connection.runAndReadAll(sql, values);
      } catch (cause) {
        throw queryError(sql, cause);
      }
    });
  }

  /** Runs a whole API call; refused once close() has begun, awaited by close() otherwise. */
  track<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(closedError(this.path));
    const p = fn();
    this.inFlight.add(p);
    const done = () => this.inFlight.delete(p);
    p.then(done, done);
    return p;
  }

  /** Lets calls already made finish, then closes; later calls fail with a 'closed' error. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.closeAfter([...this.inFlight]);
    return this.closing;
  }

  private async closeAfter(pending: Promise<unknown>[]): Promise<void> {
    await Promise.allSettled(pending);
    await this.root.run(async () => {
      this.closed = true;
      try {
        this.connection.closeSync();
        this.instance.closeSync();
      } finally {
        OPEN_PATHS.delete(this.key);
      }
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

export function queryError(sql: string, cause: unknown): StoreError {
  const message = cause instanceof Error ? cause.message : String(cause);
  const head = sql.replace(/\s+/g, ' ').trim().slice(0, 120);
  return new StoreError('query-failed', `${message} (in: ${head})`, { cause });
}

function closedError(path: string): StoreError {
  return new StoreError('closed', `the store for ${path} is closed`, {
    hint: 'open it again with openStore()',
  });
}

function makeFolder(path: string, resolved: string): void {
  try {
    mkdirSync(dirname(resolved), { recursive: true });
  } catch (cause) {
    throw new StoreError('open-failed', `could not create the folder for the database ${path}`, {
      hint: 'check the path and its permissions, or point BACKTALK_DB elsewhere',
      cause,
    });
  }
}

async function createInstance(path: string, target: string): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(target);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    if (/could not set lock|conflicting lock/i.test(message)) {
      const pid = /PID (\d+)/.exec(message)?.[1];
      throw new StoreError(
        'db-in-use',
        `the database ${path} is in use by another Backtalk process (the app?) — stop it or point BACKTALK_DB elsewhere`,
        {
          hint: pid ? `the process holding it has PID ${pid}` : 'only one process can open it at a time',
          cause,
        },
      );
    }
    throw new StoreError('open-failed', `could not open the database ${path}: ${message}`, {
      hint: 'check that the file is a DuckDB database this version can read, or point BACKTALK_DB elsewhere',
      cause,
    });
  }
}
