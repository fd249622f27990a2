// A CodeMirror StreamParser for the .bt language: highlighting and Python-like indentation. It follows
// the lexer's rules (lib/dsl/lexer.ts) closely enough to colour text, but never reports errors: the
// checker does that. Token names are @lezer/highlight tag names ("variableName.function" = function(variableName)).
import { type StreamParser, StringStream } from '@codemirror/language';
import { ACTION_NAMES, BUILTIN_SERIES, FORMS, RISK_NAMES } from '../dsl';
import { FUNCTIONS } from '../engine';

export const BT_FUNCTIONS: ReadonlySet<string> = new Set([
  ...FUNCTIONS.map((f) => f.name),
  ...FORMS.map((f) => f.name),
]);
export const BT_SERIES: ReadonlySet<string> = new Set<string>(BUILTIN_SERIES);
export const BT_STATEMENTS: ReadonlySet<string> = new Set<string>([
  'strategy',
  'input',
  ...ACTION_NAMES,
  ...RISK_NAMES,
]);
const CONTROL = new Set(['if', 'elif', 'else']);
const LOGIC = new Set(['and', 'or', 'not']);

/** Token names the tokenizer returns (each a tag path understood by StreamLanguage). */
export const TOKENS = {
  comment: 'lineComment',
  string: 'string',
  number: 'number',
  percent: 'number.special',
  control: 'controlKeyword',
  logic: 'operatorKeyword',
  bool: 'bool',
  market: 'atom',
  na: 'null',
  statement: 'keyword',
  function: 'variableName.function',
  series: 'variableName.special',
  definition: 'variableName.definition',
  variable: 'variableName',
  keywordArg: 'propertyName',
  operator: 'operator',
  paren: 'paren',
  bracket: 'squareBracket',
  punctuation: 'punctuation',
  invalid: 'invalid',
} as const;

export interface BtState {
  /** Open ( and [ on this and earlier lines (a statement continues while > 0). */
  depth: number;
  /** No token has been read yet on this statement's first line. */
  lineStart: boolean;
  /** Inside the [a, b] of a destructuring assignment at the start of a statement. */
  tupleTargets: boolean;
  /** Indentation (columns) of the current statement's first line. */
  indent: number;
  /** The last token of the previous statement line was ':' (a block opens). */
  opensBlock: boolean;
  /** The last significant token read. */
  last: string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
const NUMBER = /^(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/;

/** Whether an operand starts at the stream's position (after blanks): decides between `5%` and `5 % x`. */
function operandFollows(stream: StringStream): boolean {
  const rest = stream.string.slice(stream.pos).replace(/^[ \t]*/, '');
  if (/^(?:\d|\(|"|\.\d)/.test(rest)) return true;
  const word = IDENT.exec(rest);
  return word !== null && word[0] !== 'and' && word[0] !== 'or';
}

function identifier(stream: StringStream, state: BtState, word: string): string {
  if (CONTROL.has(word)) return TOKENS.control;
  if (LOGIC.has(word)) return TOKENS.logic;
  if (word === 'true' || word === 'false') return TOKENS.bool;
  if (word === 'market') return TOKENS.market;
  if (word === 'na') return TOKENS.na;
  const rest = stream.string.slice(stream.pos);
  const assigns = /^\s*=(?!=)/.test(rest);
  if (state.tupleTargets) return TOKENS.definition;
  if (assigns && state.depth > 0) return TOKENS.keywordArg;
  if (assigns && state.lineStart) return TOKENS.definition;
  if (BT_STATEMENTS.has(word)) return TOKENS.statement;
  if (BT_FUNCTIONS.has(word)) return TOKENS.function;
  if (BT_SERIES.has(word)) return TOKENS.series;
  return TOKENS.variable;
}

function readToken(stream: StringStream, state: BtState): string | null {
  const ch = stream.peek();
  if (ch === '#' || (ch === '/' && stream.string.charAt(stream.pos + 1) === '/')) {
    stream.skipToEnd();
    return TOKENS.comment;
  }
  if (ch === '"') {
    stream.next();
    let escaped = false;
    for (let c = stream.next(); c !== undefined; c = stream.next()) {
      if (c === '"' && !escaped) break;
      escaped = !escaped && c === '\\';
    }
    return TOKENS.string;
  }
  if (stream.match(NUMBER)) {
    // A number glued to letters is malformed ('12abc'): colour the whole word as invalid.
    if (stream.match(/^[A-Za-z0-9_.]+/)) return TOKENS.invalid;
    if (stream.peek() === '%') {
      stream.next();
      if (!operandFollows(stream)) return TOKENS.percent;
      stream.backUp(1);
    }
    return TOKENS.number;
  }
  const word = stream.match(IDENT) as RegExpMatchArray | null;
  if (word) return identifier(stream, state, word[0]);
  if (stream.match(/^(?:<=|>=|==|!=|[-+*/%<>=])/)) return TOKENS.operator;
  const c = stream.next();
  if (c === '(' || c === ')') {
    state.depth = Math.max(0, state.depth + (c === '(' ? 1 : -1));
    return TOKENS.paren;
  }
  if (c === '[' || c === ']') {
    if (c === '[' && state.lineStart && /^[^\]]*\]\s*=(?!=)/.test(stream.string.slice(stream.pos)))
      state.tupleTargets = true;
    if (c === ']') state.tupleTargets = false;
    state.depth = Math.max(0, state.depth + (c === '[' ? 1 : -1));
    return TOKENS.bracket;
  }
  if (c === ',' || c === ':') return TOKENS.punctuation;
  return TOKENS.invalid;
}

export const btStreamParser: StreamParser<BtState> = {
  name: 'bt',
  startState: () => ({
    depth: 0,
    lineStart: true,
    tupleTargets: false,
    indent: 0,
    opensBlock: false,
    last: '',
  }),
  copyState: (s) => ({ ...s }),
  token(stream, state) {
    if (stream.sol() && state.depth === 0) {
      state.lineStart = true;
      state.tupleTargets = false;
      state.indent = stream.indentation();
    }
    if (stream.eatSpace()) return null;
    const tokenLineStart = state.lineStart;
    const style = readToken(stream, state);
    if (style !== TOKENS.comment) {
      state.last = stream.current();
      if (tokenLineStart && style !== TOKENS.bracket) state.lineStart = false;
      if (style === TOKENS.bracket && !state.tupleTargets) state.lineStart = false;
      state.opensBlock = state.depth === 0 && state.last === ':';
    }
    return style;
  },
  blankLine() {},
  indent(state, _textAfter, cx) {
    if (state.depth > 0) return state.indent + cx.unit * 2;
    return state.opensBlock ? state.indent + cx.unit : state.indent;
  },
  languageData: {
    commentTokens: { line: '//' },
    indentOnInput: /^\s*(?:elif|else)\b/,
    closeBrackets: { brackets: ['(', '[', '"'] },
  },
};

/** Tokenizes source line by line (for tests and tools): [text, token] pairs per line. */
export function tokenizeLines(source: string): [string, string | null][][] {
  const state = btStreamParser.startState!(4);
  return source.split('\n').map((line) => {
    const out: [string, string | null][] = [];
    const stream = new StringStream(line, 4, 4);
    while (!stream.eol()) {
      const style = btStreamParser.token(stream, state);
      if (stream.pos === stream.start) throw new Error(`no progress at ${stream.pos} of '${line}'`);
      out.push([stream.current(), style]);
      stream.start = stream.pos;
    }
    return out;
  });
}
