// Building Understanding values: from a validated spec (compile + describe), or as a question.
import { compile, describe, type StrategySpec } from '../../schema';
import { MAX_REQUEST_CHARS, type Understanding } from '../types';

export type Accepted = Extract<Understanding, { ok: true }>;
export type Question = Extract<Understanding, { ok: false }>;
type Source = Understanding['source'];

/** An ok Understanding. compile throws only on an invalid spec, so callers pass validated specs. */
export function fromSpec(
  spec: StrategySpec,
  source: Source,
  extra: { changes?: string[]; reply?: string } = {},
): Accepted {
  const d = describe(spec);
  return {
    ok: true,
    spec,
    program: compile(spec),
    summary: d.summary,
    market: d.market,
    settings: d.settings,
    assumptions: d.assumptions,
    ...(extra.changes ? { changes: extra.changes } : {}),
    source,
    ...(extra.reply ? { reply: extra.reply } : {}),
  };
}

export function question(question: string, unclear: string[], source: Source, reply?: string): Question {
  return { ok: false, question, unclear, source, ...(reply ? { reply } : {}) };
}

/** The answers given before any model call: no text, too much text. */
export function precheck(text: string): Question | undefined {
  if (text.length > MAX_REQUEST_CHARS)
    return question(
      `Your request is ${text.length} characters long; the limit is ${MAX_REQUEST_CHARS}. ` +
        'Could you shorten it to the rules: when to buy, when to sell, and on which market?',
      ['the request is too long'],
      'model',
    );
  if (!text.trim())
    return question(
      'What strategy would you like to test? Say when to buy, when to sell, and on which market.',
      ['the request is empty'],
      'model',
    );
  return undefined;
}

/** Appends a sentence to an Understanding's reply. */
export function withReply(u: Understanding, sentence: string | undefined): Understanding {
  if (!sentence) return u;
  return { ...u, reply: u.reply ? `${sentence} ${u.reply}` : sentence };
}
