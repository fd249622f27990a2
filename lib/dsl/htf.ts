// htf(TF, EXPR): the timeframe argument (names, aliases and their "did you mean") and the chart's
// timeframe it is checked against when a program runs. The resampling and the closing rule are the
// engine's (lib/engine/higher.ts); the evaluation is in evaluator.ts.
import { coarsenProblem, findTimeframe, inferTimeframe, TIMEFRAMES, type Timeframe } from '../engine';
import { didYouMean } from './diagnostics';

export const TIMEFRAME_LABELS: readonly string[] = TIMEFRAMES.map((t) => t.label);
const LIST = `${TIMEFRAME_LABELS.join(' ')} (m = minutes, M = months)`;

/** Other spellings of a unit (TradingView's, Yahoo's, words), as data: unit → words. */
const UNIT_WORDS: Readonly<Record<'m' | 'h' | 'd' | 'w' | 'M', readonly string[]>> = {
  m: ['min', 'mins', 'minute', 'minutes'],
  h: ['h', 'hr', 'hrs', 'hour', 'hours', 'hourly', 'H'],
  d: ['d', 'day', 'days', 'daily', 'D'],
  w: ['w', 'wk', 'wks', 'week', 'weeks', 'weekly', 'W'],
  M: ['M', 'mo', 'mon', 'mth', 'month', 'months', 'monthly'],
};

/** The label another spelling means: "weekly" → "1w", "1mo" → "1M", "240" (TradingView's minutes) → "4h". */
function aliasOf(raw: string): string | undefined {
  const s = raw.trim();
  if (/^\d+$/.test(s)) return TIMEFRAMES.find((t) => !t.calendar && t.ms === Number(s) * 60_000)?.label;
  const m = /^(\d*)\s*-?\s*([A-Za-z]+)$/.exec(s);
  if (!m) return undefined;
  const count = m[1] || '1';
  for (const [unit, words] of Object.entries(UNIT_WORDS)) {
    const hit = words.includes(m[2]) || (m[2].length > 1 && words.includes(m[2].toLowerCase()));
    if (hit && findTimeframe(`${count}${unit}`)) return `${count}${unit}`;
  }
  return undefined;
}

/** What is wrong with a timeframe string, with a "did you mean"; undefined for a known one. */
export function timeframeProblem(raw: string): { message: string; hint: string } | undefined {
  if (findTimeframe(raw)) return undefined;
  const shown = raw.length > 20 ? `${raw.slice(0, 20)}…` : raw;
  const best = aliasOf(raw) ?? didYouMean(raw, TIMEFRAME_LABELS);
  if (best) {
    return {
      message: `unknown timeframe "${shown}" — did you mean "${best}"?`,
      hint: `write htf("${best}", ...); timeframes: ${LIST}`,
    };
  }
  return { message: `unknown timeframe "${shown}"`, hint: `timeframes: ${LIST}` };
}

export interface ChartTimeframe {
  readonly tf: Timeframe | null;
  /** True when guessed from the bars' spacing rather than given by the run. */
  readonly inferred: boolean;
}

/** Gaps read to infer the chart's timeframe: the first 100, so every run on 101 bars or more agrees. */
const INFER_GAPS = 100;

/**
 * The chart's timeframe: the run's label when it is a known one (a DataRef may say "auto"), else the
 * median spacing of the first 100 gaps between bars (engine inferTimeframe), null under 2 bars.
 */
export function chartTimeframe(time: Float64Array, given?: string): ChartTimeframe {
  const tf = given === undefined ? undefined : findTimeframe(given);
  if (tf) return { tf, inferred: false };
  return { tf: inferTimeframe(time, 0, INFER_GAPS + 1), inferred: true };
}

export const sameTimeframe = (a: Timeframe, b: Timeframe): boolean =>
  a.calendar === b.calendar && a.ms === b.ms;

/**
 * Why htf(to, ...) cannot run on a chart of `chart` bars: `to` is lower, or the chart's bars straddle
 * its buckets (3d bars and weeks); undefined when it can (an equal timeframe can: it is EXPR itself).
 */
export function chartProblem(
  to: Timeframe,
  chart: ChartTimeframe,
): { message: string; hint: string } | undefined {
  const c = chart.tf;
  if (!c || sameTimeframe(to, c)) return undefined;
  const whose = `the chart's bars are ${c.label}${chart.inferred ? ' (inferred from the spacing of the bars)' : ''}`;
  const lower = (c.calendar && !to.calendar) || to.ms < c.ms;
  if (lower) {
    const higher = TIMEFRAMES.filter((t) => !coarsenProblem(c, t) && !sameTimeframe(t, c)).map(
      (t) => t.label,
    );
    const month = to.label === '1m' && c.ms >= 3_600_000 ? '"1m" is one minute, a month is "1M"; ' : '';
    return {
      message: `htf("${to.label}", ...) asks for ${to.label} bars, but ${whose}: a higher timeframe must be at least the chart's`,
      hint: `${month}${higher.length ? `use ${higher.map((l) => `"${l}"`).join(', ')}, or ` : ''}run the strategy on ${to.label} bars or finer`,
    };
  }
  const problem = coarsenProblem(c, to);
  if (!problem) return undefined;
  return {
    message: `htf("${to.label}", ...) cannot be built from the chart's ${c.label} bars: ${problem.why}`,
    hint: `run the strategy on bars that fit into ${to.label} (${to.calendar || to.ms === 7 * 86_400_000 ? '1d or finer' : `a divisor of ${to.label}`}), or choose another timeframe`,
  };
}
