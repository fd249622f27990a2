import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TempStore, tempStore } from './test-utils';

let t: TempStore;
beforeEach(async () => {
  t = await tempStore();
});
afterEach(async () => {
  await t.cleanup();
});

const hook = {
  name: 'My webhook',
  kind: 'webhook' as const,
  config: { url: 'https://example.com/h', secret: 'x'.repeat(16) },
};

describe('alert channels and deliveries', () => {
  it('creates, updates and removes channels; the kind stays', async () => {
    const c = await t.store.alerts.createChannel(hook);
    expect(c).toMatchObject({
      name: 'My webhook',
      kind: 'webhook',
      events: ['signal', 'fill'],
      enabled: true,
      config: hook.config,
    });
    const off = await t.store.alerts.updateChannel(c.id, { enabled: false, events: ['fill', 'fill'] });
    expect(off).toMatchObject({ enabled: false, events: ['fill'], config: hook.config });
    await expect(t.store.alerts.updateChannel(c.id, { kind: 'email' })).rejects.toThrow(/kind cannot change/);
    await expect(t.store.alerts.createChannel({ ...hook, events: [] })).rejects.toThrow(
      /at least one of signal, fill/,
    );
    await expect(t.store.alerts.createChannel({ ...hook, kind: 'sms' as 'email' })).rejects.toThrow(/kind/);
    await t.store.alerts.removeChannel(c.id);
    expect(await t.store.alerts.listChannels()).toEqual([]);
    await expect(t.store.alerts.removeChannel(c.id)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('records a delivery from pending to its outcome, newest first', async () => {
    const c = await t.store.alerts.createChannel(hook);
    const a = await t.store.alerts.startDelivery(c.id, 'run1', 1);
    expect(a).toMatchObject({
      status: 'pending',
      attempts: 0,
      runId: 'run1',
      eventSeq: 1,
      deliveredAt: null,
    });
    const b = await t.store.alerts.startDelivery(c.id, 'run1', 2);
    const sent = await t.store.alerts.finishDelivery(a.id, { ok: true, attempts: 2, status: 204 });
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, responseStatus: 204, error: null });
    expect(sent.deliveredAt).not.toBeNull();
    await t.store.alerts.finishDelivery(b.id, { ok: false, attempts: 4, status: 503, error: 'down' });
    expect(
      (await t.store.alerts.deliveries({ runId: 'run1' })).map((d) => [d.eventSeq, d.status, d.error]),
    ).toEqual([
      [2, 'failed', 'down'],
      [1, 'sent', null],
    ]);
    expect(await t.store.alerts.deliveries({ status: 'pending' })).toEqual([]);
  });
});
