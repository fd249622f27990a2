// What reading the statements of a request produces (Parsed), and the request cut into segments at
// sentence punctuation, spaced dashes and commas (the unit the statement loop reads).
import type { Size } from '../../schema';
import type { Cond, RuleIR } from './ir';
import type { Mention } from './mention';
import type { Tok } from './tokens';
import type { Side } from './words';

export interface Parsed {
  rules: RuleIR[];
  entrySize?: Size;
  /** A crossover named as a strategy: its entry and the opposite exit. */
  implied?: { side: 'buy' | 'short'; entry: Cond; exit: Cond; from: readonly Tok[] };
  /** Indicator or style names used as labels ("MACD strategy", "Breakout"). */
  labels: string[];
  /** Runs of words left unplaced: they carry no number, indicator, market, relation, negation or action. */
  unused: Tok[][];
  /** Indicators and numbers named outside rules; each must end up used (checked once the spec is built). */
  mentions: Mention[];
  /** "stop and reverse", "always in": the down-event shorts, the up-event buys. */
  reverse?: readonly Tok[];
  /** "long only", "short only". */
  only?: { side: 'long' | 'short'; from: readonly Tok[] };
  /** The entry size was said as a risk ("risk 20% of equity"): stated back as an assumption. */
  riskSize?: string;
  /** Words of the entry size statement, and exit words that name the stops ("the only exit is ..."). */
  sizeFrom: Tok[];
  stopExits: Tok[];
  /** Exit words with no condition: fine when a stop or target closes the position. */
  bareExits: { side: Side; text: string; from: readonly Tok[] }[];
}

export interface Segment {
  readonly toks: Tok[];
  /** The separator that ended it ('.', ',', ':', '-', ...; '' at the end of the text). */
  readonly end: string;
}

const SEPARATORS = new Set(['.', ';', '!', '?', ':', '-']);

/** Splits at sentence punctuation, spaced dashes and commas outside parentheses ("i.e." and "e.g." join). */
export function segmentsOf(toks: readonly Tok[]): Segment[] {
  const out: Segment[] = [];
  let cur: Tok[] = [];
  let depth = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind === 'sym' && t.w === '(') depth++;
    if (t.kind === 'sym' && t.w === ')') depth = Math.max(0, depth - 1);
    const sep = t.kind === 'sym' && (SEPARATORS.has(t.w) || (t.w === ',' && depth === 0));
    // "pullbacks, i.e. when ...": a refinement stays in the sentence it refines
    const refines = /^(ie|eg)$/.test(toks[i + 1]?.w ?? '') || /^(ie|eg)$/.test(toks[i - 1]?.w ?? '');
    if (sep && !(refines && (t.w === ',' || t.w === '.'))) {
      depth = 0;
      if (cur.length) out.push({ toks: cur, end: t.w });
      cur = [];
      continue;
    }
    if (!t.used) cur.push(t);
  }
  if (cur.length) out.push({ toks: cur, end: '' });
  return out;
}

/** The segments' tokens (revise-ops reads them too). */
export function segments(toks: readonly Tok[]): Tok[][] {
  return segmentsOf(toks).map((s) => s.toks);
}
