// Statement parser: recovers at line ends so one pass reports every independent syntax error.
import type { ActionName, Branch, ElseBranch, Expr, Ident, IfStmt, Program, RiskName, Stmt } from './ast';
import { ACTION_NAMES, RISK_NAMES } from './ast';
import type { Diagnostic, Span } from './diagnostics';
import { hasErrors, joinSpans, MAX_DEPTH, MAX_STATEMENTS } from './diagnostics';
import type { Token } from './lexer';
import { lex } from './lexer';
import { describe, ExprParser, isBail } from './parse-expr';

export interface ParseResult {
  readonly program: Program;
  /** Lexer and parser diagnostics in source order. */
  readonly diagnostics: Diagnostic[];
  /** True when there is no error (warnings never come from parsing). */
  readonly ok: boolean;
  /** Names that a statement which failed to parse was binding: the checker does not call them unknown. */
  readonly recovered: ReadonlySet<string>;
}

export function parse(source: string): ParseResult {
  const lexed = lex(source);
  const p = new Parser(lexed.tokens);
  const body = p.program();
  const diagnostics = [...lexed.diagnostics.list, ...p.diagnostics()].sort(
    (a, b) => a.span.offset - b.span.offset,
  );
  const span: Span = { line: 1, col: 1, offset: 0, length: source.length };
  return {
    program: { kind: 'Program', body, comments: lexed.comments, span },
    diagnostics,
    ok: !hasErrors(diagnostics),
    recovered: p.recovered,
  };
}

const ACTIONS: ReadonlySet<string> = new Set(ACTION_NAMES);
const RISKS: ReadonlySet<string> = new Set(RISK_NAMES);

class Parser extends ExprParser {
  readonly recovered = new Set<string>();
  private stmtCount = 0;
  private stopped = false;
  /** Span of the last consumed token, for statement spans. */
  private get last(): Span {
    return this.toks[Math.max(0, this.i - 1)].span;
  }

  constructor(tokens: readonly Token[]) {
    super(tokens);
  }

  diagnostics(): Diagnostic[] {
    return this.diags.list;
  }

  program(): Stmt[] {
    const body: Stmt[] = [];
    while (this.peek().kind !== 'eof') {
      const before = this.i;
      if (this.peek().kind === 'dedent') this.next();
      else this.statements(body, 0);
      if (this.i === before) this.next();
    }
    return body;
  }

