// Understanding values of the offline parser: a validated strategy (compiled and described), or one
// question built from the most fundamental issue found.
import { compile, describe, type StrategySpec, validateSpec } from '../../schema';
import type { Understanding } from '../types';
import { ISSUE_RANK, type Issue } from './ir';

export function question(q: string, unclear: string[]): Understanding {
  return { ok: false, question: q, unclear, source: 'offline' };
}

/** One question for a list of issues: the first of the lowest rank; vague phrases are asked together. */
export function ask(issues: readonly Issue[]): Understanding {
  const sorted = [...issues].sort((a, b) => ISSUE_RANK[a.kind] - ISSUE_RANK[b.kind]);
  const first = sorted[0];
  const unclear = [...new Set(sorted.map((i) => i.text))];
  const vague = sorted.filter((i) => i.kind === 'vague' && i.question.startsWith('"'));
  if (first.kind === 'vague' && vague.length > 1) {
    const texts = vague.map((i) => `"${i.text}"`);
    return question(
      `${texts.slice(0, -1).join(', ')} and ${texts.at(-1)} are too vague to test: what should be measured, and at what level? Say them as rules, e.g. 'buy when RSI(14) drops below 30, sell when it rises above 70'.`,
      unclear,
    );
  }
  return question(first.question, unclear);
}

/** An ok Understanding for a spec; a question if the spec does not validate (a parser bug, reported plainly). */
export function accept(spec: StrategySpec, changes?: string[]): Understanding {
  const v = validateSpec(spec);
  if (!v.ok) {
    const issue = v.issues[0];
    return question(
      `I could not build a valid strategy from that (${issue.path || 'spec'}: ${issue.message}). Could you rephrase the rules?`,
      v.issues.map((i) => `${i.path}: ${i.message}`),
    );
  }
  const d = describe(v.spec);
  return {
    ok: true,
    spec: v.spec,
    program: compile(v.spec),
    summary: d.summary,
    market: d.market,
    settings: d.settings,
    assumptions: d.assumptions,
    ...(changes && { changes }),
    source: 'offline',
  };
}
