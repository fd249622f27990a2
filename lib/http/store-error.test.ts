// A StoreError made by another copy of this module (Next bundles route handlers apart from the server
// that opened the store) is still a StoreError, so the API answers its bad input with a 400.
import { describe, expect, it, vi } from 'vitest';
import { StoreError } from '../store';
import { errorResponse } from './index';

describe('StoreError', () => {
  it('is recognised across module copies, and nothing else is', async () => {
    vi.resetModules();
    const fresh = await import('../store');
    expect(fresh.StoreError).not.toBe(StoreError);
    const other = new fresh.StoreError('bad-input', 'weights add up to 120%', { hint: 'no leverage' });
    expect(other instanceof StoreError).toBe(true);
    expect(new Error('x') instanceof StoreError).toBe(false);
    expect((null as unknown) instanceof StoreError).toBe(false);
    const res = errorResponse(other, () => {});
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'weights add up to 120%', hint: 'no leverage' });
  });
});
