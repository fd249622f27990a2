// Bar timeframes for the data layer: the table, bucket rules and inference live in the engine
// (lib/engine/timeframe.ts, shared with the language's htf); here labels are parsed with a DataError.
import { findTimeframe, inferTimeframe as inferFrom, TIMEFRAMES, type Timeframe } from '../engine';
import { DataError } from './errors';

export type { Timeframe };
export { TIMEFRAMES };

const LABELS = TIMEFRAMES.map((t) => t.label).join(', ');

/**
 * '1h' → { label: '1h', ms: 3600000 }. 'm' (minutes) and 'M' (months) are case-sensitive; the other
 * units also accept upper case ('4H', '1D', '1W').
 */
export function parseTimeframe(s: string): Timeframe {
  const tf = findTimeframe(s);
  if (tf) return tf;
  const raw = typeof s === 'string' ? s.trim() : '';
  const shown = typeof s === 'string' ? s.slice(0, 40) : String(s);
  let hint = `use one of ${LABELS} (m = minutes, M = months)`;
  if (/^\d+$/.test(raw)) hint = `add a unit: ${LABELS}`;
  else if (/^\d+(min|mins|minute|minutes)$/i.test(raw)) hint = `write minutes as '${parseInt(raw, 10)}m'`;
  throw new DataError('bad-timeframe', `unknown timeframe '${shown}' — ${hint}`, { hint });
}

/**
 * Guesses the timeframe from the median spacing of the last 100 bars: the nearest known timeframe
 * within 10% (so months of 28–31 days give '1M' and weekend gaps do not disturb '1d'), otherwise a
 * generic one labelled by its spacing ('90s', '10m', '2d'…). Null with fewer than 2 distinct times.
 */
export function inferTimeframe(time: Float64Array): Timeframe | null {
  return inferFrom(time, Math.max(0, time.length - 101));
}
