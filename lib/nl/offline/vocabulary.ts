// The vocabulary of the request grammar as data: every declared phrase table (actions, links, roles,
// relations, risk and cost words, sizes, ...) and the indicator names of the lexicon, listed from the same
// tables the parser reads, so that the model prompt and the docs can never drift from the parser.
import { BAND_TABLES } from './bands';
import { EVENT_TABLES } from './events';
import { GRAMMAR_TABLES } from './grammar';
import { IDIOM_TABLES } from './idioms';
import { constArgs, defaultParams, ENGLISH, INDICATOR_SPECS, levelsOf, titleOf } from './lexicon';
import { MONEY_TABLES } from './money';
import { ORDER_TABLES } from './orders';
import type { PhraseTable } from './phrases';
import { PORTFOLIO_TABLES } from './portfolio';
import { RELATION_TABLES } from './relation';
import { REVISION_TABLES } from './revise-ops';
import { SIZE_TABLES } from './size';
import { ACTIONS, AND_WORDS, FIELD_NAMES, WHEN } from './words';

export interface VocabularyEntry {
  /** What the phrases are about ("actions", "relations: events", "indicators"). */
  readonly topic: string;
  /** The phrases, as a user may write them (matched case- and plural-insensitively, longest first). */
  readonly phrases: readonly string[];
  /** What they mean in the strategy, in plain words. */
  readonly meaning: string;
}

function fromTable<T>(t: PhraseTable<T>): VocabularyEntry[] {
  return t.rows.map((r) => ({
    topic: t.topic,
    phrases: r.phrases
      .split('|')
      .map((p) => p.trim())
      .filter(Boolean),
    meaning: r.meaning,
  }));
}

function indicators(): VocabularyEntry[] {
  return INDICATOR_SPECS.map((f) => {
    const e = ENGLISH[f.name];
    const defaults = defaultParams(f.name);
    const args = constArgs(f.name).map(
      (a, k) => `${a.name}${defaults[k] !== undefined ? `=${defaults[k]}` : ''}`,
    );
    const lv = levelsOf(f.name);
    const outputs = Object.entries(e?.outputs ?? {}).map(([o, names]) => `${o}: ${names.join(', ')}`);
    return {
      topic: 'indicators',
      phrases: [f.name, ...(e?.names ?? []).filter((n) => n !== f.name)],
      meaning:
        `${titleOf(f.name)}: ${f.name}(${args.join(', ')})` +
        (lv ? `; oversold ${lv[0]}, overbought ${lv[1]}` : '') +
        (outputs.length ? `; outputs ${outputs.join('; ')}` : ''),
    };
  });
}

/** Every phrase the offline parser reads, by topic, with its meaning. */
export function vocabulary(): VocabularyEntry[] {
  const tables: readonly PhraseTable<unknown>[] = [
    ACTIONS,
    WHEN,
    AND_WORDS,
    ...RELATION_TABLES,
    ...EVENT_TABLES,
    ...GRAMMAR_TABLES,
    ...MONEY_TABLES,
    ...ORDER_TABLES,
    ...BAND_TABLES,
    ...IDIOM_TABLES,
    ...SIZE_TABLES,
    ...REVISION_TABLES,
    ...PORTFOLIO_TABLES,
  ];
  const fields: VocabularyEntry = {
    topic: 'price fields',
    phrases: FIELD_NAMES.phrases(),
    meaning: 'a price series of the bar: close (price), open, high, low, volume, hl2, hlc3, ohlc4',
  };
  return [...tables.flatMap(fromTable), fields, ...indicators()];
}

/**
 * The vocabulary as prompt text: one line per entry, "topic — phrases: meaning", at most `perEntry`
 * phrases each (the first ones are the common ones), optionally only some topics.
 */
export function vocabularySection(opts: { perEntry?: number; topics?: readonly string[] } = {}): string {
  const per = opts.perEntry ?? 8;
  return vocabulary()
    .filter((e) => !opts.topics || opts.topics.some((t) => e.topic.startsWith(t)))
    .map(
      (e) =>
        `- ${e.topic}: ${e.phrases
          .slice(0, per)
          .map((p) => `"${p}"`)
          .join(', ')} → ${e.meaning}`,
    )
    .join('\n');
}
