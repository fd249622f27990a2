// Uploads into the data folder and its listing, on a real temp folder.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from './errors';
import { readDataCsv, type Sandbox } from './sandbox';
import { listDataFiles, MAX_UPLOAD_BYTES, saveDataFile, uploadName } from './upload';

const CSV = 'Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,1.5,2.5,1,2,200\n';
const CSV2 = `${CSV}2020-01-06,2,3,1.5,2.5,300\n`;
let tmp: string;
let sb: Sandbox;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'bt-upload-'));
  sb = { root: join(tmp, 'data'), cwd: tmp };
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function refusalOf(p: Promise<unknown>): Promise<DataError> {
  const e = await p.then(
    () => new Error('expected a DataError'),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}

describe('uploadName', () => {
  it('strips folders and odd characters, keeps .csv', () => {
    expect(uploadName('GOOG.csv')).toBe('GOOG.csv');
    expect(uploadName('C:\\Users\\me\\Daily prices (2020).CSV')).toBe('Daily_prices_2020_.CSV');
    expect(uploadName('../../etc/cron.d/x.csv')).toBe('x.csv');
    expect(uploadName('.hidden.csv')).toBe('hidden.csv');
    expect(uploadName('ünïcode€.csv')).toBe('n_code_.csv');
  });

  it('refuses names that are not .csv files', () => {
    for (const raw of ['passwd', 'x.duckdb', '.csv', 'dir/', '', 'a.csv.exe']) {
      expect(() => uploadName(raw), raw).toThrow(/is not a \.csv file name/);
    }
    expect(() => uploadName(`${'a'.repeat(120)}.csv`)).toThrow(/at most 100/);
  });
});

describe('saveDataFile', () => {
  it('creates the folder, keeps a CSV that parses, and the loader then reads it', async () => {
    const saved = await saveDataFile(sb, 'prices.csv', CSV);
    expect(saved).toMatchObject({ name: 'prices.csv', bytes: CSV.length, bars: 2, replaced: false });
    expect(readFileSync(join(sb.root, 'prices.csv'), 'utf8')).toBe(CSV);
    expect((await readDataCsv(sb, 'prices.csv')).bars.close).toEqual(new Float64Array([1.5, 2]));
  });

  it('does not replace an existing file unless asked', async () => {
    const e = await refusalOf(saveDataFile(sb, 'prices.csv', CSV2));
    expect(e.code).toBe('file-exists');
    expect(e.message).toBe('prices.csv is already in the data folder data/');
    expect(readFileSync(join(sb.root, 'prices.csv'), 'utf8')).toBe(CSV);
    const again = await saveDataFile(sb, 'prices.csv', CSV2, { overwrite: true });
    expect(again).toMatchObject({ bars: 3, replaced: true });
    expect(readFileSync(join(sb.root, 'prices.csv'), 'utf8')).toBe(CSV2);
  });

  it('keeps nothing that does not parse as bars, and leaves no temporary files', async () => {
    const before = readdirSync(sb.root).sort();
    for (const [text, code] of [
      ['root:x:0:0:root:/root:/bin/bash\n', 'no-delimiter'],
      ['Date,Open,High,Low,Close\n2020-01-02,1,x,1,1\n', 'bad-rows'],
      ['', 'empty-file'],
    ] as const) {
      expect((await refusalOf(saveDataFile(sb, 'bad.csv', text))).code).toBe(code);
    }
    expect(readdirSync(sb.root).sort()).toEqual(before);
  });

  it('refuses more than MAX_UPLOAD_BYTES', async () => {
    const big = `${CSV}${'x'.repeat(MAX_UPLOAD_BYTES)}`;
    const e = await refusalOf(saveDataFile(sb, 'big.csv', big));
    expect(e.code).toBe('too-large');
  });

  it('two uploads of one new name: one wins, the other is told the name is taken', async () => {
    const results = await Promise.allSettled([
      saveDataFile(sb, 'race.csv', CSV),
      saveDataFile(sb, 'race.csv', CSV2),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((lost.reason as DataError).code).toBe('file-exists');
  });
});

describe('listDataFiles', () => {
  it('lists the .csv and .txt files only: not the database, hidden files, folders or links', async () => {
    const root = join(tmp, 'listed');
    mkdirSync(join(root, 'sub.csv'), { recursive: true });
    writeFileSync(join(root, 'B.csv'), CSV);
    writeFileSync(join(root, 'a.txt'), CSV);
    writeFileSync(join(root, 'backtalk.duckdb'), 'x');
    writeFileSync(join(root, '.upload-123.tmp'), 'x');
    writeFileSync(join(root, '.hidden.csv'), 'x');
    symlinkSync('/etc/passwd', join(root, 'link.csv'));
    const files = await listDataFiles({ root, cwd: tmp });
    expect(files.map((f) => f.name)).toEqual(['a.txt', 'B.csv']);
    expect(files[1]).toMatchObject({ bytes: CSV.length, modified: expect.any(Number) });
    expect(await listDataFiles({ root: join(tmp, 'absent') })).toEqual([]);
  });
});
