// The confirmation card as plain data, shared by the chat's card and `backtalk chat`'s text card: which
// notes are defaults the user did not state and which are readings of what they did say, the words not
// used, and which words of the request each line of the card was read from (for highlighting).
import type { SourceSpan, Sources, Understanding, UnusedWords } from '../nl';

type Ok = Extract<Understanding, { ok: true }>;

export interface CardNotes {
  /** Defaults applied because the request said nothing about them. */
  readonly assumed: string[];
  /** How something the user did say was read ("'risk 20% of equity' read as a position size …"). */
  readonly readAs: string[];
}

/**
 * The reader's own readings quote the request ('"btc" read as BTC/USDT'); they are not defaults, so the
 * card must not put them under "you did not say".
 */
export function cardNotes(assumptions: readonly string[]): CardNotes {
  const readAs = assumptions.filter((a) => /^["“'‘]/.test(a));
  return { assumed: assumptions.filter((a) => !readAs.includes(a)), readAs };
}

/** "Not used: 'my strat', 'pls'", or null when every word was used. */
export function unusedLine(unused: readonly UnusedWords[] | undefined): string | null {
  const words = (unused ?? []).map((u) => u.text.trim()).filter(Boolean);
  return words.length ? `Not used: ${words.map((w) => `'${w}'`).join(', ')}` : null;
}

export interface Segment {
  readonly text: string;
  readonly marked: boolean;
}

/** Overlapping and touching spans joined, clipped to [0, length), in order; empty ones dropped. */
export function mergeSpans(spans: readonly SourceSpan[], length: number): SourceSpan[] {
  const clipped = spans
    .map((s) => ({
      start: Math.max(0, Math.min(s.start, length)),
      end: Math.max(0, Math.min(s.end, length)),
    }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const out: SourceSpan[] = [];
  for (const s of clipped) {
    const last = out.at(-1);
    if (last && s.start <= last.end)
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else out.push(s);
  }
  return out;
}

/** The text cut into plain and marked pieces; together they are the whole text, in order. */
export function segments(text: string, spans: readonly SourceSpan[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const s of mergeSpans(spans, text.length)) {
    if (s.start > at) out.push({ text: text.slice(at, s.start), marked: false });
    out.push({ text: text.slice(s.start, s.end), marked: true });
    at = s.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), marked: false });
  return out;
}

const RISK_ORDER = ['stopLoss', 'takeProfit', 'trailingStop'] as const;

export interface LineSources {
  /** Parallel to the understanding's summary: each rule, then each risk rule, then the adjustable inputs. */
  readonly summary: SourceSpan[][];
  readonly market: SourceSpan[];
  readonly settings: SourceSpan[];
}

/**
 * The spans behind each line of the card. describe() lists the rules in spec order, then the risk rules
 * that are set, stop loss first; an entry's size said on its own ("use 25% of equity") belongs to the
 * entry rules. Without sources (the model marked nothing) every list is empty.
 */
export function lineSources(u: Ok): LineSources {
  const src: Sources | undefined = u.sources;
  const rules = u.spec.rules.map((r, i) => {
    const own = [...(src?.rules[i] ?? [])];
    if (r.action === 'buy' || r.action === 'short') own.push(...(src?.size ?? []));
    return own;
  });
  const risks = RISK_ORDER.filter((k) => u.spec.risk[k] !== undefined).map((k) => [
    ...(src?.risk?.[k] ?? []),
  ]);
  const summary = [...rules, ...risks];
  while (summary.length < u.summary.length) summary.push([]);
  return {
    summary,
    market: [...(src?.market ?? [])],
    settings: Object.values(src?.settings ?? {}).flatMap((s) => [...(s ?? [])]),
  };
}
