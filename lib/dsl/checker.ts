// The checker: resolves names, types every expression, validates statements and collects the rules.
// It never throws: every problem is a diagnostic, and the program is still walked to the end.
import type { ActionStmt, Expr, Ident, RiskName, Stmt, TupleAssign } from './ast';
import type { Scope } from './check-expr';
import { reservedKind } from './check-expr';
import { OrderChecker } from './check-order';
import type {
  Binding,
  CallInfo,
  CheckedProgram,
  CheckedRule,
  Guard,
  InputInfo,
  PriceRiskName,
  SettingKey,
  ValueType,
} from './checked';
import { ERROR, kindOf, NUM_CONST, NUM_SERIES } from './checked';
import type { Diagnostic, Span } from './diagnostics';
import { DiagnosticBag, hasErrors } from './diagnostics';
import type { ParseResult } from './parser';
import { parse } from './parser';
import { resolveSettings } from './settings';

export interface CheckResult {
  readonly checked: CheckedProgram;
  /** Parser and checker diagnostics (errors and warnings) in source order. */
  readonly diagnostics: Diagnostic[];
}

/** Checks a parsed program. Also runs on programs with syntax errors, to report more in one pass. */
export function check(parsed: ParseResult): CheckResult {
  const c = new ProgramChecker(parsed);
  c.run();
  const own = c.scope.diags.list;
  const diagnostics = [...parsed.diagnostics, ...own].sort((a, b) => a.span.offset - b.span.offset);
  return { checked: c.result(parsed.ok && !hasErrors(own)), diagnostics };
}

/** Parses and checks source text. */
export function checkSource(source: string): CheckResult & { readonly parsed: ParseResult } {
  const parsed = parse(source);
  return { parsed, ...check(parsed) };
}

function boundNames(body: readonly Stmt[], out: Map<string, Span>): Map<string, Span> {
  for (const s of body) {
    if (s.kind === 'Assign' && !out.has(s.target.name)) out.set(s.target.name, s.target.span);
    if (s.kind === 'TupleAssign') for (const t of s.targets) if (!out.has(t.name)) out.set(t.name, t.span);
    if (s.kind === 'If') {
      for (const b of s.branches) boundNames(b.body, out);
      if (s.orelse) boundNames(s.orelse.body, out);
    }
  }
  return out;
}

class ProgramChecker extends OrderChecker {
  private readonly parsed: ParseResult;
  private readonly inputs: InputInfo[] = [];
  private readonly rules: CheckedRule[] = [];
  private readonly tuples: (readonly Ident[])[] = [];
  private title = '';
  private settingExprs: Partial<Record<SettingKey, Expr>> = {};
  private readonly riskExprs: Partial<Record<RiskName, Expr>> = {};
  private readonly riskPrices: Partial<Record<PriceRiskName, Expr>> = {};
  private readonly riskSeen = new Map<RiskName, Span>();
  private exitAfterExpr: Expr | undefined;
  private exitAfterSeen: Span | null = null;
  private strategySeen: Span | null = null;

  constructor(parsed: ParseResult) {
    const scope: Scope = {
      bindings: new Map<string, Binding>(),
      later: boundNames(parsed.program.body, new Map()),
      recovered: parsed.recovered,
      types: new Map<Expr, ValueType>(),
      calls: new Map(),
      used: new Set<string>(),
      positional: new Set<Expr>(),
      higher: new Set<Expr>(),
      diags: new DiagnosticBag(),
    };
    super(scope);
    this.parsed = parsed;
  }

  run(): void {
    this.parsed.program.body.forEach((s, i) => {
      this.stmt(s, i, [], false);
    });
    this.riskNeedsStop();
    // Whole-program warnings (unused names, no entry or exit) would be guesses about a program whose
    // statements did not all parse; they wait until it does.
    if (this.parsed.ok) this.warnings();
  }

