// What understanding a request produces, whichever path (offline parser or model) answered.
import type { StrategySpec } from '../schema';

export type Understanding =
  | {
      readonly ok: true;
      /** The validated strategy. */
      readonly spec: StrategySpec;
      /** spec compiled to formatted .bt source. */
      readonly program: string;
      /** describe(spec): one sentence per rule, the market, the settings, and every assumption. */
      readonly summary: string[];
      readonly market: string;
      readonly settings: string;
      readonly assumptions: string[];
      /** For a revision of a pending strategy: what changed (diffSpecs). */
      readonly changes?: string[];
      readonly source: 'offline' | 'model';
      /** Prose the model added, if any (never required). */
      readonly reply?: string;
      /** Words of the request that were not used ("Not used: 'my strat'"): labels and filler only. */
      readonly unused?: readonly UnusedWords[];
      /** Where each part was read from in the request, for highlighting on the card. */
      readonly sources?: Sources;
      /**
       * The text `sources` and `unused` index into (set by the chat: after a question, the answer worked
       * into the request it answers is read as one text, not the last message alone).
       */
      readonly request?: string;
    }
  | {
      readonly ok: false;
      /** One precise question naming what is missing or not understood. */
      readonly question: string;
      /** The parts of the request that could not be turned into a strategy. */
      readonly unclear: string[];
      readonly source: 'offline' | 'model';
      readonly reply?: string;
      /** What the question asks, as data, so that the next message is read as its answer. */
      readonly ask?: Ask;
    };

/**
 * What kind of answer a question waits for: which market, which Bollinger band, the missing lengths
 * (in order), the missing exit (or entry) rule, yes or no, or what an unknown word stands for.
 */
export type AskKind = 'market' | 'band' | 'lengths' | 'exit' | 'entry' | 'yes-no' | 'unknown-word';

export interface Ask {
  readonly kind: AskKind;
  /** The words of the request the question is about, as typed (lengths: one per missing length, in order). */
  readonly phrases: readonly string[];
  /** What the question offers, best first (markets, bands, indicator names, an example rule, a correction). */
  readonly choices: readonly string[];
  /** market: which choice each phrase names (an index into choices, parallel to phrases). */
  readonly choiceOf?: readonly number[];
  /** exit / entry: the action a bare condition answers with ("when RSI > 70" → "sell when RSI > 70"). */
  readonly action?: 'buy' | 'sell' | 'short' | 'cover';
}

/** Character offsets [start, end) into the request text. */
export interface SourceSpan {
  readonly start: number;
  readonly end: number;
}

export interface UnusedWords {
  readonly text: string;
  readonly span: SourceSpan;
}

/** The spans of the request each part of the strategy was read from (offline parser; the model marks what it can). */
export interface Sources {
  /** Parallel to spec.rules. */
  readonly rules: readonly (readonly SourceSpan[])[];
  readonly risk?: Readonly<
    Partial<
      Record<
        'stopLoss' | 'takeProfit' | 'trailingStop' | 'stopLossAt' | 'takeProfitAt' | 'exitAfter',
        readonly SourceSpan[]
      >
    >
  >;
  readonly settings?: Readonly<
    Partial<Record<'capital' | 'fee' | 'commission' | 'slippage' | 'fill' | 'units', readonly SourceSpan[]>>
  >;
  readonly market?: readonly SourceSpan[];
  /** The entry size, where it was said on its own ("use 25% of equity"). */
  readonly size?: readonly SourceSpan[];
}

export interface UnderstandInput {
  readonly text: string;
  /** The strategy awaiting confirmation, when the text may be a revision of it. */
  readonly pending?: StrategySpec;
}

/** Longest request accepted; longer text gets a question asking to shorten it. */
export const MAX_REQUEST_CHARS = 4000;
