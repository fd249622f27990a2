// Deterministic synthetic OHLCV: regime-switching geometric Brownian motion with GARCH-style
// volatility clustering. Same (seed, bars, timeframe, end) → bit-identical arrays, on any machine.
import type { Bars } from '../engine';
import { Rng } from '../engine';
import { DataError } from './errors';
import { daysFromCivil } from './scan';
import { MAX_SYNTHETIC_BARS } from './source-spec';
import { parseTimeframe, type Timeframe } from './timeframe';

export interface SyntheticOptions {
  /** Integer seed; default 1. */
  readonly seed?: number;
  /** Number of bars, 1..10,000,000; default 2500. */
  readonly bars?: number;
  /** Timeframe label ('1d', '1h', …); default '1d'. */
  readonly timeframe?: string;
  /** Epoch ms of the last bar (aligned down to the timeframe); default SYNTHETIC_END. */
  readonly end?: number;
}

/** Fixed default end (2025-06-30T00:00Z, a Monday) so output never depends on today's date. */
export const SYNTHETIC_END = Date.UTC(2025, 5, 30);
export { MAX_SYNTHETIC_BARS };

const DAY = 86_400_000;
const YEAR_MS = 365.25 * DAY;
const TRADING_DAYS = 252;
const X0 = Math.log(100);
/** Pull of log price towards ln(100), per year: keeps 10M-bar series finite without visibly bending a few years. */
const KAPPA = 0.02;

// Regimes 0 bull, 1 sideways, 2 bear. Annualised drift and volatility; mean duration in years;
// on leaving, the probability of going to NEXT_A (else NEXT_B); extra log-volume in the regime.
const MU = Float64Array.of(0.15, 0.02, -0.25);
const SIGMA = Float64Array.of(0.13, 0.11, 0.28);
const DURATION = [2.0, 0.75, 0.6];
const NEXT_A = [1, 0, 0];
const NEXT_B = [2, 2, 1];
const P_NEXT_A = [0.7, 0.6, 0.5];
const VOL_SHIFT = Float64Array.of(0, -0.1, 0.25);
const CHUNK = 4096;
const SQRT12 = Math.sqrt(12); // scales a uniform(-0.5, 0.5) to unit variance

function validate(opts: SyntheticOptions): { seed: number; n: number; tf: Timeframe; end: number } {
  const seed = opts.seed ?? 1;
  const n = opts.bars ?? 2500;
  const end = opts.end ?? SYNTHETIC_END;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new DataError('bad-argument', `synthetic seed must be an integer, got ${String(seed)}`, {
      hint: 'use a whole number such as 1 or 42',
    });
  }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_SYNTHETIC_BARS) {
    throw new DataError(
      'bad-argument',
      `synthetic bars must be an integer from 1 to 10,000,000, got ${String(n)}`,
      {
        hint: 'ask for e.g. 2500 bars',
      },
    );
  }
  if (typeof end !== 'number' || !Number.isFinite(end) || Math.abs(end) > 8.64e15) {
    throw new DataError(
      'bad-argument',
      `synthetic end must be a time in epoch milliseconds, got ${String(end)}`,
      {
        hint: 'pass e.g. Date.UTC(2025, 5, 30), or leave it out',
      },
    );
  }
  return { seed, n, tf: parseTimeframe(opts.timeframe ?? '1d'), end };
}

