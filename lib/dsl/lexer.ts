// Hand-written lexer: tokens with spans, Python-style NEWLINE/INDENT/DEDENT, comments kept as trivia.
import type { Span } from './diagnostics';
import { DiagnosticBag, MAX_SOURCE_BYTES, utf8Length } from './diagnostics';

import type { Comment, Level, Token, TokenKind } from './tokens';
import {
  CONTINUES,
  isDigit,
  isIdentChar,
  isIdentStart,
  KEYWORDS,
  ONE_CHAR_OPS,
  TWO_CHAR_OPS,
} from './tokens';

export type { Comment, Token, TokenKind } from './tokens';
export { KEYWORDS } from './tokens';

export interface LexResult {
  readonly tokens: Token[];
  readonly comments: Comment[];
  readonly diagnostics: DiagnosticBag;
}

export function lex(source: string): LexResult {
  return new Lexer(source).run();
}

class Lexer {
  private readonly s: string;
  private readonly n: number;
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly tokens: Token[] = [];
  private readonly comments: Comment[] = [];
  private readonly diags = new DiagnosticBag();
  private readonly levels: Level[] = [{ width: 0, phantom: false }];
  private indentChar = '';
  private mixedReported = false;
  private depth = 0;
  private lineHasCode = false;
  private logicalIndent = 0;
  private lookCache = { until: -1, width: 0, first: '', statement: false };

  constructor(source: string) {
    this.s = source;
    this.n = source.length;
    // A byte order mark (some editors save one) is not part of the program: skip it, keeping offsets
    // into the text as given and columns as an editor shows them.
    if (source.charCodeAt(0) === 0xfeff) this.pos = this.lineStart = 1;
  }

  run(): LexResult {
    if (this.n > MAX_SOURCE_BYTES || utf8Length(this.s) > MAX_SOURCE_BYTES) {
      this.diags.add(
        'source-too-large',
        { line: 1, col: 1, offset: 0, length: 0 },
        `the program is larger than ${MAX_SOURCE_BYTES / 1024} KiB`,
        'split it or remove unused parts',
      );
      this.push('eof', '', this.n, this.n, 0, false, '');
      return { tokens: this.tokens, comments: this.comments, diagnostics: this.diags };
    }
    let atLineStart = true;
    while (this.pos < this.n) {
      if (atLineStart) {
        atLineStart = false;
        this.lineHasCode = false;
        if (this.depth === 0 && !this.indentation()) {
          atLineStart = true;
          continue;
        }
      }
      const c = this.s[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
        this.pos++;
      } else if (c === '\n') {
        if (this.depth > 0 && !this.closesBrackets()) {
          this.newline();
        } else {
          this.depth = 0;
          const last = this.tokens[this.tokens.length - 1];
          if (last && last.kind !== 'newline' && last.kind !== 'indent' && last.kind !== 'dedent') {
            this.push('newline', '\n', this.pos, this.pos + 1, 0, false, '');
          }
          this.newline();
        }
        atLineStart = true;
      } else if (c === '#' || (c === '/' && this.s[this.pos + 1] === '/')) {
        this.comment();
      } else {
        this.lineHasCode = true;
        if (isDigit(c) || (c === '.' && isDigit(this.s[this.pos + 1] ?? ''))) this.number();
        else if (c === '"') this.string();
        else if (isIdentStart(c)) this.word();
        else this.operator(c);
      }
    }
    this.finish();
    return { tokens: this.tokens, comments: this.comments, diagnostics: this.diags };
  }

  private span(start: number, end: number): Span {
    return { line: this.line, col: start - this.lineStart + 1, offset: start, length: end - start };
  }

  private push(
    kind: TokenKind,
    text: string,
    start: number,
    end: number,
    value: number,
    pct: boolean,
    str: string,
  ) {
    this.tokens.push({ kind, text, span: this.span(start, end), value, percent: pct, str });
  }

  private newline(): void {
    this.pos++;
    this.line++;
    this.lineStart = this.pos;
  }

