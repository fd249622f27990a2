import { describe, expect, it } from 'vitest';
import {
  formatChange,
  formatDuration,
  formatNumber,
  formatPct,
  formatRelative,
  formatTime,
  isoTime,
  slug,
} from './format';

describe('numbers', () => {
  it('formats with separators and a dash for missing values', () => {
    expect(formatNumber(12345.678)).toBe('12,345.68');
    expect(formatNumber(-0.5, 0)).toBe('-1'); // toLocaleString rounds half away from zero
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatPct(-7.25)).toBe('-7.25%');
    expect(formatPct(undefined)).toBe('—');
  });
});

describe('formatChange', () => {
  it('arrows and tones by the preferred direction', () => {
    expect(formatChange(2.5, { suffix: ' pp' })).toEqual({
      text: '▲ 2.50 pp',
      direction: 'up',
      tone: 'good',
    });
    expect(formatChange(-0.2)).toEqual({ text: '▼ 0.20', direction: 'down', tone: 'bad' });
    expect(formatChange(-0.2, { better: 'lower' }).tone).toBe('good');
    expect(formatChange(3, { digits: 0, better: 'none' })).toEqual({
      text: '▲ 3',
      direction: 'up',
      tone: 'neutral',
    });
  });

  it('reads a change that rounds to zero as flat, and a missing one as none', () => {
    expect(formatChange(0.004)).toEqual({ text: '0.00', direction: 'flat', tone: 'neutral' });
    expect(formatChange(-0.004).direction).toBe('flat');
    expect(formatChange(0.006).direction).toBe('up');
    expect(formatChange(null)).toEqual({ text: '—', direction: 'none', tone: 'neutral' });
  });
});

describe('times', () => {
  const t = Date.UTC(2025, 6, 4, 20, 30, 5); // 4 July 2025 20:30:05 UTC = 16:30:05 EDT
  it('formats in UTC by default and in a named zone, with its summer time', () => {
    expect(formatTime(t)).toBe('2025-07-04 20:30:05 UTC');
    expect(formatTime(t, { timeZone: 'America/New_York' })).toBe('2025-07-04 16:30:05 EDT');
    expect(formatTime(Date.UTC(2025, 0, 6, 21, 30), { timeZone: 'America/New_York' })).toBe(
      '2025-01-06 16:30:00 EST',
    );
    expect(formatTime(t, { seconds: false, zone: false })).toBe('2025-07-04 20:30');
    expect(formatTime(Date.UTC(2025, 0, 1, 0, 0, 0))).toBe('2025-01-01 00:00:00 UTC'); // midnight is 00, not 24
    expect(formatTime(t, { timeZone: 'Europe/London' })).toBe('2025-07-04 21:30:05 GMT+1');
    expect(formatTime(Date.UTC(2025, 0, 6, 18), { timeZone: 'Europe/London' })).toBe(
      '2025-01-06 18:00:00 GMT',
    );
    expect(formatTime(null)).toBe('—');
  });

  it('gives ISO for exports and short relative distances', () => {
    expect(isoTime(t)).toBe('2025-07-04T20:30:05.000Z');
    expect(isoTime(null)).toBeNull();
    expect(formatRelative(t - 3 * 60_000, t)).toBe('3 min ago');
    expect(formatRelative(t + 12_000, t)).toBe('in 12 s');
    expect(formatRelative(t + 3 * 86_400_000, t)).toBe('in 3 d');
    expect(formatRelative(t, t)).toBe('now');
    expect(formatDuration(0, 340)).toBe('340 ms');
    expect(formatDuration(0, 1250)).toBe('1.3 s');
    expect(formatDuration(0, null)).toBe('—');
  });
});

describe('slug', () => {
  it('makes a safe file name part', () => {
    expect(slug('RSI <reversion> & "co"')).toBe('rsi-reversion-co');
    expect(slug('Café  Crème / v2')).toBe('cafe-creme-v2');
    expect(slug('../../etc/passwd')).toBe('etcpasswd');
    expect(slug('???')).toBe('strategy');
    expect(slug('x'.repeat(200))).toHaveLength(60);
  });
});
