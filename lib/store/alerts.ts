// Alert channels and the record of every delivery. A channel's config holds its secrets (SMTP password,
// bot token, webhook secret): it is read by the server's dispatcher only; what the API answers is built
// by lib/alerts' publicConfig. The kind-specific shape is checked by lib/alerts' schema before it gets
// here; the store bounds sizes and values it owns.
import type { Ctx } from './context';
import { badInput, notFound } from './errors';
import { checkInt, checkKey, checkName, checkOneOf, LIMITS, newId, toJson, truncate } from './validate';

const KINDS = ['webhook', 'email', 'telegram'] as const;
const EVENTS = ['signal', 'fill'] as const;
const STATUSES = ['pending', 'sent', 'failed'] as const;
const CONFIG_BYTES = 16 * 1024;

export interface AlertChannel {
  id: string;
  name: string;
  kind: (typeof KINDS)[number];
  /** With its secrets: never send it to a browser. */
  config: Record<string, unknown>;
  events: (typeof EVENTS)[number][];
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface AlertChannelInput {
  name: string;
  kind: AlertChannel['kind'];
  config: Record<string, unknown>;
  events?: AlertChannel['events'];
  enabled?: boolean;
}

export interface AlertDelivery {
  id: string;
  channelId: string;
  runId: string | null;
  eventSeq: number | null;
  status: (typeof STATUSES)[number];
  attempts: number;
  error: string | null;
  responseStatus: number | null;
  createdAt: number;
  deliveredAt: number | null;
}

export interface AlertsRepo {
  createChannel(input: AlertChannelInput): Promise<AlertChannel>;
  getChannel(id: string): Promise<AlertChannel | null>;
  listChannels(): Promise<AlertChannel[]>;
  updateChannel(id: string, patch: Partial<AlertChannelInput>): Promise<AlertChannel>;
  removeChannel(id: string): Promise<void>;
  /** A pending delivery of a paper event (or of a test message: run and seq null). */
  startDelivery(channelId: string, runId: string | null, eventSeq: number | null): Promise<AlertDelivery>;
  finishDelivery(
    id: string,
    outcome: { ok: boolean; attempts: number; status?: number; error?: string },
  ): Promise<AlertDelivery>;
  /** Newest first, at most `limit` (default 100, at most 1000), of a channel or a run when given. */
  deliveries(filter?: {
    channelId?: string;
    runId?: string;
    status?: AlertDelivery['status'];
    limit?: number;
  }): Promise<AlertDelivery[]>;
}

interface ChannelRow {
  id: string;
  name: string;
  kind: AlertChannel['kind'];
  config: Record<string, unknown>;
  events: AlertChannel['events'];
  enabled: boolean;
  created_at: number;
  updated_at: number;
}
interface DeliveryRow {
  id: string;
  channel_id: string;
  run_id: string | null;
  event_seq: number | null;
  status: AlertDelivery['status'];
  attempts: number;
  error: string | null;
  response_status: number | null;
  created_at: number;
  delivered_at: number | null;
}

const channelOf = (r: ChannelRow): AlertChannel => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  config: r.config,
  events: r.events,
  enabled: r.enabled,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});
const deliveryOf = (r: DeliveryRow): AlertDelivery => ({
  id: r.id,
  channelId: r.channel_id,
  runId: r.run_id,
  eventSeq: r.event_seq === null ? null : Number(r.event_seq),
  status: r.status,
  attempts: Number(r.attempts),
  error: r.error,
  responseStatus: r.response_status === null ? null : Number(r.response_status),
  createdAt: Number(r.created_at),
  deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
});

function checkEvents(value: unknown): AlertChannel['events'] {
  if (!Array.isArray(value) || value.length === 0)
    throw badInput('events must list at least one of signal, fill');
  return [...new Set(value.map((v) => checkOneOf(v, 'event', EVENTS)))];
}
function checkConfig(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw badInput('config must be an object');
  return toJson(value, 'config', CONFIG_BYTES);
}

const CHANNEL_COLUMNS = 'id, name, kind, config, events, enabled, created_at, updated_at';
const DELIVERY_COLUMNS =
  'id, channel_id, run_id, event_seq, status, attempts, error, response_status, created_at, delivered_at';

