import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCsvFile, parseCsv } from './csv';
import { fail, failAsync } from './test-helpers';

const H = 'Date,Open,High,Low,Close,Volume';
const GOOD = '2020-01-02,10,12,9,11,1000';

// Each broken row is placed on line 3 (header line 1, a good row on line 2, a good row after).
describe.each([
  ['bad number', '2020-01-03,10,abc,9,11,1000', 'bad-number', /High 'abc' is not a number/],
  ['null (Yahoo gap)', '2020-01-03,null,null,null,null,null', 'bad-number', /Open 'null' is not a number/],
  ['missing field', '2020-01-03,10,12,9,11', 'field-count', /row has 5 fields but the header has 6/],
  ['extra field', '2020-01-03,10,12,9,11,1000,7', 'field-count', /row has 7 fields/],
  ['empty price', '2020-01-03,10,,9,11,1000', 'missing-value', /High is empty/],
  ['blank volume cell', '2020-01-03,10,12,9,11,', 'missing-value', /Volume is empty/],
  ['high < low', '2020-01-03,10,8,9,9.5,1000', 'high-below-low', /high 8 is below low 9/],
  ['high < open', '2020-01-03,13,12,9,11,1000', 'high-below-open', /high 12 is below open 13/],
  ['high < close', '2020-01-03,10,12,9,12.5,1000', 'high-below-close', /high 12 is below close 12.5/],
  ['low > open', '2020-01-03,9,12,9.5,11,1000', 'low-above-open', /low 9.5 is above open 9/],
  ['low > close', '2020-01-03,10,12,9.5,9,1000', 'low-above-close', /low 9.5 is above close 9/],
  ['negative price', '2020-01-03,-1,12,-2,11,1000', 'non-positive-price', /open -1 is negative/],
  ['zero price', '2020-01-03,10,12,0,11,1000', 'non-positive-price', /low 0 is zero/],
  ['negative volume', '2020-01-03,10,12,9,11,-5', 'bad-volume', /volume -5 is negative/],
  ['bad date', '03/01/2020,10,12,9,11,1000', 'bad-date', /cannot read date '03\/01\/2020'/],
  ['impossible date', '2020-02-30,10,12,9,11,1000', 'bad-date', /cannot read date/],
  ['empty date', ',10,12,9,11,1000', 'bad-date', /date is empty/],
  ['unterminated quote', '"2020-01-03,10,12,9,11,1000', 'bad-quotes', /unterminated quoted field/],
  [
    'conflicting duplicate',
    '2020-01-02,10,12,9,11.5,1000',
    'conflicting-duplicate',
    /2020-01-02 also appears on line 2/,
  ],
])('%s', (_name, row, code, message) => {
  const text = `${H}\n${GOOD}\n${row}\n2020-01-06,11,13,10,12,2000\n`;

  it('strict: throws a DataError naming line 3 and the reason', () => {
    const err = fail(() => parseCsv(text, { source: 'test.csv' }));
    expect(err.code).toBe('bad-rows');
    expect(err.message).toMatch(/^test\.csv has 1 broken row:\n {2}line 3: /);
    expect(err.message).toMatch(message);
    expect(err.message).toContain('skipBadRows');
    const issue = err.issues?.find((i) => i.severity === 'error');
    expect(issue).toMatchObject({ row: 3, code, severity: 'error' });
    expect(issue?.hint.length).toBeGreaterThan(5);
  });

  it('skipBadRows: drops the row and reports a warning', () => {
    const { bars, issues } = parseCsv(text, { skipBadRows: true });
    expect(Array.from(bars.time)).toEqual([Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 6)]);
    expect(Array.from(bars.close)).toEqual([11, 12]); // the first of two conflicting rows is kept
    const warnings = issues.filter((i) => i.severity === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ row: 3, code });
    expect(warnings[0]!.message).toMatch(message);
    expect(warnings[0]!.message).toContain('row skipped');
  });
});

describe('many broken rows', () => {
  it('lists the first five with their lines, counts the rest', () => {
    const rows = [GOOD];
    for (let i = 0; i < 9; i++) rows.push(`2020-02-${10 + i},1,x,1,1,1`);
    const err = fail(() => parseCsv(`${H}\n${rows.join('\n')}\n`));
    expect(err.message).toMatch(/has 9 broken rows/);
    expect(err.message).toContain('line 3: High');
    expect(err.message).toContain('line 7: High');
    expect(err.message).not.toContain('line 8:');
    expect(err.message).toContain('…and 4 more');
  });

  it('reports the column of a bad cell and line numbers counting blank lines', () => {
    const err = fail(() => parseCsv(`\n${H}\n\n${GOOD}\n2020-01-03,10,12,9,1x,5\n`));
    expect(err.issues?.[0]).toMatchObject({ row: 5, column: 'Close', code: 'bad-number' });
  });

  it('with skipBadRows and nothing valid left, throws', () => {
    const err = fail(() => parseCsv(`${H}\n2020-01-02,a,b,c,d,e\n`, { skipBadRows: true }));
    expect(err.code).toBe('no-rows');
    expect(err.message).toContain('all 1 data rows are broken');
  });

  it('suggests decimal points for decimal commas in semicolon files', () => {
    const err = fail(() => parseCsv('Date;Open;High;Low;Close\n2020-01-02;1,5;2;1;1,5\n'));
    expect(err.issues?.find((i) => i.severity === 'error')?.hint).toContain('decimal commas');
  });
});

