import { describe, expect, it } from 'vitest';
import { STAT_NAMES } from '../engine';
import { formatIsoTime, formatStat, statLabel, statSlug, statTone, statUnit } from './stats';

describe('statistics display', () => {
  it('reads the unit from the name', () => {
    expect(statUnit('Return [%]')).toBe('pct');
    expect(statUnit('Equity Final [$]')).toBe('usd');
    expect(statUnit('Max. Drawdown Duration [days]')).toBe('days');
    expect(statUnit('# Trades')).toBe('count');
    expect(statUnit('Sharpe Ratio')).toBe('ratio');
    expect(statUnit('Start')).toBe('time');
  });

  it('formats each unit', () => {
    expect(formatStat('Return [%]', 12.3456)).toBe('12.35%');
    expect(formatStat('Max. Drawdown [%]', -33.333)).toBe('−33.33%');
    expect(formatStat('Equity Final [$]', 1234567.891)).toBe('$1,234,567.89');
    expect(formatStat('Commissions [$]', -5)).toBe('−$5.00');
    expect(formatStat('Duration [days]', 3652)).toBe('3,652 days');
    expect(formatStat('Avg. Trade Duration [days]', 12.25)).toBe('12.3 days');
    expect(formatStat('Max. Trade Duration [days]', 1)).toBe('1 day');
    expect(formatStat('# Trades', 1234)).toBe('1,234');
    expect(formatStat('Sharpe Ratio', 1.23456)).toBe('1.235');
    expect(formatStat('SQN', -0.5)).toBe('−0.500');
    expect(formatStat('Profit Factor', 12345.678)).toBe('12,345.7');
    expect(formatStat('Start', '2015-01-02T00:00:00.000Z')).toBe('2015-01-02');
    expect(formatStat('End', '2015-01-02T13:30:00.000Z')).toBe('2015-01-02 13:30');
  });

  it('shows undefined figures as a dash and infinities as ∞', () => {
    expect(formatStat('Win Rate [%]', Number.NaN)).toBe('—');
    expect(formatStat('Win Rate [%]', null)).toBe('—');
    expect(formatStat('Sortino Ratio', undefined)).toBe('—');
    expect(formatStat('Profit Factor', Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatStat('Sortino Ratio', Number.NEGATIVE_INFINITY)).toBe('−∞');
  });

  it('labels without units, and slugs every statistic name uniquely', () => {
    expect(statLabel('Return (Ann.) [%]')).toBe('Return (Ann.)');
    expect(statLabel('# Trades')).toBe('# Trades');
    expect(statSlug('Return [%]')).toBe('return-pct');
    expect(statSlug('# Trades')).toBe('num-trades');
    expect(statSlug('Buy & Hold Return [%]')).toBe('buy-hold-return-pct');
    expect(statSlug('Equity Final [$]')).toBe('equity-final-usd');
    expect(statSlug('Max. Drawdown Duration [days]')).toBe('max-drawdown-duration-days');
    const slugs = STAT_NAMES.map(statSlug);
    expect(new Set(slugs).size).toBe(STAT_NAMES.length);
    for (const s of slugs) expect(s).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('colours signed figures only', () => {
    expect(statTone('Return [%]', 3)).toBe('pos');
    expect(statTone('Return [%]', -3)).toBe('neg');
    expect(statTone('Return [%]', Number.NaN)).toBeNull();
    expect(statTone('Max. Drawdown [%]', -20)).toBeNull();
    expect(statTone('# Trades', 4)).toBeNull();
    expect(statTone('Alpha [%]', -1.5)).toBe('neg'); // a return over buy & hold: the sign is the point
    expect(statTone('Beta', 0.5)).toBeNull();
  });

  it('keeps unparseable times as given', () => {
    expect(formatIsoTime('yesterday')).toBe('yesterday');
  });
});
