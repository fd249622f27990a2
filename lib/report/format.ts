// Text for figures and times, shared by the report pages, the exports and the HTML report so that all
// of them say the same thing the same way. A statistic is shown by the engine's formatStat (one formatter
// for every view: workspace, chat card, reports, HTML export, CLI), re-exported here.
export { formatStat } from '../engine';

const DASH = '—';

// One formatter per number of decimals: building an Intl formatter per call is what makes
// toLocaleString slow in long tables.
const numberFormats = new Map<number, Intl.NumberFormat>();

/** A finite number with fixed decimals and thousands separators; a dash when missing. */
export function formatNumber(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  let f = numberFormats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(digits, f);
  }
  return f.format(v);
}

/** A percentage figure that is already in percent (e.g. `Return [%]`). */
export function formatPct(v: number | null | undefined, digits = 2): string {
  const s = formatNumber(v, digits);
  return s === DASH ? s : `${s}%`;
}

/**
 * Which way a figure should move: return and Sharpe 'higher'; drawdown is negative, so 'higher' too;
 * 'none' for counts such as trades, where neither way is better.
 */
export type Better = 'higher' | 'lower' | 'none';

export interface Change {
  /** '▲ 2.50', '▼ 0.20', '0.00', or a dash when there is nothing to compare. */
  text: string;
  direction: 'up' | 'down' | 'flat' | 'none';
  /** 'good' when the figure moved the preferred way; 'neutral' when flat or unknown. */
  tone: 'good' | 'bad' | 'neutral';
}

/** The change of a figure from the previous run, as an arrow and a tone. */
export function formatChange(
  v: number | null | undefined,
  options: { digits?: number; suffix?: string; better?: Better } = {},
): Change {
  const { digits = 2, suffix = '', better = 'higher' } = options;
  if (v === null || v === undefined || !Number.isFinite(v))
    return { text: DASH, direction: 'none', tone: 'neutral' };
  // A change that rounds to zero at the shown precision reads as no change.
  const scale = 10 ** digits;
  if (Math.round(Math.abs(v) * scale) === 0)
    return { text: `${formatNumber(0, digits)}${suffix}`, direction: 'flat', tone: 'neutral' };
  const up = v > 0;
  return {
    text: `${up ? '▲' : '▼'} ${formatNumber(Math.abs(v), digits)}${suffix}`,
    direction: up ? 'up' : 'down',
    tone: better === 'none' ? 'neutral' : up === (better === 'higher') ? 'good' : 'bad',
  };
}

const partsCache = new Map<string, Intl.DateTimeFormat>();

function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    partsCache.set(timeZone, f);
  }
  return f;
}

/**
 * '2025-11-21 14:30:05 UTC' in the given IANA zone (with its short name, e.g. 'EST'); a dash when
 * missing. `seconds: false` drops the seconds, `zone: false` the zone name.
 */
export function formatTime(
  ms: number | null | undefined,
  options: { timeZone?: string; seconds?: boolean; zone?: boolean } = {},
): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  const { timeZone = 'UTC', seconds = true, zone = true } = options;
  const p: Record<string, string> = {};
  for (const part of dateFormat(timeZone).formatToParts(new Date(ms))) p[part.type] = part.value;
  const time = seconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
  return `${p.year}-${p.month}-${p.day} ${time}${zone ? ` ${p.timeZoneName}` : ''}`;
}

/** The calendar date in UTC, '2025-11-21'. */
export function formatDate(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  return new Date(ms).toISOString().slice(0, 10);
}

/** ISO 8601 in UTC, or null: the machine-readable form used by the exports. */
export function isoTime(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return null;
  return new Date(ms).toISOString();
}

/** '3 min ago', 'in 12 s': a short distance from `now`. */
export function formatRelative(ms: number | null | undefined, now: number): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  const d = ms - now;
  const a = Math.abs(d);
  let text: string;
  if (a < 1000) return 'now';
  if (a < 60_000) text = `${Math.round(a / 1000)} s`;
  else if (a < 3_600_000) text = `${Math.round(a / 60_000)} min`;
  else if (a < 86_400_000) text = `${Math.round(a / 3_600_000)} h`;
  else text = `${Math.round(a / 86_400_000)} d`;
  return d < 0 ? `${text} ago` : `in ${text}`;
}

/** A run's duration, '1.2 s' or '340 ms'. */
export function formatDuration(startedAt: number, finishedAt: number | null | undefined): string {
  if (finishedAt === null || finishedAt === undefined) return DASH;
  const ms = finishedAt - startedAt;
  if (!Number.isFinite(ms) || ms < 0) return DASH;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A file-name-safe slug of a strategy name, for download names. */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s || 'strategy';
}