  /** Handles a line's leading whitespace; returns false for blank and comment-only lines (skipped). */
  private indentation(): boolean {
    const s = this.s;
    let p = this.pos;
    while (p < this.n && (s[p] === ' ' || s[p] === '\t')) p++;
    let q = p;
    while (q < this.n && (s[q] === '\r' || s[q] === '\f')) q++;
    if (q >= this.n || s[q] === '\n' || s[q] === '#' || (s[q] === '/' && s[q + 1] === '/')) {
      this.pos = q;
      if (q < this.n && s[q] !== '\n') this.comment();
      if (this.pos < this.n) this.newline();
      return false;
    }
    const ws = s.slice(this.pos, p);
    this.checkMixed(ws, this.pos);
    const width = p - this.pos;
    this.logicalIndent = width;
    let top = this.levels[this.levels.length - 1];
    if (width > top.width) {
      this.levels.push({ width, phantom: false });
      this.push('indent', ws, this.pos, p, 0, false, '');
    } else if (width < top.width) {
      while (width < top.width) {
        this.levels.pop();
        if (!top.phantom) this.push('dedent', '', p, p, 0, false, '');
        top = this.levels[this.levels.length - 1];
      }
      if (width > top.width) {
        this.diags.add(
          'bad-dedent',
          this.span(this.pos, p),
          `this line is indented by ${width}, which matches no enclosing block (${top.width} or more)`,
          'indent it exactly like the lines of the block it belongs to',
        );
        this.levels.push({ width, phantom: true });
      }
    }
    this.pos = p;
    return true;
  }

  private checkMixed(ws: string, start: number): void {
    if (ws.length === 0 || this.mixedReported) return;
    if (this.indentChar === '') this.indentChar = ws[0];
    for (let i = 0; i < ws.length; i++) {
      if (ws[i] !== this.indentChar) {
        this.mixedReported = true;
        const first = this.indentChar === ' ' ? 'spaces' : 'tabs';
        this.diags.add(
          'mixed-indent',
          this.span(start, start + ws.length),
          `indentation mixes tabs and spaces (this file indents with ${first})`,
          `indent every line with ${first} only`,
        );
        return;
      }
    }
  }

  /**
   * A line break inside brackets normally continues the expression. When the next code line is not
   * indented past the line that opened the bracket, and nothing suggests a continuation, the bracket
   * was most likely left open: closing it here lets the parser report it and resume on the next line.
   */
  private closesBrackets(): boolean {
    const { width, first, statement } = this.nextCodeLine();
    if (first === '' || width > this.logicalIndent) return false;
    const last = this.tokens[this.tokens.length - 1];
    if (last && last.kind === 'op' && (last.text === ',' || last.text === '(' || last.text === '['))
      return false;
    const afterOperator =
      last &&
      ((last.kind === 'op' && CONTINUES.has(last.text)) ||
        (last.kind === 'keyword' && (last.text === 'and' || last.text === 'or' || last.text === 'not')));
    // After an operator the expression goes on, unless the next line plainly starts a statement.
    if (afterOperator) return statement;
    return !')]},+-*/%<>=!'.includes(first);
  }

  private nextCodeLine(): { width: number; first: string; statement: boolean } {
    if (this.pos < this.lookCache.until) return this.lookCache;
    const s = this.s;
    let p = this.pos + 1;
    while (p < this.n) {
      let q = p;
      while (q < this.n && (s[q] === ' ' || s[q] === '\t')) q++;
      const c = s[q] ?? '';
      if (q < this.n && c !== '\n' && c !== '\r' && c !== '#' && !(c === '/' && s[q + 1] === '/')) {
        const rest = s.slice(q, q + 64);
        const first = /^(and|or)\b/.test(rest) ? '+' : c;
        const statement = /^([A-Za-z_]\w*\s*=(?!=)|(if|elif|else)\b)/.test(rest);
        this.lookCache = { until: p, width: q - p, first, statement };
        return this.lookCache;
      }
      const nl = s.indexOf('\n', q);
      if (nl < 0) break;
      p = nl + 1;
    }
    this.lookCache = { until: this.n + 1, width: 0, first: '', statement: false };
    return this.lookCache;
  }

  private comment(): void {
    const start = this.pos;
    let end = this.s.indexOf('\n', start);
    if (end < 0) end = this.n;
    let textEnd = end;
    while (textEnd > start && /\s/.test(this.s[textEnd - 1])) textEnd--;
    this.comments.push({
      text: this.s.slice(start, textEnd),
      span: this.span(start, textEnd),
      ownLine: !this.lineHasCode,
    });
    this.pos = end;
  }

  private number(): void {
    const s = this.s;
    const start = this.pos;
    let p = start;
    while (isDigit(s[p] ?? '')) p++;
    if (s[p] === '.' && isDigit(s[p + 1] ?? '')) {
      p++;
      while (isDigit(s[p] ?? '')) p++;
    }
    if (s[p] === 'e' || s[p] === 'E') {
      const sign = s[p + 1] === '+' || s[p + 1] === '-' ? 1 : 0;
      if (isDigit(s[p + 1 + sign] ?? '')) {
        p += 1 + sign;
        while (isDigit(s[p] ?? '')) p++;
      }
    }
    const text = s.slice(start, p);
    let value = Number(text);
    if (isIdentChar(s[p] ?? '') || s[p] === '.') {
      let q = p;
      while (isIdentChar(s[q] ?? '') || s[q] === '.') q++;
      this.diags.add(
        'bad-number',
        this.span(start, q),
        `malformed number '${s.slice(start, q)}'`,
        'write numbers like 14, 0.5 or 1e-3',
      );
      p = q;
    } else if (!Number.isFinite(value)) {
      this.diags.add('bad-number', this.span(start, p), `the number '${text}' is too large`);
      value = Number.NaN;
    }
    let percent = false;
    let end = p;
    if (s[p] === '%' && !this.operandFollows(p + 1)) {
      percent = true;
      value /= 100;
      end = p + 1;
    }
    this.push('number', text, start, end, value, percent, '');
    this.pos = end;
  }

