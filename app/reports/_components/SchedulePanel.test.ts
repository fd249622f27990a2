// The schedule panel as the reports page renders it: a schedule the scheduler paused shows why.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import SchedulePanel, { type ScheduleItem } from './SchedulePanel';

vi.mock('next/navigation', () => ({ useRouter: () => ({ refresh: () => {} }) }));

const base: ScheduleItem = {
  id: 'sc1',
  label: 'every hour',
  cron: '0 * * * *',
  timezone: 'UTC',
  enabled: true,
  lastTickAt: null,
  nextRuns: [Date.UTC(2030, 0, 1, 1)],
  failures: 0,
  pausedReason: null,
};

const render = (s: ScheduleItem) =>
  renderToStaticMarkup(createElement(SchedulePanel, { strategyId: 'st1', readOnly: false, schedules: [s] }));

describe('SchedulePanel', () => {
  it('shows why the scheduler paused a schedule, with the whole cause', () => {
    const html = render({
      ...base,
      enabled: false,
      nextRuns: [],
      failures: 5,
      pausedReason: 'Paused after 5 failures in a row: cannot load yahoo:SPY\n  caused by: fetch failed',
    });
    expect(html).toMatch(
      /data-testid="schedule-paused-reason-sc1"[^>]*>Paused after 5 failures in a row: cannot load yahoo:SPY\n {2}caused by: fetch failed/,
    );
    expect(html).toContain('Fix the cause, then resume it.');
    expect(html).not.toContain('Paused: no runs until it is resumed');
  });

  it('says when recent runs failed, and nothing of the kind when all is well', () => {
    expect(render({ ...base, failures: 3 })).toContain('The last 3 runs failed');
    const fine = render(base);
    expect(fine).not.toContain('failed');
    expect(fine).not.toContain('schedule-paused-reason');
    expect(render({ ...base, enabled: false, nextRuns: [] })).toContain(
      'Paused: no runs until it is resumed',
    );
  });
});
