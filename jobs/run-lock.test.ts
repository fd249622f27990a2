// Who owns a run lock, and whether that owner is gone.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createCache } from '../lib/data/server';
import { OWNER, ownerGone, RunLock } from './run-lock';

const [host, pid, nonce] = OWNER.split(':');
const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!; // ran and exited

describe('ownerGone', () => {
  it('knows a dead process on this host, and an earlier life of this pid', () => {
    expect(ownerGone(`${host}:${deadPid}:ab12cd34/uuid`)).toBe(true);
    const earlier = nonce === 'ffffffff' ? '00000000' : 'ffffffff';
    expect(ownerGone(`${host}:${pid}:${earlier}/uuid`)).toBe(true);
  });

  it('does not judge what it cannot know: itself, a live process, another host, an old token', () => {
    expect(ownerGone(`${OWNER}/uuid`)).toBe(false);
    expect(ownerGone(`${host}:${process.ppid}:ab12cd34/uuid`)).toBe(false);
    expect(ownerGone(`other-host:${deadPid}:ab12cd34/uuid`)).toBe(false);
    expect(ownerGone('0b6d7c0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e')).toBe(false);
  });
});

describe('RunLock', () => {
  it('takes a lock a dead process held, leaves a live one alone, and releases its own', async () => {
    const cache = await createCache({ url: '', log: () => {} });
    const logs: string[] = [];
    const opts = { ttlMs: 60_000, maxMs: 60_000, log: (m: string) => logs.push(m) };
    try {
      // A lock left by a dead process (same host): taken over at once.
      expect(await cache.tryLock('run:a', 60_000, `${host}:${deadPid}:ab12cd34`)).not.toBeNull();
      const lock = await RunLock.acquire(cache, 'run:a', opts);
      expect(lock).not.toBeNull();
      expect(logs).toEqual([`released run:a, held by ${host}:${deadPid}:ab12cd34, a process that is gone`]);
      expect(await cache.lockHolder('run:a')).toBe(lock!.token);
      // Held by a live owner (this process): not taken.
      expect(await RunLock.acquire(cache, 'run:a', opts)).toBeNull();
      await lock!.release();
      expect(await cache.lockHolder('run:a')).toBeNull();
    } finally {
      await cache.close();
    }
  });
});