  private stmt(s: Stmt, index: number, guards: readonly Guard[], inIf: boolean): void {
    const d = this.scope.diags;
    switch (s.kind) {
      case 'Strategy': {
        if (this.strategySeen) {
          d.add(
            'strategy-twice',
            s.span,
            `strategy(...) is already given on line ${this.strategySeen.line}`,
            'keep one',
          );
        } else if (index !== 0) {
          d.add(
            'strategy-position',
            s.span,
            'strategy(...) must be the first statement',
            'move it to the top',
          );
        }
        const { title, exprs } = this.strategyArgs(s);
        if (!this.strategySeen) {
          this.strategySeen = s.span;
          this.title = title;
          this.settingExprs = exprs;
        }
        return;
      }
      case 'Assign':
      case 'TupleAssign':
        if (inIf) {
          d.add(
            'statement-in-if',
            s.span,
            'a binding cannot be inside an if',
            'bind it before the if: a binding is a whole series, computed on every bar',
          );
        }
        if (s.kind === 'Assign') this.assign(s, inIf);
        else this.tupleAssign(s);
        return;
      case 'If': {
        const earlier: Guard[] = [];
        for (const b of s.branches) {
          this.boolean(b.cond, `the condition of '${b.keyword}'`);
          const g = [...guards, ...earlier, { expr: b.cond, negate: false }];
          for (const x of b.body) this.stmt(x, -1, g, true);
          earlier.push({ expr: b.cond, negate: true });
        }
        if (s.orelse) for (const x of s.orelse.body) this.stmt(x, -1, [...guards, ...earlier], true);
        return;
      }
      case 'Action':
        if (s.action === 'exit' && s.args.length > 0 && s.args.every((a) => a.name)) {
          this.timedExit(s, inIf);
          return;
        }
        this.rules.push({ kind: s.action, stmt: s, ...this.orderArgs(s), guards });
        return;
      case 'Risk': {
        const seen = this.riskSeen.get(s.rule);
        if (inIf) {
          d.add(
            'risk-position',
            s.span,
            `${s.rule} applies to every position: it cannot be inside an if`,
            'move it to the top level',
          );
        } else if (seen) {
          d.add('risk-twice', s.span, `${s.rule} is already set on line ${seen.line}`, 'keep one');
        }
        const { percent, price } = this.riskArgs(s);
        if (!inIf && !seen) {
          this.riskSeen.set(s.rule, s.span);
          if (percent) this.riskExprs[s.rule] = percent;
          if (price && s.rule !== 'trailing_stop') this.riskPrices[s.rule] = price;
        }
        return;
      }
      case 'ExprStmt': {
        const t = this.check(s.expr);
        if (t.t === 'error') return;
        const e = s.expr;
        const hint =
          t.t === 'bool'
            ? `to act on it, write: if ${e.kind === 'Call' ? `${e.callee.name}(...)` : '...'}:`
            : 'bind it to a name (x = ...) to use it';
        d.add('useless-expression', s.span, 'this expression is computed but never used', hint);
        return;
      }
    }
  }

  /** exit(after=N): every entry leaves N bars after its entry bar; a top-level rule, like the stops. */
  private timedExit(s: ActionStmt, inIf: boolean): void {
    const d = this.scope.diags;
    const e = this.exitAfter(s);
    if (inIf) {
      d.add(
        'risk-position',
        s.span,
        'exit(after=N) applies to every entry: it cannot be inside an if',
        'move it to the top level; for a condition on the time held, write if bars_since_entry >= N: exit()',
      );
    } else if (this.exitAfterSeen) {
      d.add(
        'risk-twice',
        s.span,
        `exit(after=N) is already set on line ${this.exitAfterSeen.line}`,
        'keep one',
      );
    } else {
      this.exitAfterSeen = s.span;
      this.exitAfterExpr = e;
    }
  }

  /** size=risk(...) sizes an entry on its stop: one must exist. */
  private riskNeedsStop(): void {
    if (this.riskSeen.has('stop_loss') || this.riskSeen.has('trailing_stop')) return;
    for (const r of this.rules) {
      if (r.size.kind !== 'risk' || !r.size.expr || r.brackets?.stop_loss) continue;
      this.scope.diags.add(
        'risk-needs-stop',
        r.size.expr.span,
        `size=risk(...) sizes the ${r.kind} so that hitting its stop loses this share of equity, but the strategy has no stop`,
        'add stop_loss(2%) or stop_loss(price=position_avg_price - 2 * atr(14)) at the top level, or stop_loss=PRICE on the entry',
      );
    }
  }

  private assign(s: Stmt & { kind: 'Assign' }, inIf: boolean): void {
    const v = s.value;
    if (v.kind === 'Call' && v.callee.name === 'input' && inIf) {
      // Already reported as statement-in-if; bound as an error so its uses do not cascade.
      this.scope.types.set(v, NUM_CONST);
      this.bind(s.target, ERROR, s, v, {});
      return;
    }
    if (v.kind === 'Call' && v.callee.name === 'input') {
      const info = this.input(s, v);
      this.scope.types.set(v, NUM_CONST);
      if (info) this.inputs.push(info);
      this.bind(s.target, info ? NUM_CONST : ERROR, s, v, info ? { input: info, value: info.default } : {});
      return;
    }
    let t = this.check(v);
    if (t.t === 'tuple') {
      this.tupleValue(v, t);
      t = ERROR;
    } else if (t.t === 'string' || t.t === 'market') {
      const what = t.t === 'string' ? 'a string (strings are only titles)' : "the order type 'market'";
      this.scope.diags.add('not-numeric', v.span, `a binding needs a number or a condition, not ${what}`);
      t = ERROR;
    }
    const value = (t.t === 'num' || t.t === 'bool') && !t.series ? this.constValue(v) : undefined;
    this.bind(s.target, t, s, v, value === undefined ? {} : { value });
  }

