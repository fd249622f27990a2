import { describe, expect, it } from 'vitest';
import {
  CreateStrategy,
  DataRefSchema,
  Params,
  RenameStrategy,
  SaveVersion,
  StrategyId,
  VersionNumber,
} from './schemas';

describe('strategies API input schemas', () => {
  it('accepts the documented bodies', () => {
    expect(CreateStrategy.parse({ name: '  SMA  ' })).toEqual({ name: 'SMA' });
    expect(CreateStrategy.parse({ exampleId: 'sma-cross' })).toEqual({ exampleId: 'sma-cross' });
    expect(
      SaveVersion.parse({
        source: 'x = 1\n',
        params: { fast: 10, w_2: 0.5 },
        data: { source: 'synthetic:1:2500:1d', symbol: 'SYNTH', timeframe: '1d', from: null, to: 5 },
        note: 'tuned',
      }),
    ).toMatchObject({ params: { fast: 10, w_2: 0.5 }, note: 'tuned' });
  });

  it('bounds every size', () => {
    expect(RenameStrategy.safeParse({ name: 'x'.repeat(201) }).success).toBe(false);
    expect(RenameStrategy.safeParse({ name: '   ' }).success).toBe(false);
    expect(SaveVersion.safeParse({ source: 'x'.repeat(64 * 1024 + 1) }).success).toBe(false);
    expect(SaveVersion.safeParse({ source: '', note: 'n'.repeat(2001) }).success).toBe(false);
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`p${i}`, i]));
    expect(Params.safeParse(many).success).toBe(false);
    expect(DataRefSchema.safeParse({ source: 's'.repeat(513), symbol: 'A', timeframe: '1d' }).success).toBe(
      false,
    );
  });

  it('rejects wrong types, unknown keys and contradictions', () => {
    expect(SaveVersion.safeParse({ source: 1 }).success).toBe(false);
    expect(SaveVersion.safeParse({ source: '', params: { fast: '10' } }).success).toBe(false);
    expect(SaveVersion.safeParse({ source: '', params: { 'bad name': 1 } }).success).toBe(false);
    expect(SaveVersion.safeParse({ source: '', extra: true }).success).toBe(false);
    expect(CreateStrategy.safeParse({ source: 'x', exampleId: 'sma-cross' }).success).toBe(false);
    expect(
      DataRefSchema.safeParse({ source: 'yahoo:A', symbol: 'A', timeframe: '1d', from: 10, to: 5 }).success,
    ).toBe(false);
    expect(
      DataRefSchema.safeParse({ source: 'yahoo:A', symbol: 'A', timeframe: '1d', from: 1.5 }).success,
    ).toBe(false);
  });

  it("keeps the bars that stood in for a version's data, bounded", () => {
    const ref = { source: 'yahoo:A', symbol: 'A', timeframe: '1d' };
    const fallback = { source: 'synthetic:1:2500:1d', reason: 'yahoo:A: Yahoo Finance did not answer' };
    expect(DataRefSchema.parse({ ...ref, fallback })).toEqual({ ...ref, fallback });
    expect(
      DataRefSchema.safeParse({ ...ref, fallback: { ...fallback, reason: 'r'.repeat(2001) } }).success,
    ).toBe(false);
    expect(DataRefSchema.safeParse({ ...ref, fallback: { ...fallback, extra: 1 } }).success).toBe(false);
    expect(DataRefSchema.safeParse({ ...ref, fallback: { reason: 'r' } }).success).toBe(false);
  });

  it('checks URL parameters', () => {
    expect(StrategyId.safeParse('abc23').success).toBe(true);
    expect(StrategyId.safeParse('../etc').success).toBe(false);
    expect(StrategyId.safeParse('').success).toBe(false);
    expect(VersionNumber.parse('3')).toBe(3);
    expect(VersionNumber.safeParse('0').success).toBe(false);
    expect(VersionNumber.safeParse('1.5').success).toBe(false);
    expect(VersionNumber.safeParse('x').success).toBe(false);
  });
});