describe('unusable input', () => {
  it.each([
    ['empty file', '', 'empty-file', /is empty/],
    ['blank lines only', '\n \r\n\n', 'empty-file', /is empty/],
    ['header only', `${H}\n`, 'no-rows', /has a header but no data rows/],
    ['header and blank lines', `${H}\n\n\n`, 'no-rows', /no data rows/],
    ['no header', `${GOOD}\n${GOOD}\n`, 'no-header', /is data, not a header/],
    ['single column', 'hello world\nfoo\n', 'no-delimiter', /has a single column/],
    [
      'garbage with commas',
      'foo,bar,baz\n1,2,3\n',
      'missing-column',
      /no time, open, high, low, close column/,
    ],
    ['missing close', 'Date,Open,High,Low\n2020-01-02,1,2,1\n', 'missing-column', /no close column/],
    ['two close columns', 'Date,Open,High,Low,Close,C\n', 'ambiguous-column', /'Close' and 'C'/],
    ['binary', `\u0000\u0001\u0002PK\u0003\u0004${'\u0000'.repeat(100)}`, 'binary-file', /binary data/],
    [
      '50 MB line',
      `${H}\n${'1'.repeat(50 * 1024 * 1024)}\n`,
      'line-too-long',
      /line 2 is 52428800 characters/,
    ],
    ['huge header', 'x'.repeat(100_000), 'line-too-long', /line 1/],
  ])('%s', (_name, text, code, message) => {
    const err = fail(() => parseCsv(text, { source: 'in.csv' }));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.hint).toBeTruthy();
  });

  it('enforces maxBytes and maxRows', () => {
    const text = `${H}\n${GOOD}\n2020-01-03,11,13,10,12,2000\n`;
    expect(fail(() => parseCsv(text, { maxBytes: 20 })).code).toBe('too-large');
    expect(fail(() => parseCsv(text, { maxRows: 1 })).code).toBe('too-many-rows');
    expect(parseCsv(text, { maxRows: 2 }).bars.time.length).toBe(2);
    expect(fail(() => parseCsv(text, { maxRows: 0 })).code).toBe('bad-argument');
  });
});

describe('loadCsvFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backtalk-csv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the path of a missing file', async () => {
    const path = join(dir, 'nope.csv');
    const err = await failAsync(loadCsvFile(path));
    expect(err.code).toBe('file-not-found');
    expect(err.message).toBe(`CSV file not found: ${path}`);
    expect(err.cause).toBeDefined();
  });

  it('rejects a directory, gzip, UTF-16 and oversize files by name', async () => {
    expect((await failAsync(loadCsvFile(dir))).message).toContain('is a directory');
    const gz = join(dir, 'a.csv.gz');
    writeFileSync(gz, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]));
    expect((await failAsync(loadCsvFile(gz))).message).toContain('gzip');
    const u16 = join(dir, 'u16.csv');
    writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${H}\n${GOOD}\n`, 'utf16le')]));
    expect((await failAsync(loadCsvFile(u16))).message).toContain('UTF-16');
    const ok = join(dir, 'ok.csv');
    writeFileSync(ok, `${H}\n${GOOD}\n`);
    expect((await failAsync(loadCsvFile(ok, { maxBytes: 10 }))).code).toBe('too-large');
    const { bars } = await loadCsvFile(ok);
    expect(bars.close[0]).toBe(11);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable file', async () => {
    const p = join(dir, 'locked.csv');
    writeFileSync(p, `${H}\n${GOOD}\n`);
    chmodSync(p, 0o000);
    expect((await failAsync(loadCsvFile(p))).code).toBe('file-unreadable');
  });

  it('uses the path as the source in row errors', async () => {
    const p = join(dir, 'bad.csv');
    writeFileSync(p, `${H}\n2020-01-02,1,0.5,1,1,1\n`);
    expect((await failAsync(loadCsvFile(p))).message).toContain(`${p} has 1 broken row`);
  });
});
