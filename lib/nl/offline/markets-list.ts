// Several markets in one request: a portfolio when the request says how they share one account
// (portfolio.ts), one question when they are only listed ("on AAPL, MSFT and NVDA": together, or which
// one?), and the old question when they are named apart ("buy AAPL ..., sell MSFT ...").
import type { Issue } from './ir';
import { list } from './list';
import type { Tok } from './tokens';

interface Sym {
  readonly symbol: string;
  readonly source: string;
}

/** Between the markets of a list: "AAPL, MSFT and NVDA", "AAPL/MSFT/NVDA", "AAPL & MSFT". */
const LIST_SEP = new Set(list(',|/|and|&|+|plus|;|:'));

/** Do the mentions (token ranges [from, to)) form one list, nothing but separators between them? */
function isList(toks: readonly Tok[], spans: readonly (readonly [number, number])[]): boolean {
  for (let k = 1; k < spans.length; k++)
    for (let j = spans[k - 1][1]; j < spans[k][0]; j++) if (!LIST_SEP.has(toks[j].w)) return false;
  return spans.length > 1;
}

const andList = (xs: readonly string[]) =>
  xs.length <= 2 ? xs.join(' and ') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;

/**
 * A portfolio of `distinct` (no issue; when `listed`, the separators between the mentions are the
 * caller's to take), or the question.
 */
export function severalMarkets(
  toks: readonly Tok[],
  distinct: readonly Sym[],
  mentions: readonly { phrase: string; symbol: string }[],
  spans: readonly (readonly [number, number])[],
  together: boolean,
): { issue?: Issue; listed: boolean } {
  const sources = new Set(distinct.map((s) => s.source));
  const listed = isList(toks, spans);
  if (together && sources.size === 1) return { listed };
  const symbols = distinct.map((s) => s.symbol);
  const ask = {
    kind: 'market' as const,
    choices: symbols,
    phrases: mentions.map((m) => m.phrase),
    choiceOf: mentions.map((m) => symbols.indexOf(m.symbol)),
  };
  const text = symbols.join(', ');
  if (sources.size > 1 && (together || listed))
    return {
      issue: {
        kind: 'market',
        text,
        question: `${andList(symbols)} come from different sources (stocks and crypto), and one account trades markets of one kind: which market should the strategy trade, ${symbols.join(' or ')}?`,
        ask,
      },
      listed,
    };
  if (listed)
    return {
      issue: {
        kind: 'market',
        text,
        question: `Should the strategy trade ${andList(symbols)} together in one account (reply "all of them", or e.g. "equal weight, at most 2 positions"), or only one of them: ${symbols.join(' or ')}?`,
        ask,
      },
      listed,
    };
  return {
    issue: {
      kind: 'market',
      text,
      question: `Which market should the strategy trade: ${symbols.join(' or ')}? A strategy runs on one market.`,
      ask,
    },
    listed,
  };
}