  /** Whether an operand starts at or after `p` (skipping blanks): decides between `5%` and `5 % x`. */
  private operandFollows(p: number): boolean {
    const s = this.s;
    while (s[p] === ' ' || s[p] === '\t') p++;
    const c = s[p] ?? '';
    if (isDigit(c) || c === '(' || c === '"' || (c === '.' && isDigit(s[p + 1] ?? ''))) return true;
    if (!isIdentStart(c)) return false;
    let q = p;
    while (isIdentChar(s[q] ?? '')) q++;
    const word = s.slice(p, q);
    return word !== 'and' && word !== 'or';
  }

  private string(): void {
    const s = this.s;
    const start = this.pos;
    let p = start + 1;
    let out = '';
    for (;;) {
      const c = s[p];
      if (c === undefined || c === '\n' || (c === '\r' && s[p + 1] === '\n')) {
        this.diags.add(
          'unterminated-string',
          this.span(start, p),
          'this string is not closed on its line',
          'add the closing " before the end of the line',
        );
        break;
      }
      if (c === '"') {
        p++;
        break;
      }
      if (c === '\\') {
        const e = s[p + 1];
        if (e === '"' || e === '\\') {
          out += e;
          p += 2;
          continue;
        }
        this.diags.add(
          'bad-escape',
          this.span(p, p + (e === undefined || e === '\n' ? 1 : 2)),
          'unknown escape in a string',
          'only \\" and \\\\ are escapes; write \\\\ for a backslash',
        );
        out += c;
        p++;
        continue;
      }
      out += c;
      p++;
    }
    this.push('string', s.slice(start, p), start, p, 0, false, out);
    this.pos = p;
  }

  private word(): void {
    const start = this.pos;
    let p = start + 1;
    while (isIdentChar(this.s[p] ?? '')) p++;
    const text = this.s.slice(start, p);
    this.push(KEYWORDS.has(text) ? 'keyword' : 'ident', text, start, p, 0, false, '');
    this.pos = p;
  }

  private operator(c: string): void {
    const start = this.pos;
    const two = this.s.slice(start, start + 2);
    if (TWO_CHAR_OPS.has(two)) {
      this.push('op', two, start, start + 2, 0, false, '');
      this.pos += 2;
      return;
    }
    if (ONE_CHAR_OPS.includes(c)) {
      if (c === '(' || c === '[') this.depth++;
      else if ((c === ')' || c === ']') && this.depth > 0) this.depth--;
      this.push('op', c, start, start + 1, 0, false, '');
      this.pos++;
      return;
    }
    // One diagnostic for a whole run of junk, not one per character.
    let p = start + 1;
    while (p < this.n && !this.startsToken(p)) p++;
    const hints: Record<string, string> = {
      '!': "use 'not' for negation or '!=' for inequality",
      '&': "use 'and'",
      '|': "use 'or'",
      "'": 'strings use double quotes: "…"',
    };
    this.diags.add(
      'unexpected-char',
      this.span(start, p),
      `unexpected character${p - start > 1 ? 's' : ''} '${this.s.slice(start, Math.min(p, start + 20))}'`,
      hints[c],
    );
    this.pos = p;
  }

  private startsToken(p: number): boolean {
    const c = this.s[p];
    return (
      c === ' ' ||
      c === '\t' ||
      c === '\n' ||
      c === '\r' ||
      c === '"' ||
      c === '#' ||
      isIdentChar(c) ||
      ONE_CHAR_OPS.includes(c) ||
      TWO_CHAR_OPS.has(this.s.slice(p, p + 2))
    );
  }

  private finish(): void {
    const last = this.tokens[this.tokens.length - 1];
    if (last && last.kind !== 'newline' && last.kind !== 'dedent' && last.kind !== 'indent') {
      this.push('newline', '', this.n, this.n, 0, false, '');
    }
    while (this.levels.length > 1) {
      const top = this.levels.pop()!;
      if (!top.phantom) this.push('dedent', '', this.n, this.n, 0, false, '');
    }
    this.push('eof', '', this.n, this.n, 0, false, '');
  }
}
