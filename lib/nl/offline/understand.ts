// understandOffline: plain English to a validated strategy, or one precise question. Pure, synchronous
// and deterministic; bounded work (the text is capped at MAX_REQUEST_CHARS, every pass is linear-ish).
import { validateSpec } from '../../schema';
import { MAX_REQUEST_CHARS, type UnderstandInput, type Understanding } from '../types';
import { applyReverse, contradiction, unusedMention } from './checks';
import { assemble, checkRules, finalRules } from './fresh';
import type { Issue } from './ir';
import { entryRule, orderRisk } from './place';
import { portfolioFit } from './portfolio';
import { withProvenance } from './provenance';
import { type Reading, read } from './read';
import { accept, ask, inWordsOf, question } from './result';
import { revise } from './revise';

const EXAMPLE =
  "e.g. 'buy when the 50-day moving average crosses above the 200-day moving average, sell when it crosses back below'";

/** An example in the terms of a label ("MACD strategy" → a MACD rule). */
function exampleFor(label: string): string {
  const l = label.toLowerCase();
  if (/macd/.test(l))
    return "e.g. 'buy when the MACD line crosses above the signal line, sell when it crosses below'";
  if (/rsi|relative strength/.test(l))
    return "e.g. 'buy when RSI(14) drops below 30, sell when it rises above 70'";
  if (/bollinger|\bbb\b|band/.test(l))
    return "e.g. 'buy when the close drops below the lower Bollinger band, sell when it rises above the middle band'";
  if (/stoch/.test(l)) return "e.g. 'buy when %K crosses above %D, sell when %K crosses below %D'";
  if (/breakout/.test(l))
    return "e.g. 'buy when the close exceeds the highest high of the last 20 days, sell when it falls below the lowest low of the last 10 days'";
  return EXAMPLE;
}

/** Issues that make a reading something other than a strategy (a forecast question, chatter, commands). */
function notStrategy(r: Reading): Issue | undefined {
  const p = r.parsed;
  if (p.rules.length || p.implied) return undefined;
  if (r.asksQuestion && !r.hasWhen)
    return {
      kind: 'not-strategy',
      text: 'not a strategy',
      question: `I can't predict prices; I build and backtest trading strategies. Which strategy should I test? Say when to buy and when to sell, ${EXAMPLE}.`,
    };
  if (!r.hasAction && !r.mentionsIndicator && !p.labels.length)
    return {
      kind: 'not-strategy',
      text: 'not a strategy',
      question: `That doesn't describe a trading strategy. What should I test? Say when to buy and when to sell, ${EXAMPLE}.`,
    };
  return undefined;
}

/** A new strategy from a reading, or the question it raises. */
export function fromReading(r: Reading, text = ''): Understanding {
  const ns = notStrategy(r);
  if (ns) return ask([ns]);
  if (r.issues.length) return ask(r.issues);
  applyReverse(r.parsed);
  const rules = finalRules(r.parsed, entryRule(r.orders, r.parsed));
  const wrong = contradiction(r.parsed, rules);
  if (wrong) return ask([wrong]);
  const missing = checkRules(rules, { ...r.costs.risk, ...orderRisk(r.orders) });
  if (missing) {
    // "MACD strategy on BTC/USDT" names an indicator but no rule: ask for the rule in its terms.
    if (missing.kind === 'no-entry' && !rules.length && r.parsed.labels.length) {
      const label = r.parsed.labels[0];
      return ask([
        {
          ...missing,
          kind: 'vague',
          text: label,
          question: `What should make "${label}" buy and sell? Give the rules, ${exampleFor(label)}.`,
        },
      ]);
    }
    return ask([missing]);
  }
  const spec = assemble(r, rules);
  const unfit = portfolioFit(spec);
  if (unfit) return ask([unfit]);
  const unused = unusedMention(r.parsed, spec);
  if (unused) return ask([unused]);
  return withProvenance(accept(spec), r, rules, text);
}

export function understandOffline(input: UnderstandInput): Understanding {
  const text = typeof input?.text === 'string' ? input.text : '';
  if (text.length > MAX_REQUEST_CHARS)
    return question(
      `Your request is ${text.length} characters long; the limit is ${MAX_REQUEST_CHARS}. Could you shorten it to the rules: when to buy, when to sell, and on which market?`,
      ['the request is too long'],
    );
  if (!text.trim())
    return question(
      'What strategy would you like to test? Say when to buy, when to sell, and on which market.',
      ['the request is empty'],
    );
  const pending = input.pending !== undefined ? validateSpec(input.pending) : undefined;
  // Questions quote the request as typed, and carry those words for reading the answer.
  if (pending?.ok) return inWordsOf(revise(text, pending.spec), text);
  return inWordsOf(fromReading(read(text), text), text);
}
