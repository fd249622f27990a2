// The data folder's resolver and reader against real files, links, a FIFO and devices.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireShared } from '../../testing/shared';
import { loadCsvFile, parseCsv } from './csv';
import { DataError } from './errors';
import { readCapped } from './read-file';
import {
  checkDataPath,
  dataCandidates,
  dataDir,
  dataRevision,
  folderLabel,
  readDataCsv,
  resolveDataPath,
  type Sandbox,
} from './sandbox';

// Fails with what to do when ../shared is missing (testing/shared.ts), never skips.
const GOOG = requireShared('data/GOOG.csv');
let tmp: string;
let sb: Sandbox;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'bt-sandbox-'));
  const root = join(tmp, 'data');
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(join(tmp, 'elsewhere'));
  copyFileSync(GOOG, join(root, 'GOOG.csv'));
  copyFileSync(GOOG, join(root, 'sub', 'GOOG2.csv'));
  copyFileSync(GOOG, join(tmp, 'elsewhere', 'SECRET.csv'));
  writeFileSync(join(root, 'backtalk.duckdb'), 'DUCK\u0000secret');
  symlinkSync(join(tmp, 'elsewhere', 'SECRET.csv'), join(root, 'out.csv'));
  symlinkSync(join(tmp, 'elsewhere'), join(root, 'outdir'));
  symlinkSync(join(root, 'backtalk.duckdb'), join(root, 'db.csv'));
  symlinkSync(join(root, 'GOOG.csv'), join(root, 'alias.csv'));
  execFileSync('mkfifo', [join(root, 'fifo.csv')]);
  sb = { root, cwd: tmp };
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function refusal(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

async function refusalOf(p: Promise<unknown>): Promise<DataError> {
  const e = await p.then(
    () => new Error('expected a DataError'),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}

describe('the data folder', () => {
  it('is BACKTALK_DATA_DIR, else data/ under the working directory', () => {
    expect(dataDir({}, '/srv/app')).toBe('/srv/app/data');
    expect(dataDir({ BACKTALK_DATA_DIR: 'bars' }, '/srv/app')).toBe('/srv/app/bars');
    expect(dataDir({ BACKTALK_DATA_DIR: '/var/bt' }, '/srv/app')).toBe('/var/bt');
    expect(folderLabel({ root: '/srv/app/data', cwd: '/srv/app' })).toBe('data/');
    expect(folderLabel({ root: '/var/bt', cwd: '/srv/app' })).toBe('/var/bt/');
  });
});

describe('dataCandidates (no disk access)', () => {
  it('looks names up in the folder, and data/NAME from the working directory too', () => {
    expect(dataCandidates(sb, 'GOOG.csv')).toEqual([join(sb.root, 'GOOG.csv')]);
    expect(dataCandidates(sb, 'sub/GOOG2.csv')).toEqual([join(sb.root, 'sub/GOOG2.csv')]);
    expect(dataCandidates(sb, 'data/GOOG.csv')).toEqual([
      join(sb.root, 'data/GOOG.csv'),
      join(sb.root, 'GOOG.csv'),
    ]);
    expect(dataCandidates(sb, join(sb.root, 'GOOG.csv'))).toEqual([join(sb.root, 'GOOG.csv')]);
  });

  it('refuses paths that leave the folder, other extensions and control characters', () => {
    for (const [path, why] of [
      ['/etc/passwd', /is outside the data folder data\//],
      ['/dev/zero', /is outside the data folder/],
      [join(tmp, 'elsewhere', 'SECRET.csv'), /is outside the data folder/],
      ['../../../etc/passwd', /leads out of the data folder/],
      ['sub/../../x.csv', /leads out/],
      ['..\\x.csv', /leads out/],
      ['backtalk.duckdb', /not a \.csv or \.txt file/],
      ['GOOG.csv\u0000.txt', /is not a file name/],
      ['', /needs a file name/],
      [sb.root, /is outside the data folder/],
    ] as const) {
      const e = refusal(() => checkDataPath(sb, path));
      expect(e.code, path).toBe('not-allowed');
      expect(e.message, path).toMatch(why);
      expect(e.hint, path).toMatch(/only from its data folder \(data\/, set by BACKTALK_DATA_DIR\)/);
    }
  });
});

describe('resolveDataPath', () => {
  it('finds files by name, by data/NAME and through links that stay inside', async () => {
    const goog = join(sb.root, 'GOOG.csv');
    expect(await resolveDataPath(sb, 'GOOG.csv')).toBe(goog);
    expect(await resolveDataPath(sb, 'data/GOOG.csv')).toBe(goog);
    expect(await resolveDataPath(sb, 'alias.csv')).toBe(goog);
  });

  it('refuses links that lead out of the folder or to a file that is not data', async () => {
    for (const path of ['out.csv', 'outdir/SECRET.csv']) {
      const e = await refusalOf(resolveDataPath(sb, path));
      expect(e.message, path).toMatch(/is a link that leads outside the data folder/);
    }
    expect((await refusalOf(resolveDataPath(sb, 'db.csv'))).message).toMatch(/not \.csv or \.txt/);
  });

  it('says when the file or the folder is missing', async () => {
    const e = await refusalOf(resolveDataPath(sb, 'NOPE.csv'));
    expect(e.code).toBe('file-not-found');
    expect(e.message).toBe('no file NOPE.csv in the data folder data/');
    const none = await refusalOf(resolveDataPath({ root: join(tmp, 'absent'), cwd: tmp }, 'x.csv'));
    expect(none.message).toBe('the data folder absent/ does not exist');
    expect(none.hint).toMatch(/create it/);
  });
});

describe('readDataCsv', () => {
  it('reads a CSV of the folder, naming it data/NAME in messages', async () => {
    const { bars } = await readDataCsv(sb, 'GOOG.csv');
    expect(bars.time.length).toBe(2148);
    const big = await refusalOf(readDataCsv(sb, 'GOOG.csv', { maxBytes: 1000 }));
    expect(big.code).toBe('too-large');
    expect(big.message).toMatch(/^data\/GOOG\.csv is \d+ bytes; the limit is 1000$/);
  });

  it('refuses a FIFO in the folder at once instead of waiting for a writer', async () => {
    const e = await refusalOf(readDataCsv(sb, 'fifo.csv'));
    expect(e.message).toBe('data/fifo.csv is not a regular file (a device, pipe or socket)');
  });

  it('keys the cache on modification time and size', async () => {
    expect(await dataRevision(sb, 'GOOG.csv')).toMatch(/^\d+(\.\d+)?:\d+$/);
    expect((await refusalOf(dataRevision(sb, '/etc/passwd'))).code).toBe('not-allowed');
  });
});

describe('readCapped', () => {
  it('stops at the cap when the size on record is 0 (a device), and refuses devices for the server', async () => {
    const capped = await refusalOf(readCapped('/dev/zero', { name: '/dev/zero', maxBytes: 1 << 20 }));
    expect(capped.code).toBe('too-large');
    expect(capped.message).toBe('/dev/zero is more than 1048576 bytes; the limit is 1048576');
    const strict = await refusalOf(
      readCapped('/dev/zero', { name: '/dev/zero', maxBytes: 1 << 20, regularOnly: true }),
    );
    expect(strict.message).toMatch(/is not a regular file/);
  });

  it('reads a file exactly at the cap', async () => {
    const p = join(tmp, 'ten.txt');
    writeFileSync(p, '0123456789');
    expect((await readCapped(p, { name: p, maxBytes: 10 })).toString()).toBe('0123456789');
    expect((await refusalOf(readCapped(p, { name: p, maxBytes: 9 }))).code).toBe('too-large');
  });
});

describe('errors before a header is recognised quote nothing of the file', () => {
  const SECRET = /root|x:0:0|secret|hunter2/;

  it('for /etc/passwd read by path (the CLI)', async () => {
    const e = await refusalOf(loadCsvFile('/etc/passwd'));
    expect(e.message).toBe(
      '/etc/passwd: the first line has a single column; expected comma-, semicolon- or tab-separated columns',
    );
  });

  it.each([
    ['one column', 'root:x:0:0:root:/root:/bin/bash\nhunter2\n', 'no-delimiter'],
    ['commas but no OHLC names', 'user,password\nroot,hunter2\n', 'missing-column'],
    ['one OHLC name', 'secret,close\n1,2\n', 'missing-column'],
    ['data first', '2020-01-01,secret\n', 'no-header'],
  ])('%s', (_, text, code) => {
    const e = refusal(() => parseCsv(text, { source: 'x.csv' }));
    expect(e.code).toBe(code);
    expect(`${e.message} ${e.hint}`).not.toMatch(SECRET);
  });

  it('but name the columns once the line looks like an OHLC header', () => {
    const e = refusal(() => parseCsv('Date,Open,High,Schluss\n2020-01-02,1,2,1\n', { source: 'x.csv' }));
    expect(e.message).toBe(
      "x.csv: no low, close column in the header (found 'Date', 'Open', 'High', 'Schluss')",
    );
  });
});
