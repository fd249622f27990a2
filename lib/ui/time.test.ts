import { describe, expect, it } from 'vitest';
import { browserTimeZone, timeAgo } from './time';

describe('timeAgo', () => {
  const now = Date.UTC(2024, 5, 15, 12);
  it('reads recent times coarsely', () => {
    expect(timeAgo(now - 10_000, now)).toBe('just now');
    expect(timeAgo(now - 60_000, now)).toBe('1 min ago');
    expect(timeAgo(now - 29 * 60_000, now)).toBe('29 min ago');
    expect(timeAgo(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(timeAgo(now - 30 * 3_600_000, now)).toBe('yesterday');
    expect(timeAgo(now - 5 * 86_400_000, now)).toBe('5 days ago');
  });
  it('gives a date for older times, with the year when it differs', () => {
    expect(timeAgo(Date.UTC(2024, 0, 3), now)).toBe('Jan 3');
    expect(timeAgo(Date.UTC(2022, 10, 9), now)).toBe('Nov 9, 2022');
    expect(timeAgo(Number.NaN, now)).toBe('—');
  });
});

describe('browserTimeZone', () => {
  it("names the runtime's zone, and UTC when there is none or it is not a zone", () => {
    expect(browserTimeZone(() => 'Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(browserTimeZone(() => 'America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    expect(browserTimeZone(() => undefined)).toBe('UTC');
    expect(browserTimeZone(() => 'Mars/Olympus_Mons')).toBe('UTC');
    expect(
      browserTimeZone(() => {
        throw new Error('no Intl');
      }),
    ).toBe('UTC');
  });
});
