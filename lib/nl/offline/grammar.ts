// The phrases of how traders state rules around the conditions themselves: links between a condition
// and its action ("= buy", "is my buy", "gets me in"), roles ("entry:", "trigger:"), whole-strategy
// switches ("stop and reverse", "long only"), filters ("uptrend only (...)"), and the small words that
// attach to a phrase ("on defaults", "for entries and exits", "per side"). Declared as rows (vocabulary.ts).
import { declare } from './phrases';

/** Between a condition and the action it triggers: "rsi < 30 = buy", "... is my buy", "... means cover". */
export const COPULA = declare<true>('links from a condition to its action', [
  {
    phrases:
      '=|->|=>|:|then|is|is my|is the|is a|is an|are my|means|means a|means i|is my signal to|' +
      'is the signal to|is a signal to|signals a|signals|triggers a|triggers|gives a|gives me a|gives|' +
      'i|we|you|should|will|so|and i|and we|to',
    yields: true,
    meaning: 'the condition before it triggers the action after it ("rsi<30 = buy", "X is my buy")',
  },
]);

/** Words after an action that add nothing ("= buy signal", "is the sell", "flat again"). */
export const ACTION_TAIL = declare<true>('words after an action', [
  {
    phrases: 'signal|signals|trigger|rule|point|here|again|setup|entry|exit|side|trade|one',
    yields: true,
    meaning: 'no meaning of their own after an action ("buy signal", "flat again")',
  },
]);

/** A role instead of an action: the entry side is the strategy's (long unless it only shorts). */
export const ROLES = declare<'entry' | 'close'>('entry and exit roles', [
  {
    phrases: 'entry|entries|trigger|triggers|entry signal|entry rule|entry trigger|in|way in',
    yields: 'entry',
    meaning: "the entry: buy (or short, when the strategy is a short one): 'Entry = ...', 'trigger: ...'",
  },
  {
    phrases: 'exit signal|exit rule|out|way out|exit trigger',
    yields: 'close',
    meaning: "the exit: close the position: 'Exit = ...', 'out: ...'",
  },
]);

/** Always in the market: the down-event shorts (reversing the long) and the up-event buys. */
export const REVERSAL = declare<true>('stop and reverse', [
  {
    phrases:
      'stop and reverse|stop & reverse|stop n reverse|stop-and-reverse|always in|always in the market|always in market|always long or short|' +
      'long or short at all times|flip between long and short|reversal system',
    yields: true,
    meaning: 'each signal reverses the position: buy on the up-event, short on the down-event',
  },
]);

/** The strategy trades one side only. */
export const ONE_SIDE = declare<'long' | 'short'>('one side only', [
  {
    phrases:
      'long only|only long|longs only|only longs|only go long|can only go long|only buy|no shorts|' +
      'no shorting|never short|not short|no short selling|long side only',
    yields: 'long',
    meaning: 'long only: no short rules',
  },
  {
    phrases: 'short only|only short|shorts only|only shorts|only go short|short side only',
    yields: 'short',
    meaning: 'short only: no long rules',
  },
]);

/** Words that make a condition without an action a filter on every entry ("uptrend only (price > ema)"). */
export const FILTER = declare<true>('entry filters', [
  {
    phrases:
      'only|filter|filtered|regime|uptrend|downtrend|trend|trend filter|only in an uptrend|' +
      'only in uptrends|only trade when|only take trades when|trade only when|provided|as long as',
    yields: true,
    meaning: 'a condition stated on its own with these words must hold for every entry',
  },
]);

/** "no adx check there", "regardless of adx": a rule that does not use an indicator (nothing to add). */
export const NO_CHECK_BEFORE = declare<true>('no check of an indicator', [
  {
    phrases: 'no|without|regardless of|irrespective of|ignoring|ignore|no matter|whatever|no need for',
    yields: true,
    meaning: 'the rule it follows does not use the named indicator',
  },
]);
export const NO_CHECK_AFTER = declare<true>('no check of an indicator (after the name)', [
  {
    phrases:
      'check|checks|filter|condition|confirmation|requirement|needed|required|there|here|on the exit|' +
      'for the exit|on exits|for exits|on exit|for exit|is|does|says',
    yields: true,
    meaning: "words of 'no adx check there'",
  },
]);

