// The chat's preview loads a strategy's csv: data through the same data folder as the workspace: a
// file in the folder is previewed on its own bars, a link leading out of it is not followed.
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SPEC } from '../../../../lib/nl/server';
import { type ApiTestEnv, apiTestEnv } from '../../../../lib/store/test-utils';
import { closeServices } from '../../../../server/services';
import { requireShared } from '../../../../testing/shared';
import { POST } from './route';

// Fails with what to do when ../shared is missing (testing/shared.ts), never skips.
const GOOG = requireShared('data/GOOG.csv');
let env: ApiTestEnv;
let tmp: string;

beforeAll(() => {
  env = apiTestEnv('bt-chat-preview-', { db: 'chat.duckdb', dataDir: true });
  tmp = env.dir;
  const dataDir = env.dataDir;
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
});

afterAll(async () => {
  await closeServices();
  env.restore();
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
