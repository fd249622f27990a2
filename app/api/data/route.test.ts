// The data folder's API: listing and uploading, then loading the upload as the workspace does.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestEnv, apiTestEnv } from '../../../lib/store/test-utils';
import { closeServices, getDataLoader } from '../../../server/services';
import { GET, POST } from './route';

const CSV = 'Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,1.5,2.5,1,2,200\n';
let env: ApiTestEnv;
let tmp: string;
let dataDir: string;

beforeAll(() => {
  env = apiTestEnv('bt-data-api-', { dataDir: true });
  ({ dir: tmp, dataDir } = env); // the data folder is not created: the first upload makes it
});

afterAll(async () => {
  await closeServices();
  env.restore();
});

const upload = (body: unknown) =>
  POST(
    new Request('http://localhost/api/data', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
    undefined as never,
  );

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON, checked field by field below
async function call(res: Promise<Response>): Promise<{ status: number; body: Record<string, any> }> {
  const r = await res;
  expect(r.headers.get('content-type')).toContain('application/json');
  return { status: r.status, body: await r.json() };
}

describe('/api/data', () => {
  it('lists an absent folder as empty', async () => {
    const { status, body } = await call(GET(new Request('http://localhost/api/data'), undefined as never));
    expect(status).toBe(200);
    expect(body).toMatchObject({ files: [], maxUploadBytes: 64 * 1024 * 1024 });
  });

  it('uploads a CSV under a safe name, which the workspace loader then reads', async () => {
    const created = await call(upload({ name: '../../My prices.csv', text: CSV }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      source: 'csv:My_prices.csv',
      file: { name: 'My_prices.csv', bars: 2, replaced: false },
    });
    expect(existsSync(join(dataDir, 'My_prices.csv'))).toBe(true);
    expect(existsSync(join(tmp, 'My prices.csv'))).toBe(false);
    const listed = await call(GET(new Request('http://localhost/api/data'), undefined as never));
    expect(listed.body.files.map((f: { name: string }) => f.name)).toEqual(['My_prices.csv']);
    const loaded = await (await getDataLoader()).load({ source: created.body.source });
    expect(Array.from(loaded.bars.close)).toEqual([1.5, 2]);
  });

  it('answers 409 for an existing name unless overwrite is true', async () => {
    const taken = await call(upload({ name: 'My_prices.csv', text: CSV }));
    expect(taken.status).toBe(409);
    expect(taken.body.hint).toMatch(/replaces it/);
    const replaced = await call(upload({ name: 'My_prices.csv', text: CSV, overwrite: true }));
    expect(replaced).toMatchObject({ status: 200, body: { file: { replaced: true } } });
  });

  it('refuses what is not a CSV of bars, or not a .csv name, with 400 and a hint', async () => {
    for (const body of [
      { name: 'passwd.csv', text: 'root:x:0:0:root:/root:/bin/bash\n' },
      { name: 'x.csv', text: 'Date,Open,High,Low,Close\n2020-01-02,1,x,1,1\n' },
      { name: 'backtalk.duckdb', text: CSV },
      { name: 'x.csv' },
      { name: 'x.csv', text: CSV, extra: 1 },
      '{not json',
    ]) {
      const r = await call(upload(body));
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error, JSON.stringify(body)).toEqual(expect.any(String));
      expect(r.body.hint, JSON.stringify(body)).toBeTruthy();
    }
    expect(existsSync(join(dataDir, 'passwd.csv'))).toBe(false);
  });
});
