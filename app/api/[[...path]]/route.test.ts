import { describe, expect, it } from 'vitest';
import { DELETE, GET, POST } from './route';

describe('/api/[[...path]]', () => {
  it('answers an unknown API path with a JSON 404 {error, hint}, not an HTML page', async () => {
    for (const [handler, method] of [
      [GET, 'GET'],
      [POST, 'POST'],
      [DELETE, 'DELETE'],
    ] as const) {
      const res = await handler(new Request('http://localhost/api/nope/deeper?x=1', { method }));
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({
        error: `there is no API at ${method} /api/nope/deeper`,
        hint: expect.stringContaining('/api/strategies'),
      });
    }
  });
});
