import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Strategy } from './index';
import { T0, type TempStore, tempStore } from './test-utils';

let t: TempStore;
let s: Strategy;
beforeEach(async () => {
  t = await tempStore();
  s = await t.store.strategies.create({ name: 'S', kind: 'hand', source: '' });
});
afterEach(async () => {
  await t.cleanup();
});

describe('schedules', () => {
  it('creates with defaults, lists, gets, updates, ticks and removes', async () => {
    const a = await t.store.schedules.create({
      strategyId: s.id,
      cron: ' 0  */6 * * * ',
      label: 'every 6 hours',
    });
    expect(a).toEqual({
      id: a.id,
      strategyId: s.id,
      cron: '0 */6 * * *', // whitespace normalized
      timezone: 'UTC',
      label: 'every 6 hours',
      enabled: true,
      createdAt: T0 + 1000,
      lastTickAt: null,
      nextRunAt: null,
      failures: 0,
      lastFailureAt: null,
      pausedReason: null,
    });
    const b = await t.store.schedules.create({
      strategyId: s.id,
      cron: '*/30 * * * * *', // with seconds
      timezone: 'Europe/Berlin',
      enabled: false,
      nextRunAt: T0 + 99,
    });
    expect(b).toMatchObject({
      label: '*/30 * * * * *',
      timezone: 'Europe/Berlin',
      enabled: false,
      nextRunAt: T0 + 99,
    });
    expect(await t.store.schedules.get(a.id)).toEqual(a);
    expect(await t.store.schedules.get('nosuchsched0')).toBeNull();
    expect((await t.store.schedules.list()).map((x) => x.id)).toEqual([a.id, b.id]);
    expect((await t.store.schedules.list({ enabled: true })).map((x) => x.id)).toEqual([a.id]);
    expect(await t.store.schedules.list({ strategyId: 'other0000000' })).toEqual([]);

    const u = await t.store.schedules.update(b.id, {
      enabled: true,
      label: 'twice a minute',
      nextRunAt: null,
    });
    expect(u).toMatchObject({
      enabled: true,
      label: 'twice a minute',
      nextRunAt: null,
      cron: '*/30 * * * * *',
    });
    const ticked = await t.store.schedules.setTick(a.id, {
      lastTickAt: T0 + 5,
      nextRunAt: T0 + 6 * 3_600_000,
    });
    expect(ticked).toMatchObject({ lastTickAt: T0 + 5, nextRunAt: T0 + 6 * 3_600_000 });
    expect(await t.store.schedules.remove(a.id)).toBe(true);
    expect(await t.store.schedules.remove(a.id)).toBe(false);
    expect((await t.store.schedules.list()).map((x) => x.id)).toEqual([b.id]);
  });

  it('validates cron, timezone, references and patches', async () => {
    const create = t.store.schedules.create;
    await expect(create({ strategyId: s.id, cron: '61 * * * *' })).rejects.toMatchObject({
      code: 'bad-input',
      message: "'61 * * * *' is not a valid cron expression: minute field '61': '61' is out of range (0-59)",
    });
    await expect(
      create({ strategyId: s.id, cron: '* * * * *', timezone: 'Mars/Olympus' }),
    ).rejects.toMatchObject({
      message: "'Mars/Olympus' is not a known timezone",
    });
    await expect(create({ strategyId: 'nosuchstrat0', cron: '* * * * *' })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(
      create({ strategyId: s.id, cron: '* * * * *', label: 'l'.repeat(201) }),
    ).rejects.toMatchObject({
      code: 'too-large',
    });
    const a = await create({ strategyId: s.id, cron: '* * * * *' });
    await expect(t.store.schedules.update(a.id, {})).rejects.toMatchObject({ message: 'nothing to update' });
    await expect(t.store.schedules.update(a.id, { enabled: 'yes' as never })).rejects.toMatchObject({
      code: 'bad-input',
    });
    await expect(t.store.schedules.update('nosuchsched0', { label: 'x' })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(t.store.schedules.setTick(a.id, { lastTickAt: 1.5, nextRunAt: null })).rejects.toMatchObject(
      {
        code: 'bad-input',
      },
    );
  });
});

describe('conversations', () => {
  it('creates, appends numbered messages, lists by recency and gets with messages', async () => {
    const c1 = await t.store.conversations.create();
    expect(c1).toMatchObject({ title: 'New conversation', createdAt: T0 + 1000, updatedAt: T0 + 1000 });
    const c2 = await t.store.conversations.create({ title: 'Momentum ideas' });
    const m1 = await t.store.conversations.append(c1.id, { role: 'user', content: 'buy when RSI < 30' });
    const parts = {
      parts: [
        { type: 'text', text: 'Here is a strategy' },
        { type: 'tool', args: { n: 14 } },
      ],
    };
    const m2 = await t.store.conversations.append(c1.id, { role: 'assistant', content: parts });
    expect([m1.seq, m2.seq]).toEqual([1, 2]);
    expect(m2).toMatchObject({ conversationId: c1.id, role: 'assistant', createdAt: T0 + 4000 });

    const list = await t.store.conversations.list();
    expect(list.map((c) => [c.id, c.messageCount])).toEqual([
      [c1.id, 2], // touched by the appends, so newest
      [c2.id, 0],
    ]);
    expect(list[0].updatedAt).toBe(T0 + 4000);
    expect(await t.store.conversations.list({ limit: 1 })).toHaveLength(1);

    const got = await t.store.conversations.get(c1.id);
    expect(got?.messages.map((m) => [m.seq, m.role, m.content])).toEqual([
      [1, 'user', 'buy when RSI < 30'],
      [2, 'assistant', parts],
    ]);
    expect(await t.store.conversations.get('nosuchconv00')).toBeNull();
    expect((await t.store.conversations.rename(c2.id, 'Renamed')).title).toBe('Renamed');
  });

  it('numbers parallel appends without gaps or clashes', async () => {
    const c = await t.store.conversations.create();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.store.conversations.append(c.id, { role: 'user', content: { i } }),
      ),
    );
    const got = await t.store.conversations.get(c.id);
    expect(got?.messages.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(got?.messages.map((m) => (m.content as { i: number }).i)).size).toBe(30);
  });

  it('validates role, content and the conversation id', async () => {
    const c = await t.store.conversations.create();
    await expect(
      t.store.conversations.append(c.id, { role: 'bot' as 'user', content: 'x' }),
    ).rejects.toMatchObject({
      message: "role must be one of 'user', 'assistant', 'system', 'tool', got 'bot'",
    });
    await expect(
      t.store.conversations.append(c.id, { role: 'user', content: 'x'.repeat(1024 * 1024) }),
    ).rejects.toMatchObject({ code: 'too-large' });
    await expect(
      t.store.conversations.append(c.id, { role: 'user', content: undefined as never }),
    ).rejects.toMatchObject({ message: 'a message needs content' });
    await expect(
      t.store.conversations.append('nosuchconv00', { role: 'user', content: 'x' }),
    ).rejects.toMatchObject({
      code: 'not-found',
    });
    expect((await t.store.conversations.get(c.id))?.messages).toEqual([]);
  });
});
