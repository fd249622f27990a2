// What the card shows besides the strategy: where each part was read from (spans of the request, for
// highlighting), the words not used ("Not used: 'my strat'"), and assumptions that are the reader's own
// ("'risk 20% of equity' read as a 20% position"), never something the user said.
import type { SourceSpan, Sources, Understanding, UnusedWords } from '../types';
import { spansOf } from './account';
import type { FinalRule } from './fresh';
import type { Cond, Opnd } from './ir';
import type { Reading } from './read';
import { COINS } from './symbols';
import type { Tok } from './tokens';

const RISK_KEYS = [
  'stopLoss',
  'takeProfit',
  'trailingStop',
  'stopLossAt',
  'takeProfitAt',
  'exitAfter',
] as const;
const SETTING_KEYS = ['capital', 'fee', 'commission', 'slippage', 'fill', 'units'] as const;

/** Words of the request nothing took, as runs of neighbouring words (punctuation alone is not a word). */
function unusedWords(r: Reading, text: string): UnusedWords[] {
  const runs: Tok[][] = r.parsed.unused.map((run) => [...run]);
  const inRuns = new Set(runs.flat());
  // anything no pass took is listed too: the card must show every word it did not use
  let extra: Tok[] = [];
  for (const t of r.toks) {
    const loose = !t.used && !inRuns.has(t) && t.kind !== 'sym';
    if (loose) extra.push(t);
    else if (extra.length) {
      runs.push(extra);
      extra = [];
    }
  }
  if (extra.length) runs.push(extra);
  const out: UnusedWords[] = [];
  for (const run of runs) {
    const words = run.filter((t) => t.kind !== 'sym' || /^[&+]$/.test(t.w));
    for (const span of spansOf(words, text)) out.push({ text: text.slice(span.start, span.end), span });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** The Understanding of a new strategy with its sources, its unused words and the reader's own assumptions. */
export function withProvenance(
  u: Understanding,
  r: Reading,
  rules: readonly FinalRule[],
  text: string,
): Understanding {
  if (!u.ok) return u;
  const spans = (ts: readonly Tok[]) => spansOf(ts, text);
  const by = (k: string) => r.toks.filter((t) => t.by === k);
  const exits = r.parsed.bareExits.flatMap((e) => e.from);
  const risk: Partial<Record<(typeof RISK_KEYS)[number], SourceSpan[]>> = {};
  for (const k of RISK_KEYS) if (u.spec.risk[k] !== undefined) risk[k] = spans([...by(k), ...exits]);
  const settings: Partial<Record<(typeof SETTING_KEYS)[number], SourceSpan[]>> = {};
  for (const k of SETTING_KEYS) if (u.spec.settings[k] !== undefined) settings[k] = spans(by(k));
  // words that shape rules without being one: what they name ("macd 8/21/5", "-150 is my line") and
  // what the whole strategy is ("stop and reverse", "long only") go with the rules they concern
  const extra = rules.map((x) => {
    const ops = operandsOf(x.when);
    const named = r.parsed.mentions.filter((m) =>
      ops.some((o) =>
        m.o.k === 'ind'
          ? o.k === 'ind' && o.fn === m.o.fn
          : m.o.k === 'num' && o.k === 'num' && o.v === m.o.v,
      ),
    );
    // resting orders and risk sizing (orders.ts) go with the entries; band words (bands.ts) with their rule
    const entry = x.action === 'buy' || x.action === 'short';
    const at = (x.from ?? []).map((t) => r.toks.indexOf(t)).filter((i) => i >= 0);
    const lo = Math.min(...at) - 3;
    const hi = Math.max(...at) + 3;
    const band = r.toks.filter((t, i) => t.by === 'band' && i >= lo && i <= hi);
    const own = entry ? [...by('order'), ...by('risk')] : [];
    return [
      ...named.flatMap((m) => m.toks),
      ...(r.parsed.reverse ?? []),
      ...(r.parsed.only?.from ?? []),
      ...own,
      ...band,
    ];
  });
  const sources: Sources = {
    rules: rules.map((x, k) => spans([...(x.from ?? []), ...extra[k]])),
    ...(Object.keys(risk).length && { risk }),
    ...(Object.keys(settings).length && { settings }),
    ...(by('market').length && { market: spans(by('market')) }),
    ...(r.parsed.sizeFrom.length && { size: spans(r.parsed.sizeFrom) }),
  };
  const assumptions = u.assumptions.filter((a) => !(a === 'long only' && r.parsed.only?.side === 'long'));
  if (r.parsed.riskSize)
    assumptions.push(
      `"${r.parsed.riskSize}" read as a position size of ${pct(u.spec)} of equity per entry (not sized by the distance to a stop)`,
    );
  const coin = r.toks.find((t) => t.by === 'market' && t.kind === 'word' && COINS.has(t.w));
  if (coin && !r.toks.some((t) => t.kind === 'pair') && u.spec.market.symbol?.endsWith('/USDT'))
    assumptions.push(`"${coin.raw}" read as ${u.spec.market.symbol}`);
  const unused = unusedWords(r, text);
  return { ...u, assumptions, sources, ...(unused.length && { unused }) };
}

/** The operands of a condition, sources included ("sma of rsi" holds rsi too). */
function operandsOf(c: Cond): Opnd[] {
  const out: Opnd[] = [];
  const add = (o: Opnd) => {
    out.push(o);
    if (o.k === 'ind' && o.src) add(o.src);
  };
  const walk = (x: Cond): void => {
    if ('args' in x) x.args.forEach(walk);
    else {
      add(x.a);
      if ('b' in x) add(x.b);
    }
  };
  walk(c);
  return out;
}

function pct(spec: { rules: readonly { action: string; size?: unknown }[] }): string {
  const s = spec.rules.find((r) => r.action === 'buy' || r.action === 'short')?.size as
    | { percent?: number }
    | undefined;
  return s?.percent !== undefined ? `${Number((s.percent * 100).toPrecision(10))}%` : 'the stated share';
}
