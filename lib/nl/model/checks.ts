// Checks of the model's strategy against the request's own words, which validation cannot see:
// - a percent the request states as N% that the model wrote as N/100 (a fraction in a percent field) goes
//   back to the model to repair, like any invalid field (unitSlips);
// - a fee, slippage, stop or target outside the usual ranges becomes a question on the card quoting the
//   value, never a silent 600% (unusualValue);
// - an exit, stop or target the request never gave is not kept: when the offline reader finds no way out
//   and the text has no exit words, its question is asked instead (inventedExit).
import type { Price, StrategySpec } from '../../schema';
import { vocabulary } from '../offline';
import type { UnderstandInput, Understanding } from '../types';
import type { Question } from './result';
import { question } from './result';
import { PERCENT_FIELDS, toPercent } from './wire';

/** A number in the request, in percent when it carries a unit ("0.1%", "5 bps" → 0.05), else bare. */
interface Said {
  readonly value: number;
  readonly unit: boolean;
  readonly raw: string;
  readonly end: number;
}

const NUMBER =
  /(?<![\w.])(\d+(?:\.\d+)?|\.\d+)(?:\s*(%|percent\b|per\s?cent\b|pct\b|bps\b|bp\b|basis points?\b))?/gi;

export function numbersIn(text: string): Said[] {
  const out: Said[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const n = Number(m[1]);
    const unit = m[2]?.toLowerCase();
    const bps = !!unit && /^b/.test(unit);
    out.push({ value: bps ? n / 100 : n, unit: !!unit, raw: m[0], end: m.index + m[0].length });
  }
  return out;
}

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
const stated = (said: readonly Said[], p: number) => said.find((s) => s.unit && same(s.value, p));
/** Short, exact percent text: 0.075, 6, 600. */
const fmt = (p: number) => String(Number(p.toPrecision(6)));

interface PercentValue {
  readonly what: string;
  /** The model's field, for issues it repairs. */
  readonly path: string;
  readonly percent: number;
  readonly usualMax?: number;
  readonly pending?: number;
  /** -1 for a price move below its base: the field holds -percent. */
  readonly sign?: -1;
}

/** A price's percent move (orders, stops and targets at prices), unsigned, for the checks below. */
function priceMove(what: string, path: string, p: Price | undefined): PercentValue[] {
  if (p?.percent === undefined) return [];
  const v = toPercent(p.percent);
  return [{ what, path: `${path}.percent`, percent: Math.abs(v), ...(v < 0 && { sign: -1 as const }) }];
}

function percentValues(spec: StrategySpec, pending?: StrategySpec): PercentValue[] {
  const out: PercentValue[] = [];
  for (const f of PERCENT_FIELDS) {
    const get = (s?: StrategySpec) =>
      (s?.[f.group] as Partial<Record<string, number>> | undefined)?.[f.specKey];
    const v = get(spec);
    if (v === undefined) continue;
    const was = get(pending);
    out.push({
      what: f.what,
      path: `${f.group}.${f.key}`,
      percent: toPercent(v),
      usualMax: f.usualMax,
      ...(was !== undefined && { pending: toPercent(was) }),
    });
  }
  spec.rules.forEach((r, i) => {
    if (r.size && 'percent' in r.size)
      out.push({ what: 'size', path: `rules[${i}].sizePercent`, percent: toPercent(r.size.percent) });
    if (r.size && 'risk' in r.size)
      out.push({
        what: 'risk per trade',
        path: `rules[${i}].sizeRisk`,
        percent: toPercent(r.size.risk),
        usualMax: RISK_USUAL_MAX,
      });
    out.push(...priceMove('order price', `rules[${i}].order.price`, r.order?.price));
  });
  out.push(...priceMove('stop price', 'risk.stopLossAt', spec.risk.stopLossAt));
  out.push(...priceMove('target price', 'risk.takeProfitAt', spec.risk.takeProfitAt));
  return out;
}

/**
 * Percents the model wrote as fractions: the request says "5%" and the field holds 0.05 (which is
 * 0.05%). As issues for the model, in its field names.
 */