function weekday(day: number): number {
  return ((day % 7) + 7 + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
}

/** Bar open times ending at `end` aligned down: 1d skips weekends, 1w on Mondays, 1M on the 1st. */
export function syntheticTimes(n: number, tf: Timeframe, end: number): Float64Array {
  // Estimate first (daily bars cover 7/5 of their count in calendar days) so that an impossible
  // request fails before allocating; the exact check follows below.
  if (end - n * tf.ms * (tf.label === '1d' ? 1.4 : 1) < -8.64e15) throw tooEarly(n, tf);
  const out = new Float64Array(n);
  let day = Math.floor(end / DAY);
  if (tf.label === '1d') {
    for (let i = n - 1; i >= 0; i--) {
      let wd = weekday(day);
      while (wd === 0 || wd === 6) {
        day--;
        wd = weekday(day);
      }
      out[i] = day * DAY;
      day--;
    }
  } else if (tf.label === '1w') {
    day -= (weekday(day) + 6) % 7;
    for (let i = 0; i < n; i++) out[i] = (day - 7 * (n - 1 - i)) * DAY;
  } else if (tf.calendar) {
    const d = new Date(end);
    const last = d.getUTCFullYear() * 12 + d.getUTCMonth();
    for (let i = 0; i < n; i++) {
      const k = last - (n - 1 - i);
      const y = Math.floor(k / 12);
      out[i] = daysFromCivil(y, k - y * 12 + 1, 1) * DAY;
    }
  } else {
    const step = tf.ms;
    const last = tf.ms >= DAY ? day * DAY : Math.floor(end / step) * step;
    for (let i = 0; i < n; i++) out[i] = last - (n - 1 - i) * step;
  }
  if (!(out[0]! >= -8.64e15)) throw tooEarly(n, tf);
  return out;
}

function tooEarly(n: number, tf: Timeframe): DataError {
  return new DataError(
    'bad-argument',
    `${n} bars of ${tf.label} would start before the earliest representable date`,
    {
      hint: 'ask for fewer bars or a shorter timeframe',
    },
  );
}

/** Seeded synthetic OHLCV bars; prices start near 100 and stay positive. */
export function synthetic(opts: SyntheticOptions = {}): Bars {
  const { seed, n, tf, end } = validate(opts);
  const time = syntheticTimes(n, tf, end);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  const volume = new Float64Array(n);

  // Daily bars are trading days (252 a year); everything else is continuous calendar time.
  const dt = tf.label === '1d' ? 1 / TRADING_DAYS : tf.ms / YEAR_MS;
  const sqrtDt = Math.sqrt(dt);
  const days = dt * TRADING_DAYS; // bar length in trading days
  // GARCH(1,1) on a variance multiplier with mean 1: persistence 0.98 per day, reactivity 4× the decay.
  const rho = 0.98 ** days;
  const alpha = Math.min(0.1, 4 * (1 - rho));
  const beta = rho - alpha;
  const omega = 1 - rho;
  // Share of a bar's variance that happens between bars (the gap from previous close to open).
  const gapShare = tf.label === '1d' ? 0.2 : tf.ms < DAY ? 0.02 : 0.05;
  const gapSd = Math.sqrt(gapShare);
  const inSd = Math.sqrt(1 - gapShare);
  const leave = DURATION.map((d) => 1 - Math.exp(-dt / d));
  const volBase = Math.log(1e6 * days);
  const phiV = 0.9 ** days;
  const volNoise = Math.sqrt(1 - phiV * phiV);

  const rng = new Rng(seed);
  const u0 = rng.next();
  let reg = u0 < 0.5 ? 0 : u0 < 0.8 ? 1 : 2;
  let h = 1;
  let x = X0; // log of the previous close
  let slowVol = 0;
  // Random numbers are drawn in whole chunks (5 uniforms and 3 normals per bar, always), so bar i
  // sees the same draws whatever the total length.
  const uni = new Float64Array(5 * CHUNK);
  const nrm = new Float64Array(3 * CHUNK);
  const scratch = new Float64Array(2 * CHUNK);
  const regs = new Uint8Array(CHUNK);
  for (let c0 = 0; c0 < n; c0 += CHUNK) {
    rng.fillUniform(uni);
    rng.fillNormal(nrm, scratch);
    const len = Math.min(CHUNK, n - c0);
    // Regime path first, in its own small loop: the main loop below then has no rarely taken branches
    // (each one would cost a deoptimisation the first time it is taken).
    for (let j = 0; j < len; j++) {
      if (uni[5 * j]! < leave[reg]!) reg = uni[5 * j + 1]! < P_NEXT_A[reg]! ? NEXT_A[reg]! : NEXT_B[reg]!;
      regs[j] = reg;
    }
    for (let j = 0, u = 0, g = 0; j < len; j++, u += 5, g += 3) {
      const i = c0 + j;
      const r = regs[j]!;
      const z = nrm[g]!;
      const zg = nrm[g + 1]!;
      const sqrtH = Math.sqrt(h);
      const sig = SIGMA[r]! * sqrtH;
      const s = sig * sqrtDt;
      const lo = x + gapSd * s * zg;
      const move = (MU[r]! - 0.5 * sig * sig + KAPPA * (X0 - x)) * dt + inSd * s * z; // open → close, in logs
      const lc = lo + move;
      // Extremes of a Brownian bridge from 0 to `move` with variance v: exact marginal samples
      // (1 − u is in (0, 1], so its logarithm is finite).
      const v2 = 2 * (inSd * s) * (inSd * s);
      const up = 0.5 * (move + Math.sqrt(move * move - v2 * Math.log(1 - uni[u + 2]!)));
      const dn = 0.5 * (move - Math.sqrt(move * move - v2 * Math.log(1 - uni[u + 3]!)));
      const o = Math.exp(lo);
      const cl = Math.exp(lc);
      open[i] = o;
      close[i] = cl;
      high[i] = Math.max(Math.exp(lo + up), o, cl);
      low[i] = Math.min(Math.exp(lo + dn), o, cl);

      // Log-volume: a slow AR(1) level, the size of this bar's move, the regime, the volatility state.
      const shock = inSd * z + gapSd * zg; // unit variance
      slowVol = phiV * slowVol + volNoise * SQRT12 * (uni[u + 4]! - 0.5);
      const logV =
        volBase +
        0.45 * (Math.abs(shock) - 0.8) +
        0.4 * slowVol +
        0.25 * nrm[g + 2]! +
        VOL_SHIFT[r]! +
        0.5 * (sqrtH - 1);
      volume[i] = Math.round(Math.exp(logV));

      h = Math.min(20, Math.max(0.05, omega + (alpha * shock * shock + beta) * h));
      x = lc;
    }
  }
  return { time, open, high, low, close, volume };
}
