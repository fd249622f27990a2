'use client';
// Every statistic of the result, grouped, formatted by the unit in its name; a headline strip of the
// figures one looks at first.
import { memo } from 'react';
import { formatStat, HEADLINE_STATS, STAT_GROUPS, statLabel, statSlug, statTone } from '../../../lib/ui';
import styles from './results.module.css';

type Stats = Record<string, number | string | null>;

/** The groups with only the stats present, plus any stat no group names (so every stat is shown). */
function grouped(stats: Stats): { title: string; names: string[] }[] {
  const known = new Set<string>(STAT_GROUPS.flatMap((g) => g.names));
  const out: { title: string; names: string[] }[] = STAT_GROUPS.map((g) => ({
    title: g.title,
    names: g.names.filter((n) => n in stats),
  }));
  const other = Object.keys(stats).filter((n) => !known.has(n));
  if (other.length) out.push({ title: 'Other', names: other });
  return out.filter((g) => g.names.length > 0);
}

// Memoized: the workspace re-renders on every socket message and redraw; these only on a new result.
export const Headline = memo(function Headline({ stats }: { stats: Stats }) {
  return (
    <div className={styles.headline} data-testid="headline">
      {HEADLINE_STATS.filter((n) => n in stats).map((name) => {
        const tone = statTone(name, stats[name]);
        return (
          <div key={name} className={styles.headlineItem}>
            <div className={styles.headlineLabel}>{statLabel(name)}</div>
            <div
              className={`${styles.headlineValue} num ${tone ?? ''}`}
              data-testid={`headline-${statSlug(name)}`}
            >
              {formatStat(name, stats[name])}
            </div>
          </div>
        );
      })}
    </div>
  );
});

export default memo(function StatsTable({ stats }: { stats: Stats }) {
  return (
    <div className={styles.statsGrid} data-testid="stats">
      {grouped(stats).map((g) => (
        <table key={g.title} className={styles.statsTable}>
          <caption>{g.title}</caption>
          <tbody>
            {g.names.map((name) => {
              const tone = statTone(name, stats[name]);
              return (
                <tr key={name}>
                  <th scope="row" title={name}>
                    {statLabel(name)}
                  </th>
                  <td className={`num ${tone ?? ''}`} data-testid={`stat-${statSlug(name)}`} data-stat={name}>
                    {formatStat(name, stats[name])}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
    </div>
  );
});
