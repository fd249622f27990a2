// What every repository gets: the serialized connection, the drizzle instance over it and a clock.
import type { PgRemoteDatabase } from 'drizzle-orm/pg-proxy';
import type { Connection } from './connection';
import type { schema } from './schema';

export type StoreDb = PgRemoteDatabase<typeof schema>;

export interface Ctx {
  readonly conn: Connection;
  readonly db: StoreDb;
  /** Current time in epoch ms (injectable for tests). */
  readonly now: () => number;
}
