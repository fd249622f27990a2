// The chat's preview loads a strategy's csv: data through the same data folder as the workspace: a
// file in the folder is previewed on its own bars, a link leading out of it is not followed.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SPEC } from '../../../../lib/nl/server';
import { closeServices } from '../../../../server/services';
import { POST } from './route';

const GOOG = resolve(__dirname, '../../../../../shared/data/GOOG.csv');
const saved = {
  db: process.env.BACKTALK_DB,
  dir: process.env.BACKTALK_DATA_DIR,
  redis: process.env.REDIS_URL,
};
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'bt-chat-preview-'));
  const dataDir = join(tmp, 'data');
  mkdirSync(dataDir);
  mkdirSync(join(tmp, 'elsewhere'));
  copyFileSync(GOOG, join(dataDir, 'GOOG.csv'));
  // A CSV outside the folder, 300 bars long so that its bars would be recognised in the preview.
  const rows = Array.from({ length: 300 }, (_, i) => {
    const day = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    return `${day},10,11,9,${10 + (i % 7) / 10},1000`;
  });
  writeFileSync(
    join(tmp, 'elsewhere', 'SECRET.csv'),
    `Date,Open,High,Low,Close,Volume\n${rows.join('\n')}\n`,
  );
  symlinkSync(join(tmp, 'elsewhere', 'SECRET.csv'), join(dataDir, 'out.csv'));
  process.env.BACKTALK_DB = join(tmp, 'chat.duckdb');
  process.env.BACKTALK_DATA_DIR = dataDir;
  delete process.env.REDIS_URL;
});

afterAll(async () => {
  await closeServices();
  for (const [key, value] of [
    ['BACKTALK_DB', saved.db],
    ['BACKTALK_DATA_DIR', saved.dir],
    ['REDIS_URL', saved.redis],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(tmp, { recursive: true, force: true });
});

async function previewOn(symbol: string) {
  const spec = { ...EXAMPLE_SPEC, market: { source: 'csv', symbol } };
  const res = await POST(
    new Request('http://localhost/api/chat/preview', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ spec }),
    }),
  );
  expect(res.status).toBe(200);
  return (await res.json()).preview as { bars: number; fallback?: string; data: string };
}

describe('chat preview of csv: data', () => {
  it('previews a file of the data folder on its bars', async () => {
    const p = await previewOn('GOOG.csv');
    expect(p.fallback).toBeUndefined();
    expect(p.bars).toBe(2148);
  });

  it('does not follow a link out of the folder, and says why on the card', async () => {
    const p = await previewOn('out.csv');
    expect(p.bars).not.toBe(300);
    expect(p.fallback).toMatch(
      /out\.csv could not be loaded \(csv:out\.csv is a link that leads outside the data folder/,
    );
    expect(p.data).toBe('synthetic daily bars');
  });
});
