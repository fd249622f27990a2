// The one way a statistic is shown, from its own name and unit (backtesting.py's convention: 'Return [%]',
// 'Equity Final [$]', 'Duration [days]'; '# Trades' is a count; Start and End are times; the rest are
// ratios, shown to 3 decimals: a Sharpe of 0.037 is not 0.04). Pure: the workspace's stats table, the
// chat card, the reports and their HTML export and the CLI all format with it, so one run reads the same
// everywhere. The lists below are typed by the statistics' own names (StatName), so a typo fails typecheck.
import { STAT_NAMES, type StatName } from './stats';

export type StatUnit = 'pct' | 'usd' | 'days' | 'count' | 'ratio' | 'time' | 'text';

export function statUnit(name: string, value?: unknown): StatUnit {
  if (name.endsWith('[%]')) return 'pct';
  if (name.endsWith('[$]')) return 'usd';
  if (name.endsWith('[days]')) return 'days';
  if (name.startsWith('#')) return 'count';
  if (name === 'Start' || name === 'End') return 'time';
  if (typeof value === 'string') return 'text';
  return 'ratio';
}

/** The name without its unit: 'Return [%]' → 'Return'. */
export function statLabel(name: string): string {
  return name.replace(/\s*\[[^\]]*\]\s*$/, '');
}

/** A stable id fragment: 'Return [%]' → 'return-pct', '# Trades' → 'num-trades', 'Equity Final [$]' → 'equity-final-usd'. */
export function statSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/%/g, ' pct ')
    .replace(/\$/g, ' usd ')
    .replace(/#/g, ' num ')
    .replace(/&/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const groupFmt = (digits: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const FMT0 = groupFmt(0);
const FMT1 = groupFmt(1);
const FMT2 = groupFmt(2);
const FMT3 = groupFmt(3);

/** NaN, null, undefined → '—' (undefined figures, e.g. a win rate without trades). */
export const MISSING = '—';

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

function infinite(v: number): string | null {
  if (v === Number.POSITIVE_INFINITY) return '∞';
  if (v === Number.NEGATIVE_INFINITY) return '−∞';
  return null;
}

/** Negative numbers with a true minus sign, so columns of figures read cleanly. */
function signed(text: string): string {
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}

/** An ISO time as 'YYYY-MM-DD' when it is midnight UTC, else 'YYYY-MM-DD HH:MM'. */
export function formatIsoTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?Z?$/.exec(iso);
  if (!m) return iso;
  return m[2] === '00:00' && (m[3] ?? '00') === '00' ? m[1] : `${m[1]} ${m[2]}`;
}

export function formatStat(name: string, value: number | string | null | undefined): string {
  if (isMissing(value)) return MISSING;
  const unit = statUnit(name, value);
  if (typeof value === 'string') return unit === 'time' ? formatIsoTime(value) : value;
  const v = value as number;
  const inf = infinite(v);
  if (inf) return inf;
  switch (unit) {
    case 'pct':
      return `${signed(FMT2.format(v))}%`;
    case 'usd':
      return v < 0 ? `−$${FMT2.format(-v)}` : `$${FMT2.format(v)}`;
    case 'days':
      return `${signed((Number.isInteger(v) ? FMT0 : FMT1).format(v))} ${Math.abs(v) === 1 ? 'day' : 'days'}`;
    case 'count':
      return FMT0.format(v);
    default:
      return signed(Math.abs(v) >= 1000 ? FMT1.format(v) : FMT3.format(v));
  }
}

const SIGNED_STATS: ReadonlySet<string> = new Set<StatName>([
  'Return [%]',
  'Buy & Hold Return [%]',
  'Return (Ann.) [%]',
  'CAGR [%]',
  'Best Trade [%]',
  'Worst Trade [%]',
  'Avg. Trade [%]',
  'Expectancy [%]',
  'Sharpe Ratio',
  'Sortino Ratio',
  'Calmar Ratio',
  'Alpha [%]',
  'SQN',
]);

/** Colour hint: gains green, losses red, for figures where the sign is the point. */
export function statTone(name: string, value: unknown): 'pos' | 'neg' | null {
  if (typeof value !== 'number' || Number.isNaN(value) || value === 0) return null;
  if (SIGNED_STATS.has(name)) return value > 0 ? 'pos' : 'neg';
  return null;
}

/** Figures shown large above the table. */
export const HEADLINE_STATS = [
  'Return [%]',
  'Buy & Hold Return [%]',
  'Sharpe Ratio',
  'Max. Drawdown [%]',
  'Win Rate [%]',
  '# Trades',
] as const satisfies readonly StatName[];

type StatGroup = 'Performance' | 'Risk' | 'Trades';

/** A statistic's group: by where it stands in STAT_NAMES; CAGR, listed among the risk figures, is a return. */
function groupOf(name: StatName): StatGroup {
  const at = STAT_NAMES.indexOf(name);
  if (at >= STAT_NAMES.indexOf('# Trades')) return 'Trades';
  if (at >= STAT_NAMES.indexOf('Volatility (Ann.) [%]') && name !== 'CAGR [%]') return 'Risk';
  return 'Performance';
}

/** The workspace's groups of statistics, each in the statistics' own order. */
export const STAT_GROUPS: readonly { readonly title: StatGroup; readonly names: readonly StatName[] }[] = (
  ['Performance', 'Risk', 'Trades'] as const
).map((title) => ({ title, names: STAT_NAMES.filter((n) => groupOf(n) === title) }));