  /** Parses statements into `out` until the end of the block (DEDENT, not consumed) or of the file. */
  private statements(out: Stmt[], depth: number): void {
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof' || t.kind === 'dedent') return;
      const before = this.i;
      if (this.stopped) {
        this.next();
      } else if (t.kind === 'newline') {
        this.next();
      } else if (t.kind === 'indent') {
        this.diags.add(
          'unexpected-indent',
          t.span,
          'unexpected indentation',
          "only the body of an 'if', 'elif' or 'else' is indented",
        );
        this.indented(depth + 1, out);
      } else {
        const s = this.statement(depth);
        if (s) out.push(s);
      }
      if (this.i === before) this.next();
    }
  }

  private count(span: Span): void {
    if (++this.stmtCount > MAX_STATEMENTS && !this.stopped) {
      this.stopped = true;
      this.diags.add(
        'too-many-statements',
        span,
        `the program has more than ${MAX_STATEMENTS} statements`,
        'remove unused parts; the rest of the file was not read',
      );
    }
  }

  private statement(depth: number): Stmt | null {
    this.resetExpr();
    const start = this.i;
    try {
      const t = this.peek();
      if (t.kind === 'keyword' && t.text === 'if') return this.ifStatement(depth);
      if (t.kind === 'keyword' && (t.text === 'elif' || t.text === 'else')) {
        this.diags.add(
          'orphan-else',
          t.span,
          `'${t.text}' without a matching 'if'`,
          "start the chain with 'if'",
        );
        this.ifStatement(depth);
        return null;
      }
      if (this.isOp('[')) return this.tupleAssign();
      if (t.kind === 'ident' && this.isOp('=', 1)) {
        this.next();
        this.next();
        const value = this.parseExpr();
        const span = joinSpans(t.span, this.last);
        this.endOfLine();
        const target: Ident = { kind: 'Ident', name: t.text, span: t.span };
        this.count(span);
        return { kind: 'Assign', target, value, span };
      }
      const expr = this.parseExpr();
      const span = joinSpans(t.span, this.last);
      this.endOfLine();
      this.count(span);
      return this.classify(expr, span);
    } catch (e) {
      if (!isBail(e)) throw e;
      this.noteRecovered(start);
      this.sync(depth);
      return null;
    }
  }

  private classify(expr: Expr, span: Span): Stmt {
    if (expr.kind === 'Call') {
      const { callee, args } = expr;
      if (callee.name === 'strategy') return { kind: 'Strategy', callee, args, span };
      if (ACTIONS.has(callee.name))
        return { kind: 'Action', action: callee.name as ActionName, callee, args, span };
      if (RISKS.has(callee.name)) return { kind: 'Risk', rule: callee.name as RiskName, callee, args, span };
    }
    return { kind: 'ExprStmt', expr, span };
  }

  private tupleAssign(): Stmt {
    const open = this.next();
    const targets: Ident[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'ident')
        this.unexpected('a name to bind', 'destructure like [a, b, c] = macd(close, 12, 26, 9)');
      this.next();
      targets.push({ kind: 'Ident', name: t.text, span: t.span });
      if (this.isOp(',')) {
        this.next();
        continue;
      }
      if (this.isOp(']')) break;
      this.unexpected("',' or ']'");
    }
    this.next();
    this.expectOp('=', "'=' after the names", 'destructure like [a, b, c] = macd(close, 12, 26, 9)');
    const value = this.parseExpr();
    const span = joinSpans(open.span, this.last);
    this.endOfLine();
    this.count(span);
    return { kind: 'TupleAssign', targets, value, span };
  }

  private endOfLine(): void {
    const t = this.peek();
    if (t.kind === 'newline') {
      this.next();
      return;
    }
    if (t.kind === 'eof' || t.kind === 'dedent') return;
    this.unexpected('the end of the line', 'put one statement per line');
  }

  /** Records the names that a failed `x = …` or `[a, b] = …` statement meant to bind. */
  private noteRecovered(start: number): void {
    const t = this.toks[start];
    if (t.kind === 'ident' && this.toks[start + 1]?.text === '=') this.recovered.add(t.text);
    if (t.kind === 'op' && t.text === '[') {
      for (let k = start + 1; k < this.toks.length && this.toks[k].kind !== 'newline'; k++) {
        if (this.toks[k].kind === 'ident') this.recovered.add(this.toks[k].text);
        if (this.toks[k].text === '=') break;
      }
    }
  }

  /** Skips the rest of a failed line; a block it opened is parsed (its errors count) and dropped. */
  private sync(depth: number): void {
    let lastText = '';
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof' || t.kind === 'dedent') return;
      this.next();
      if (t.kind === 'newline') break;
      lastText = t.kind === 'op' ? t.text : '';
    }
    if (lastText === ':' && this.peek().kind === 'indent') this.skipBlockParsed(depth + 1);
  }

  private skipBlockParsed(depth: number): void {
    const ignored: Stmt[] = [];
    this.block(depth, ignored);
  }

  /** After the ':' of a header: NEWLINE INDENT statements DEDENT. */
  private block(depth: number, out: Stmt[], colon?: Token, header?: string): void {
    let reported = false;
    if (this.peek().kind !== 'newline' && colon) {
      const t = this.peek();
      reported = true;
      this.diags.add(
        'expected-block',
        t.span,
        `expected the body of '${header}' on the next line, found ${describe(t)}`,
        'put the body on its own line, indented',
      );
      while (this.peek().kind !== 'newline' && this.peek().kind !== 'eof') this.next();
    }
    if (this.peek().kind === 'newline') this.next();
    if (this.peek().kind !== 'indent') {
      if (colon && !reported) {
        this.diags.add(
          'expected-block',
          colon.span,
          `expected an indented block after '${header}'`,
          'indent the body under the line ending in ":"',
        );
      }
      return;
    }
    this.indented(depth, out);
  }

  /** At an INDENT: the block's statements up to and including its DEDENT. */
  private indented(depth: number, out: Stmt[]): void {
    const indent = this.next();
    if (depth > MAX_DEPTH) {
      this.diags.add(
        'too-deep',
        indent.span,
        `blocks nested more than ${MAX_DEPTH} levels deep`,
        'flatten the conditions with and',
      );
      this.skipToDedent();
      return;
    }
    this.statements(out, depth);
    if (this.peek().kind === 'dedent') this.next();
  }

  /** Skips a too-deep block without recursing into it. */
  private skipToDedent(): void {
    let level = 1;
    while (level > 0 && this.peek().kind !== 'eof') {
      const t = this.next();
      if (t.kind === 'indent') level++;
      else if (t.kind === 'dedent') level--;
    }
  }

  /** `if`/`elif` header: the condition and ':'; on a syntax error, null (the body is still parsed). */
  private header(): { cond: Expr | null; colon?: Token } {
    this.resetExpr();
    try {
      const cond = this.parseExpr();
      const colon = this.expectOp(':', "':' at the end of the condition");
      return { cond, colon };
    } catch (e) {
      if (!isBail(e)) throw e;
      while (this.peek().kind !== 'newline' && this.peek().kind !== 'eof' && this.peek().kind !== 'dedent') {
        this.next();
      }
      return { cond: null };
    }
  }

  private ifStatement(depth: number): IfStmt | null {
    const branches: Branch[] = [];
    let orelse: ElseBranch | null = null;
    let broken = false;
    const first = this.peek();
    this.count(first.span);
    while (this.isKw(branches.length === 0 && !broken ? first.text : 'elif') && !this.isKw('else')) {
      const kw = this.next();
      const { cond, colon } = this.header();
      const body: Stmt[] = [];
      this.block(depth + 1, body, colon, `${kw.text} …:`);
      if (!cond || !colon) broken = true;
      else {
        const header = joinSpans(kw.span, colon.span);
        const span = joinSpans(kw.span, body.length ? body[body.length - 1].span : colon.span);
        branches.push({
          kind: 'Branch',
          keyword: kw.text === 'if' ? 'if' : 'elif',
          cond,
          body,
          header,
          span,
        });
      }
    }
    if (this.isKw('else')) {
      const kw = this.next();
      let colon: Token | undefined;
      if (this.isOp(':')) colon = this.next();
      else {
        this.diags.add(
          'unexpected-token',
          this.peek().span,
          `expected ':' after 'else', found ${describe(this.peek())}`,
        );
        broken = true;
        while (this.peek().kind !== 'newline' && this.peek().kind !== 'eof') this.next();
      }
      const body: Stmt[] = [];
      this.block(depth + 1, body, colon, 'else:');
      if (colon) {
        const header = joinSpans(kw.span, colon.span);
        const span = joinSpans(kw.span, body.length ? body[body.length - 1].span : colon.span);
        orelse = { kind: 'Else', body, header, span };
      }
    }
    if (broken || branches.length === 0 || first.text !== 'if') return null;
    const end = orelse ? orelse.span : branches[branches.length - 1].span;
    return { kind: 'If', branches, orelse, span: joinSpans(first.span, end) };
  }
}
