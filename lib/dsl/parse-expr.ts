// Token cursor and recursive-descent expression parser (the statement parser builds on it).
// Precedence, loosest first: or < and < not < comparison (non-associative) < + - < * / % < unary - <
// postfix (call, index) < primary.
import type { Arg, BinaryOp, Call, CompareOp, Expr, Ident } from './ast';
import type { DiagnosticCode, Span } from './diagnostics';
import { DiagnosticBag, joinSpans, MAX_DEPTH, MAX_EXPR_HEIGHT } from './diagnostics';
import type { Token } from './lexer';

/** Thrown inside the parser to abandon a statement after its error was reported; caught per statement. */
class Bail {
  readonly bail = true;
}
export const BAIL = new Bail();
export const isBail = (e: unknown): e is Bail => e === BAIL;

const COMPARE: ReadonlySet<string> = new Set(['<', '<=', '>', '>=', '==', '!=']);

export function describe(t: Token): string {
  switch (t.kind) {
    case 'newline':
      return 'end of line';
    case 'eof':
      return 'end of file';
    case 'indent':
      return 'indentation';
    case 'dedent':
      return 'end of block';
    default:
      return `'${t.text}'`;
  }
}

export class ExprParser {
  protected readonly toks: readonly Token[];
  protected i = 0;
  protected readonly diags = new DiagnosticBag();
  /** Nesting of brackets and unary operators, guarded by MAX_DEPTH. */
  private nest = 0;
  /** Open brackets of the expression being parsed, innermost last (for unclosed-paren). */
  private readonly open: Token[] = [];
  /** Height of every expression node built, guarded by MAX_EXPR_HEIGHT. */
  private readonly heights = new WeakMap<Expr, number>();
  /** Spans including the parentheses around a parenthesized expression. */
  private readonly outer = new WeakMap<Expr, Span>();

  constructor(tokens: readonly Token[]) {
    this.toks = tokens;
  }