  private tupleAssign(s: TupleAssign): void {
    const t = this.check(s.value);
    const names = s.targets;
    this.tuples.push(names);
    if (t.t === 'tuple') {
      if (t.outputs.length !== names.length) {
        const span: Span = {
          ...names[0].span,
          length:
            names[names.length - 1].span.offset + names[names.length - 1].span.length - names[0].span.offset,
        };
        this.scope.diags.add(
          'tuple-arity',
          span,
          `${t.fn} returns ${t.outputs.length} series (${t.outputs.join(', ')}), but ${names.length} name${names.length === 1 ? ' is' : 's are'} given`,
          `[${t.outputs.join(', ')}] = ${t.fn}(...)`,
        );
      }
      names.forEach((n, i) => {
        this.bind(
          n,
          i < t.outputs.length && t.outputs.length === names.length ? NUM_SERIES : ERROR,
          s,
          s.value,
          {
            output: i,
          },
        );
      });
      return;
    }
    if (t.t !== 'error') {
      const fn = s.value.kind === 'Call' ? s.value.callee.name : 'this expression';
      this.scope.diags.add(
        'tuple-arity',
        s.value.span,
        `${fn} returns a single value, not ${names.length}`,
        'bind it with name = ...',
      );
    }
    for (const n of names) this.bind(n, ERROR, s, s.value, {});
  }

  private bind(
    id: Ident,
    type: ValueType,
    stmt: Binding['stmt'],
    expr: Expr,
    extra: { input?: InputInfo; value?: number | boolean; output?: number },
  ): void {
    const reserved = reservedKind(id.name);
    const d = this.scope.diags;
    if (reserved) {
      d.add(
        'rebinding',
        id.span,
        `'${id.name}' is ${reserved} and cannot be rebound`,
        `choose another name, e.g. '${id.name}_1'`,
      );
      return;
    }
    const prev = this.scope.bindings.get(id.name);
    if (prev) {
      d.add(
        'rebinding',
        id.span,
        `'${id.name}' is already bound on line ${prev.span.line}`,
        'a name is bound once: use a new name',
      );
      return;
    }
    this.scope.bindings.set(id.name, {
      name: id.name,
      kind: kindOf(type),
      type,
      span: id.span,
      stmt,
      expr,
      ...extra,
    });
  }

  private warnings(): void {
    const d = this.scope.diags;
    const inTuple = new Set<string>();
    for (const names of this.tuples) {
      for (const n of names) inTuple.add(n.name);
      if (names.every((n) => !this.scope.used.has(n.name) && !n.name.startsWith('_'))) {
        d.add(
          'unused-binding',
          names[0].span,
          `none of ${names.map((n) => n.name).join(', ')} is used`,
          'remove the binding',
        );
      }
    }
    for (const b of this.scope.bindings.values()) {
      if (inTuple.has(b.name) || this.scope.used.has(b.name) || b.name.startsWith('_')) continue;
      d.add('unused-binding', b.span, `'${b.name}' is never used`, 'remove it, or use it in a condition');
    }
    const has = (k: string) => this.rules.some((r) => r.kind === k);
    const risk = this.riskSeen.size > 0 || this.exitAfterSeen !== null;
    const first = (k: string) => this.rules.find((r) => r.kind === k)!.stmt.span;
    if (!has('buy') && !has('short')) {
      d.add(
        'no-entry',
        { line: 1, col: 1, offset: 0, length: 0 },
        'the strategy never opens a position',
        'add e.g. if ...: buy(market, 100%)',
      );
      return;
    }
    if (has('buy') && !(has('sell') || has('exit') || has('short') || risk)) {
      d.add(
        'no-exit',
        first('buy'),
        'positions are bought but never sold',
        'add a sell(market, 100%) rule, exit(), or stop_loss(...)',
      );
    }
    if (has('short') && !(has('cover') || has('exit') || has('buy') || risk)) {
      d.add(
        'no-exit',
        first('short'),
        'short positions are never covered',
        'add a cover(market, 100%) rule, exit(), or stop_loss(...)',
      );
    }
  }

  result(ok: boolean): CheckedProgram {
    const { settings } = resolveSettings(
      this.settingExprs,
      this.riskExprs,
      this.nameValue,
      () => {},
      this.exitAfterExpr,
    );
    return {
      ok,
      program: this.parsed.program,
      title: this.title,
      bindings: this.scope.bindings,
      inputs: this.inputs,
      settingExprs: this.settingExprs,
      riskExprs: this.riskExprs,
      riskPrices: this.riskPrices,
      ...(this.exitAfterExpr && { exitAfter: this.exitAfterExpr }),
      positional: this.scope.positional,
      settings,
      rules: this.rules,
      types: this.scope.types,
      calls: this.scope.calls as ReadonlyMap<Expr & { kind: 'Call' }, CallInfo>,
    };
  }
}
