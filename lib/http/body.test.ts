import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues, MAX_LISTED_ISSUES, parseBody, parseParam, readText } from './body';
import { ApiError } from './errors';

const post = (body: string | undefined, headers: Record<string, string> = {}) =>
  new Request('http://x/api', { method: 'POST', body, headers });

/** The ApiError a promise rejects with (fails the test when it resolves or throws something else). */
async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

const Point = z.strictObject({ x: z.number(), y: z.number(), label: z.string().optional() });
const RULES = { maxBytes: 64, hint: 'send JSON like { "x": 1, "y": 2 }' };

describe('describeIssues', () => {
  it('lists up to MAX_LISTED_ISSUES issues, each with its path', () => {
    const Many = z.strictObject(Object.fromEntries('abcdefg'.split('').map((k) => [k, z.number()])));
    const r = Many.safeParse({});
    expect(r.success).toBe(false);
    if (r.success) return;
    const parts = describeIssues(r.error).split('; ');
    expect(MAX_LISTED_ISSUES).toBe(5);
    expect(parts).toHaveLength(5);
    expect(parts.map((p) => p.split(':')[0])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(describeIssues(r.error, 2).split('; ')).toHaveLength(2);
  });

  it('joins nested paths with dots and leaves a root issue bare', () => {
    const r = z.object({ data: z.object({ from: z.number() }) }).safeParse({ data: { from: 'x' } });
    if (r.success) throw new Error('expected a failure');
    expect(describeIssues(r.error)).toMatch(/^data\.from: /);
    const root = z.number().safeParse('x');
    if (root.success) throw new Error('expected a failure');
    expect(describeIssues(root.error)).toBe(root.error.issues[0]?.message);
  });
});

describe('readText', () => {
  it('reads a body within the cap, and no body as empty', async () => {
    expect(await readText(post('héllo'), 6)).toBe('héllo');
    expect(await readText(new Request('http://x/'), 6)).toBe('');
  });

  it('refuses a body over the cap with 413 whether or not its length is declared', async () => {
    const declared = await refusal(readText(post('x', { 'content-length': '100' }), 10, 'send less'));
    expect([declared.status, declared.hint]).toEqual([413, 'send less']);
    // Streamed: the header says nothing, the bytes decide (5 two-byte characters = 10 bytes > 9).
    const streamed = await refusal(readText(post('ééééé'), 9));
    expect(streamed.status).toBe(413);
    expect(streamed.message).toBe('the request body is larger than 9 bytes');
    expect(streamed.hint).toBe('send a smaller body');
  });
});

describe('parseBody', () => {
  it('returns the validated value', async () => {
    expect(await parseBody(post('{"x":1,"y":2}'), Point, RULES)).toEqual({ x: 1, y: 2 });
  });

  it('refuses empty, non-JSON, invalid and oversized bodies, each with the route hint', async () => {
    const empty = await refusal(parseBody(post(''), Point, RULES));
    expect([empty.status, empty.message, empty.hint]).toEqual([400, 'the request body is empty', RULES.hint]);
    const notJson = await refusal(parseBody(post('{nope'), Point, RULES));
    expect([notJson.status, notJson.message]).toEqual([400, 'the request body is not valid JSON']);
    const invalid = await refusal(parseBody(post('{"x":"1","z":0}'), Point, RULES));
    expect(invalid.status).toBe(400);
    expect(invalid.message).toMatch(/^invalid request: x: .*; y: .*; .*z/);
    expect(invalid.hint).toBe(RULES.hint);
    const big = await refusal(
      parseBody(post(JSON.stringify({ x: 1, y: 2, label: 'x'.repeat(64) })), Point, {
        ...RULES,
        tooLargeHint: 'send a shorter label',
      }),
    );
    expect([big.status, big.hint]).toEqual([413, 'send a shorter label']);
  });

  it('reads an empty body as {} where the route allows it', async () => {
    const Optional = z.strictObject({ name: z.string().optional() });
    expect(await parseBody(post(''), Optional, { ...RULES, emptyIsObject: true })).toEqual({});
    expect(await parseBody(new Request('http://x/'), Optional, { ...RULES, emptyIsObject: true })).toEqual(
      {},
    );
  });
});

describe('parseParam', () => {
  it('returns a valid parameter and names a bad one in a 400', () => {
    const Id = z.string().regex(/^[a-z]+$/, 'is not an id');
    expect(parseParam(Id, 'abc', 'strategy id')).toBe('abc');
    let caught: unknown;
    try {
      parseParam(Id, 'A/B', 'strategy id');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).message).toBe("strategy id 'A/B' is not an id");
    expect((caught as ApiError).hint).toBe('check the strategy id in the URL');
  });
});