  protected peek(k = 0): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)];
  }

  protected next(): Token {
    const t = this.toks[this.i];
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }

  protected isOp(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'op' && t.text === text;
  }

  protected isKw(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'keyword' && t.text === text;
  }

  protected fail(code: DiagnosticCode, span: Span, message: string, hint?: string): never {
    this.diags.add(code, span, message, hint);
    throw BAIL;
  }

  /** Reports the token at the cursor as unexpected; a line end inside brackets means one was left open. */
  protected unexpected(expected: string, hint?: string): never {
    const t = this.peek();
    const lineEnd = t.kind === 'newline' || t.kind === 'eof' || t.kind === 'dedent' || t.kind === 'indent';
    if (lineEnd && this.open.length > 0) {
      const o = this.open[this.open.length - 1];
      const close = o.text === '(' ? ')' : ']';
      this.fail('unclosed-paren', o.span, `'${o.text}' is never closed`, `add '${close}' to close it`);
    }
    return this.fail('unexpected-token', t.span, `expected ${expected}, found ${describe(t)}`, hint);
  }

  protected expectOp(text: string, expected: string, hint?: string): Token {
    if (this.isOp(text)) return this.next();
    return this.unexpected(expected, hint);
  }

  protected resetExpr(): void {
    this.nest = 0;
    this.open.length = 0;
  }

  private enter(at: Token): void {
    if (++this.nest > MAX_DEPTH) {
      this.fail(
        'too-deep',
        at.span,
        `expression nested more than ${MAX_DEPTH} levels deep`,
        'name parts of it',
      );
    }
  }

  private leave(): void {
    this.nest--;
  }

  private outerSpan(e: Expr): Span {
    return this.outer.get(e) ?? e.span;
  }

  private build<E extends Expr>(node: E, children: readonly Expr[]): E {
    let h = 0;
    for (const c of children) h = Math.max(h, this.heights.get(c) ?? 1);
    if (h + 1 > MAX_EXPR_HEIGHT) {
      this.fail(
        'too-deep',
        node.span,
        `expression has more than ${MAX_EXPR_HEIGHT} levels of operators`,
        'split it into named parts',
      );
    }
    this.heights.set(node, h + 1);
    return node;
  }

  private binary(op: BinaryOp, left: Expr, right: Expr): Expr {
    const span = joinSpans(this.outerSpan(left), this.outerSpan(right));
    return this.build({ kind: 'Binary', op, left, right, span }, [left, right]);
  }

  parseExpr(): Expr {
    let left = this.parseAnd();
    while (this.isKw('or')) {
      this.next();
      left = this.binary('or', left, this.parseAnd());
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKw('and')) {
      this.next();
      left = this.binary('and', left, this.parseNot());
    }
    return left;
  }

  private parseNot(): Expr {
    if (!this.isKw('not')) return this.parseComparison();
    const t = this.next();
    this.enter(t);
    const operand = this.parseNot();
    this.leave();
    const span = joinSpans(t.span, this.outerSpan(operand));
    return this.build({ kind: 'Unary', op: 'not', operand, span }, [operand]);
  }

  private parseComparison(): Expr {
    let left = this.parseAdd();
    let count = 0;
    while (this.peek().kind === 'op' && COMPARE.has(this.peek().text)) {
      const op = this.next().text as CompareOp;
      left = this.binary(op, left, this.parseAdd());
      count++;
    }
    if (count > 1) {
      this.diags.add(
        'chained-comparison',
        this.outerSpan(left),
        'comparisons cannot be chained',
        "join them with 'and', e.g. 'a < b and b < c'",
      );
    }
    return left;
  }

  private parseAdd(): Expr {
    let left = this.parseMul();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text as '+' | '-';
      left = this.binary(op, left, this.parseMul());
    }
    return left;
  }

  private parseMul(): Expr {
    let left = this.parseUnary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = this.next().text as '*' | '/' | '%';
      left = this.binary(op, left, this.parseUnary());
    }
    return left;
  }

  private parseUnary(): Expr {
    if (!this.isOp('-')) return this.parsePostfix();
    const t = this.next();
    this.enter(t);
    const operand = this.parseUnary();
    this.leave();
    const span = joinSpans(t.span, this.outerSpan(operand));
    return this.build({ kind: 'Unary', op: '-', operand, span }, [operand]);
  }

  private parsePostfix(): Expr {
    let e = this.parsePrimary();
    while (this.isOp('[')) {
      const t = this.next();
      this.enter(t);
      this.open.push(t);
      const index = this.parseExpr();
      const close = this.expectOp(']', "']' to close the history index");
      this.open.pop();
      this.leave();
      const span = joinSpans(this.outerSpan(e), close.span);
      e = this.build({ kind: 'Index', target: e, index, span }, [e, index]);
    }
    return e;
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.next();
        return { kind: 'Number', value: t.value, text: t.text, percent: t.percent, span: t.span };
      case 'string':
        this.next();
        return { kind: 'String', value: t.str, raw: t.text, span: t.span };
      case 'ident':
        this.next();
        if (this.isOp('(')) return this.parseCall({ kind: 'Ident', name: t.text, span: t.span });
        return { kind: 'Name', name: t.text, span: t.span };
      case 'keyword':
        if (t.text === 'true' || t.text === 'false') {
          this.next();
          return { kind: 'Bool', value: t.text === 'true', span: t.span };
        }
        if (t.text === 'market') {
          this.next();
          return { kind: 'Market', span: t.span };
        }
        break;
      case 'op':
        if (t.text === '(') return this.parseParens();
        if (t.text === '+') this.unexpected('an expression', "there is no unary '+': remove it");
        break;
    }
    return this.unexpected('an expression');
  }

  private parseParens(): Expr {
    const t = this.next();
    this.enter(t);
    this.open.push(t);
    const e = this.parseExpr();
    const close = this.expectOp(')', "')'");
    this.open.pop();
    this.leave();
    this.outer.set(e, joinSpans(t.span, close.span));
    return e;
  }

  protected parseCall(callee: Ident): Call {
    const t = this.next();
    this.enter(t);
    this.open.push(t);
    const args: Arg[] = [];
    let sawKeyword = false;
    while (!this.isOp(')')) {
      const start = this.peek();
      let name: Ident | null = null;
      if (start.kind === 'ident' && this.isOp('=', 1)) {
        this.next();
        this.next();
        name = { kind: 'Ident', name: start.text, span: start.span };
        sawKeyword = true;
      }
      const value = this.parseExpr();
      if (!name && sawKeyword) {
        this.diags.add(
          'positional-after-keyword',
          this.outerSpan(value),
          'a positional argument cannot follow a keyword argument',
          'move it before the keyword arguments',
        );
      }
      args.push({ kind: 'Arg', name, value, span: joinSpans(start.span, this.outerSpan(value)) });
      if (this.isOp(',')) this.next();
      else if (!this.isOp(')')) this.unexpected(`',' or ')' in the arguments of ${callee.name}`);
    }
    const close = this.next();
    this.open.pop();
    this.leave();
    const span = joinSpans(callee.span, close.span);
    return this.build(
      { kind: 'Call', callee, args, span },
      args.map((a) => a.value),
    );
  }
}
