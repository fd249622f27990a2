// Canonical formatting: 4-space blocks, one statement per line, minimal parentheses, comments kept.
import type { Arg, Expr, Stmt } from './ast';
import type { Diagnostic } from './diagnostics';
import { parse } from './parser';

export interface FormatResult {
  /** The formatted program, or the source unchanged when it has syntax errors. */
  readonly text: string;
  readonly diagnostics: Diagnostic[];
}

const INDENT = '    ';

/** Binding strength of an expression's outermost operator (higher binds tighter). */
function prec(e: Expr): number {
  switch (e.kind) {
    case 'Binary':
      switch (e.op) {
        case 'or':
          return 1;
        case 'and':
          return 2;
        case '+':
        case '-':
          return 5;
        case '*':
        case '/':
        case '%':
          return 6;
        default:
          return 4;
      }
    case 'Unary':
      return e.op === 'not' ? 3 : 7;
    case 'Index':
    case 'Call':
      return 8;
    default:
      return 9;
  }
}

const wrap = (e: Expr, parens: boolean) => (parens ? `(${printExpr(e)})` : printExpr(e));

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'Number':
      return e.percent ? `${e.text}%` : e.text;
    case 'String':
      return e.raw;
    case 'Bool':
      return e.value ? 'true' : 'false';
    case 'Name':
      return e.name;
    case 'Market':
      return 'market';
    case 'Unary':
      return e.op === 'not'
        ? `not ${wrap(e.operand, prec(e.operand) < 3)}`
        : `-${wrap(e.operand, prec(e.operand) < 7)}`;
    case 'Binary': {
      const p = prec(e);
      // Comparisons do not associate, so a comparison operand on either side keeps its parentheses.
      const left = wrap(e.left, prec(e.left) < p || (p === 4 && prec(e.left) === 4));
      return `${left} ${e.op} ${wrap(e.right, prec(e.right) <= p)}`;
    }
    case 'Call':
      return `${e.callee.name}(${printArgs(e.args)})`;
    case 'Index':
      return `${wrap(e.target, prec(e.target) < 8)}[${printExpr(e.index)}]`;
  }
}

function printArgs(args: readonly Arg[]): string {
  return args.map((a) => (a.name ? `${a.name.name}=${printExpr(a.value)}` : printExpr(a.value))).join(', ');
}

/** One output line of code: a simple statement or a block header, with the source range it came from. */
interface Item {
  readonly level: number;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

function items(body: readonly Stmt[], level: number, out: Item[]): void {
  for (const s of body) {
    const start = s.span.offset;
    const end = s.span.offset + s.span.length;
    switch (s.kind) {
      case 'If':
        for (const b of s.branches) {
          const h = b.header;
          out.push({
            level,
            text: `${b.keyword} ${printExpr(b.cond)}:`,
            start: h.offset,
            end: h.offset + h.length,
          });
          items(b.body, level + 1, out);
        }
        if (s.orelse) {
          const h = s.orelse.header;
          out.push({ level, text: 'else:', start: h.offset, end: h.offset + h.length });
          items(s.orelse.body, level + 1, out);
        }
        break;
      case 'Assign':
        out.push({ level, text: `${s.target.name} = ${printExpr(s.value)}`, start, end });
        break;
      case 'TupleAssign':
        out.push({
          level,
          text: `[${s.targets.map((t) => t.name).join(', ')}] = ${printExpr(s.value)}`,
          start,
          end,
        });
        break;
      case 'ExprStmt':
        out.push({ level, text: printExpr(s.expr), start, end });
        break;
      default:
        out.push({ level, text: `${s.callee.name}(${printArgs(s.args)})`, start, end });
    }
  }
}

/** Line number (1-based) of each offset, via the start offsets of lines. */
class Lines {
  private readonly starts: number[] = [0];
  /** blank[k]: how many whitespace-only lines among lines 1..k. */
  private readonly blank: number[] = [0];
  constructor(source: string) {
    for (let i = 0; i < source.length; i++) if (source[i] === '\n') this.starts.push(i + 1);
    for (let l = 1; l <= this.starts.length; l++) {
      const from = this.starts[l - 1];
      const to = l < this.starts.length ? this.starts[l] - 1 : source.length;
      const isBlank = source.slice(from, to).trim() === '' && l < this.starts.length;
      this.blank.push(this.blank[l - 1] + (isBlank ? 1 : 0));
    }
  }
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  /** Whether some blank line lies strictly between lines a and b. */
  blankBetween(a: number, b: number): boolean {
    return b - 1 > a && this.blank[b - 1] - this.blank[a] > 0;
  }
}

export function format(source: string): FormatResult {
  const parsed = parse(source);
  if (!parsed.ok) return { text: source, diagnostics: parsed.diagnostics };
  const list: Item[] = [];
  items(parsed.program.body, 0, list);
  const lines = new Lines(source);
  const comments = parsed.program.comments;
  const out: string[] = [];
  let prevLine = -1;
  const emit = (text: string, first: number, last: number) => {
    if (prevLine >= 0 && lines.blankBetween(prevLine, first)) out.push('');
    out.push(text);
    prevLine = last;
  };
  let c = 0;
  for (const it of list) {
    const pad = INDENT.repeat(it.level);
    const endLine = lines.lineOf(Math.max(it.start, it.end - 1));
    // Comments before the item, and those inside a multi-line item, go on their own lines above it.
    let trailing = '';
    while (c < comments.length && comments[c].span.offset < it.end) {
      emit(pad + comments[c].text, comments[c].span.line, comments[c].span.line);
      c++;
    }
    if (c < comments.length && !comments[c].ownLine && comments[c].span.line === endLine) {
      trailing = `  ${comments[c].text}`;
      c++;
    }
    emit(pad + it.text + trailing, lines.lineOf(it.start), endLine);
  }
  for (; c < comments.length; c++) emit(comments[c].text, comments[c].span.line, comments[c].span.line);
  // A byte order mark stays, so formatting a file an editor saved with one changes nothing else.
  const bom = source.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  return { text: out.length ? `${bom}${out.join('\n')}\n` : '', diagnostics: parsed.diagnostics };
}