export function alertsRepo(ctx: Ctx): AlertsRepo {
  const { conn } = ctx;

  async function getChannel(id: string): Promise<AlertChannel | null> {
    const rows = await conn.objects<ChannelRow>(
      `SELECT ${CHANNEL_COLUMNS} FROM alert_channels WHERE id = $1`,
      [checkKey(id, 'channel id')],
    );
    return rows.length === 0 ? null : channelOf(rows[0]);
  }
  async function mustChannel(id: string): Promise<AlertChannel> {
    const c = await getChannel(id);
    if (!c) throw notFound('alert channel', id);
    return c;
  }
  async function getDelivery(id: string): Promise<AlertDelivery> {
    const rows = await conn.objects<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM alert_deliveries WHERE id = $1`,
      [id],
    );
    if (rows.length === 0) throw notFound('delivery', id);
    return deliveryOf(rows[0]);
  }

  return {
    async createChannel(input) {
      const id = newId();
      const now = ctx.now();
      const [{ n }] = await conn.objects<{ n: number }>('SELECT count(*)::INTEGER AS n FROM alert_channels');
      if (Number(n) >= 100) throw badInput('there are 100 alert channels already; remove one first');
      await conn.execute(
        `INSERT INTO alert_channels (${CHANNEL_COLUMNS}) VALUES ($1, $2, $3, $4::JSON, $5::JSON, $6, $7, $7)`,
        [
          id,
          checkName(input.name),
          checkOneOf(input.kind, 'kind', KINDS),
          checkConfig(input.config),
          JSON.stringify(checkEvents(input.events ?? ['signal', 'fill'])),
          input.enabled ?? true,
          now,
        ],
      );
      return mustChannel(id);
    },

    getChannel,

    async listChannels() {
      const rows = await conn.objects<ChannelRow>(
        `SELECT ${CHANNEL_COLUMNS} FROM alert_channels ORDER BY created_at, id LIMIT ${LIMITS.list}`,
      );
      return rows.map(channelOf);
    },

    async updateChannel(id, patch) {
      const c = await mustChannel(id);
      if (patch.kind !== undefined && patch.kind !== c.kind)
        throw badInput(`a channel's kind cannot change (it is ${c.kind}); create a new channel instead`);
      await conn.execute(
        'UPDATE alert_channels SET name = $2, config = $3::JSON, events = $4::JSON, enabled = $5, updated_at = $6 WHERE id = $1',
        [
          id,
          patch.name === undefined ? c.name : checkName(patch.name),
          checkConfig(patch.config ?? c.config),
          JSON.stringify(patch.events === undefined ? c.events : checkEvents(patch.events)),
          patch.enabled ?? c.enabled,
          ctx.now(),
        ],
      );
      return mustChannel(id);
    },

    async removeChannel(id) {
      await mustChannel(id);
      await conn.execute('DELETE FROM alert_channels WHERE id = $1', [id]);
    },

    async startDelivery(channelId, runId, eventSeq) {
      await mustChannel(channelId);
      const id = newId();
      await conn.execute(
        `INSERT INTO alert_deliveries (${DELIVERY_COLUMNS}) VALUES ($1, $2, $3, $4, 'pending', 0, NULL, NULL, $5, NULL)`,
        [
          id,
          channelId,
          runId === null ? null : checkKey(runId, 'run id'),
          eventSeq === null ? null : checkInt(eventSeq, 'event seq', 1),
          ctx.now(),
        ],
      );
      return getDelivery(id);
    },

    async finishDelivery(id, outcome) {
      await conn.execute(
        `UPDATE alert_deliveries SET status = $2, attempts = $3, error = $4, response_status = $5,
           delivered_at = $6 WHERE id = $1`,
        [
          checkKey(id, 'delivery id'),
          outcome.ok ? 'sent' : 'failed',
          checkInt(outcome.attempts, 'attempts', 0, 1000),
          outcome.error === undefined ? null : truncate(outcome.error, LIMITS.error),
          outcome.status ?? null,
          outcome.ok ? ctx.now() : null,
        ],
      );
      return getDelivery(id);
    },

    async deliveries(filter = {}) {
      const limit = filter.limit === undefined ? 100 : checkInt(filter.limit, 'limit', 1, LIMITS.list);
      const rows = await conn.objects<DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM alert_deliveries
         WHERE ($1::VARCHAR IS NULL OR channel_id = $1) AND ($2::VARCHAR IS NULL OR run_id = $2)
           AND ($3::VARCHAR IS NULL OR status = $3)
         ORDER BY created_at DESC, id LIMIT ${limit}`,
        [
          filter.channelId === undefined ? null : checkKey(filter.channelId, 'channel id'),
          filter.runId === undefined ? null : checkKey(filter.runId, 'run id'),
          filter.status === undefined ? null : checkOneOf(filter.status, 'status', STATUSES),
        ],
      );
      return rows.map(deliveryOf);
    },
  };
}