export function unitSlips(spec: StrategySpec, text: string, pending?: StrategySpec): string[] {
  const said = numbersIn(text);
  const out: string[] = [];
  for (const v of percentValues(spec, pending)) {
    if (v.pending !== undefined && same(v.pending, v.percent)) continue;
    if (stated(said, v.percent)) continue;
    const meant = stated(said, toPercent(v.percent));
    if (meant)
      out.push(
        `${v.path}: ${fmt((v.sign ?? 1) * v.percent)} means ${fmt(v.percent)}%, but the request says "${meant.raw.trim()}": write ${fmt((v.sign ?? 1) * meant.value)} (percent fields take percent numbers)`,
      );
  }
  return out;
}

const CONFIRMED = ', as intended';
/** Risking more than this percent of equity on one trade is asked about. */
const RISK_USUAL_MAX = 10;

/** The first value outside its usual range that the user has not confirmed, as a question quoting it. */
export function unusualValue(spec: StrategySpec, text: string, pending?: StrategySpec): Question | undefined {
  const said = numbersIn(text);
  for (const v of percentValues(spec, pending)) {
    if (v.usualMax === undefined || v.percent <= v.usualMax) continue;
    if (v.pending !== undefined && same(v.pending, v.percent)) continue;
    const usual = `far above the usual (at most ${v.usualMax}%)`;
    const typed = stated(said, v.percent);
    if (typed) {
      if (text.slice(typed.end).startsWith(CONFIRMED)) continue;
      const raw = typed.raw.trim();
      return {
        ...question(
          `A ${v.what} of ${raw} is ${usual}. Is ${raw} what you mean? Reply yes to keep it, or give the ${v.what} you mean.`,
          [`${v.what} ${raw}`],
          'model',
        ),
        ask: { kind: 'yes-no', phrases: [raw], choices: [`${raw}${CONFIRMED}`] },
      };
    }
    // Not what the request says: most likely a unit slip, and the hundredth is the likely meaning. The
    // offered words are "6 percent", not "6%": the chat matches replies to choices loosely, and a reply of
    // "8%" must not be taken for "6%".
    const guess = v.percent / 100;
    const near = said.find((s) => !s.unit && (same(s.value, v.percent) || same(s.value, guess)));
    return {
      ...question(
        `The ${v.what} came out as ${fmt(v.percent)}%, ${usual}. Did you mean ${fmt(guess)}%? Reply yes, or give the ${v.what} you mean.`,
        [`${v.what} ${fmt(v.percent)}%`],
        'model',
      ),
      ask: near
        ? { kind: 'yes-no', phrases: [near.raw.trim()], choices: [`${fmt(guess)} percent`] }
        : { kind: 'yes-no', phrases: [], choices: [`${v.what} ${fmt(guess)} percent`] },
    };
  }
  return undefined;
}

let exitWords: RegExp | undefined;

/**
 * Words that state a way out: the reader's exit actions, stops and targets, stop-and-reverse, "crosses
 * back". Price fields ("close") and bare "out" ("breaks out") are left out: they say nothing of an exit.
 */
function exitWordsRe(): RegExp {
  if (exitWords) return exitWords;
  const v = vocabulary();
  const fields = new Set(v.filter((e) => e.topic === 'price fields').flatMap((e) => e.phrases));
  const phrases = v
    .filter(
      (e) =>
        (e.topic === 'actions' && /\bclose\b/.test(e.meaning)) ||
        e.topic === 'stops and targets' ||
        e.topic === 'stop and reverse' ||
        (e.topic === 'entry and exit roles' && /\bexit\b/.test(e.meaning)),
    )
    .flatMap((e) => e.phrases)
    .filter((p) => !fields.has(p) && p !== 'out');
  const alts = [...new Set([...phrases, 'back', 'opposite'])]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
  exitWords = new RegExp(`(?<![\\w])(${alts.join('|')})(?![\\w])`, 'i');
  return exitWords;
}

export const mentionsExit = (text: string) => exitWordsRe().test(text);

const wayOut = (s: StrategySpec) =>
  s.rules.some((r) => r.action !== 'buy' && r.action !== 'short') ||
  Object.values(s.risk).some((v) => v !== undefined);

/**
 * The offline reader's question for the exit, when the model's new strategy has a way out that the
 * request never gave (no exit the reader finds, no exit words at all).
 */
export function inventedExit(
  spec: StrategySpec,
  input: UnderstandInput,
  offline: (input: UnderstandInput) => Understanding,
): Understanding | undefined {
  if (input.pending || !wayOut(spec) || mentionsExit(input.text)) return undefined;
  const read = offline({ text: input.text });
  return !read.ok && read.ask?.kind === 'exit' ? read : undefined;
}