/** After an indicator name: its customary parameters. */
export const DEFAULTS = declare<true>('default parameters', [
  {
    phrases:
      'on defaults|on default|defaults|default|default settings|with default settings|on default settings|' +
      'standard settings|with defaults|stock settings|classic settings|default params|default parameters|' +
      'on standard settings|with standard settings|standard',
    yields: true,
    meaning: "the indicator's customary parameters (RSI 14, MACD 12/26/9, Bollinger 20/2, stochastic 14/3/3)",
  },
]);

/** After a named crossover: it is both the entry and the exit. */
export const BOTH_WAYS = declare<true>('a cross for entries and exits', [
  {
    phrases:
      'for entries and exits|for entry and exit|for in and out|in and out|for both|both ways|' +
      'for entries & exits|as entry and exit|entries and exits|to get in and out|' +
      'for both entry and exit|for entries and exit|for entry and exits|for signals|signals',
    yields: true,
    meaning: 'the cross up enters and the cross down exits',
  },
]);

/** Words that refine the rule just read ("I buy pullbacks, i.e. when rsi dips below 35"). */
export const REFINE = declare<true>('refinements', [
  {
    phrases: 'ie|eg|that is|meaning|namely|specifically|in other words|defined as|which means',
    yields: true,
    meaning: 'the condition that follows belongs to the rule before it',
  },
]);

/** A number named as a level: "-150 is my line", "30 is the trigger". */
export const LEVEL_NAME = declare<true>('named levels', [
  {
    phrases:
      'is my line|is the line|is my level|is the level|is my threshold|is the threshold|is my trigger|' +
      'is the trigger|is my trigger line|is the trigger line|is the key level|is my key level|as the line|' +
      'as my line|as the level|as the threshold',
    yields: true,
    meaning: "the number is the level that 'it' refers to afterwards",
  },
]);

/** Separators between indicators named together outside a rule ("rsi(14) vs a 9-period sma"). */
export const MENTION_SEP = declare<true>('indicators named together', [
  {
    phrases: 'vs|versus|v|and|&|,|with|plus|+|/|on|of|using|over|against|compared to|compared with',
    yields: true,
    meaning: 'joins indicators named together',
  },
]);

/** Words after an indicator named outside a rule that add nothing ("the rsi itself"). */
export const MENTION_TAIL = declare<true>('words after an indicator', [
  { phrases: 'itself|line|lines|one|ones|indicator', yields: true, meaning: 'no meaning of their own' },
]);

/** Words a statement may start with that add nothing ("and then", "I want to", "->"). */
export const LEAD_INS = declare<true>('statement lead-ins', [
  {
    phrases:
      'and then|and also|and|then|also|so|finally|otherwise|but|please|i want to|i would like to|i would|' +
      'i want|i|we|you|let us|lets|should|will|can|to|just|simply|want to|we should|strategy|rules|rule|' +
      'plus|+|->|=>|=',
    yields: true,
    meaning: 'no meaning of their own at the start of a statement',
  },
]);

/** Verbs of a size statement ("use 25% of equity", "risk 20% of equity on each trade"). */
export const SIZE_VERBS = declare<'size' | 'risk'>('size statements', [
  {
    phrases:
      'use|invest|allocate|put|bet|deploy|commit|trade|with|using|size|sized at|sized|size it at|position size|' +
      'go in with|each trade uses',
    yields: 'size',
    meaning: 'the size of every entry follows',
  },
  {
    phrases: 'risk|risking',
    yields: 'risk',
    meaning: 'read as the size of every entry (a share of equity), stated back as an assumption',
  },
]);

export const GRAMMAR_TABLES = [
  LEAD_INS,
  SIZE_VERBS,
  COPULA,
  ACTION_TAIL,
  ROLES,
  REVERSAL,
  ONE_SIDE,
  FILTER,
  NO_CHECK_BEFORE,
  NO_CHECK_AFTER,
  DEFAULTS,
  BOTH_WAYS,
  REFINE,
  LEVEL_NAME,
  MENTION_SEP,
  MENTION_TAIL,
] as const;
