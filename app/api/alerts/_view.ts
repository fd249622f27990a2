// What the API says about an alert channel: its settings with every secret replaced by "set".
import { z } from 'zod';
import {
  ALERT_EVENTS,
  type ChannelSpec,
  channelSchema,
  emailConfig,
  publicConfig,
  telegramConfig,
  webhookConfig,
} from '../../../lib/alerts';
import type { AlertChannel } from '../../../lib/store';

export const MAX_ALERT_BODY = 16 * 1024;
export const ALERT_HINT =
  'send JSON like { "name": "My webhook", "kind": "webhook", "config": { "url": "https://…", "secret": "at least 16 characters" }, "events": ["signal", "fill"] }';

const common = {
  name: z.string().trim().min(1).max(200),
  events: z.array(z.enum(ALERT_EVENTS)).min(1).max(2).optional(),
  enabled: z.boolean().optional(),
};
export const CreateChannel = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('webhook'), config: webhookConfig, ...common }),
  z.strictObject({ kind: z.literal('email'), config: emailConfig, ...common }),
  z.strictObject({ kind: z.literal('telegram'), config: telegramConfig, ...common }),
]);
export const PatchChannel = z.strictObject({
  ...common,
  name: common.name.optional(),
  /** Replaces the settings whole (secrets included: they are write-only, so send them again). */
  config: z.record(z.string(), z.unknown()).optional(),
});

export function channelView(c: AlertChannel) {
  const parsed = channelSchema.safeParse({ kind: c.kind, config: c.config });
  const config = parsed.success ? publicConfig(parsed.data as ChannelSpec) : { invalid: true };
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    events: c.events,
    enabled: c.enabled,
    config,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
