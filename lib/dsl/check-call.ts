// Calls: registry functions (arity, argument kinds and bounds, result type) and the special form iff.
// Everything known about a function comes from its registry entry.
import { FUNCTIONS, getFunction } from '../engine';
import type { Call } from './ast';
import { describeType, ExprChecker, STATEMENT_NAMES, series } from './check-expr';
import type { ValueType } from './checked';
import { BOOL_CONST, BOOL_SERIES, ERROR, NUM_CONST, NUM_SERIES } from './checked';
import { orderArgs } from './consts';
import { suggestion } from './diagnostics';
import { FORM_NAMES } from './forms';
import { timeframeProblem } from './htf';
import { argProblem } from './validate';

const STATEMENTS: ReadonlySet<string> = new Set(STATEMENT_NAMES);

export class CallChecker extends ExprChecker {
  protected call(e: Call): ValueType {
    const name = e.callee.name;
    if (name === 'iff') return this.iff(e);
    if (name === 'htf') return this.htf(e);
    const spec = getFunction(name);
    if (!spec) {
      for (const a of e.args) this.check(a.value);
      if (name === 'input') {
        this.scope.diags.add(
          'input-position',
          e.span,
          'input(...) must be the whole right side of a top-level assignment',
          'bind it first: n = input(14), then use n',
        );
        return NUM_CONST;
      }
      if (STATEMENTS.has(name)) {
        this.scope.diags.add(
          'statement-as-value',
          e.span,
          `${name}(...) is a statement and has no value`,
          'put it on its own line',
        );
        return ERROR;
      }
      const sug = suggestion(name, [...FUNCTIONS.map((f) => f.name), ...FORM_NAMES, ...STATEMENT_NAMES]);
      this.scope.diags.add(
        'unknown-function',
        e.callee.span,
        `unknown function '${name}'${sug.text}`,
        sug.best
          ? `replace '${name}' with '${sug.best}'`
          : `available: ${FUNCTIONS.map((f) => f.name).join(' ')}`,
      );
      return ERROR;
    }
    const { args, problems } = orderArgs(spec, e);
    for (const p of problems) this.scope.diags.add(p.code, p.span, p.message, p.hint);
    for (const a of e.args) if (!args.includes(a.value)) this.check(a.value);
    this.scope.calls.set(e, { spec, args });
    let anySeries = spec.fields.length > 0;
    let failed = problems.length > 0;
    // With the wrong number of arguments they are misplaced: only their own errors are worth reporting.
    const misplaced = problems.some((p) => p.code === 'arity');
    spec.args.forEach((a, i) => {
      const x = args[i];
      if (!x) return;
      if (misplaced) {
        this.check(x);
        return;
      }
      if (a.kind === 'series') {
        const t = this.numeric(x, `'${a.name}' of ${name}`);
        if (t.t === 'error') failed = true;
        else if (!spec.elementwise && this.positionProblem(x, `'${a.name}' of ${name}`)) failed = true;
        else if (series(t)) anySeries = true;
        return;
      }
      const t = this.check(x);
      if (t.t === 'error') failed = true;
      else if (t.t === 'tuple') {
        this.tupleValue(x, t);
        failed = true;
      } else if (t.t !== 'num' || t.series) {
        failed = true;
        this.scope.diags.add(
          'arg-kind',
          x.span,
          `'${a.name}' of ${name} must be a constant ${a.kind === 'period' ? 'period' : 'number'}, not ${describeType(t)}`,
          'it is fixed for the whole run: write a number, or bind an input(...) to tune it',
        );
      } else {
        const v = this.constValue(x);
        const problem = typeof v === 'number' ? argProblem(spec, i, v) : undefined;
        if (problem) {
          failed = true;
          this.scope.diags.add('arg-range', x.span, problem, a.doc);
        }
      }
    });
    if (spec.outputs.length > 1) return { t: 'tuple', fn: name, outputs: spec.outputs };
    if (failed && spec.returns !== 'boolean') return spec.elementwise ? ERROR : NUM_SERIES;
    if (spec.returns === 'boolean') return BOOL_SERIES;
    return spec.elementwise && !anySeries ? NUM_CONST : NUM_SERIES;
  }

  /** Keyword arguments of a special form (it takes none), reported. */
  private noKeywords(e: Call, usage: string): void {
    for (const a of e.args) {
      if (a.name) {
        this.scope.diags.add(
          'unknown-keyword',
          a.name.span,
          `${e.callee.name} takes no keyword arguments`,
          usage,
        );
      }
    }
  }

  /**
   * htf("1w", expr): expr as a series on higher bars, typed like expr. Errors give ERROR (no cascade):
   * a timeframe that is not a known string, a nested htf, the position state, a tuple or a non-number.
   */
  private htf(e: Call): ValueType {
    const usage = 'htf("1w", expr), e.g. htf("1w", sma(close, 20))';
    this.noKeywords(e, usage);
    const d = this.scope.diags;
    if (e.args.length !== 2) {
      for (const a of e.args) this.check(a.value);
      d.add(
        'arity',
        e.span,
        `htf takes 2 arguments, a timeframe and an expression, got ${e.args.length}`,
        usage,
      );
      return ERROR;
    }
    const [tf, x] = e.args.map((a) => a.value);
    this.scope.calls.set(e, { spec: null, args: [tf, x] });
    let bad = false;
    this.check(tf);
    if (tf.kind !== 'String') {
      d.add('htf-timeframe', tf.span, 'the timeframe of htf must be a string such as "1w"', usage);
      bad = true;
    } else {
      const problem = timeframeProblem(tf.value);
      if (problem) d.add('htf-timeframe', tf.span, problem.message, problem.hint);
      bad ||= problem !== undefined;
    }
    const t = this.check(x);
    if (this.scope.higher.has(x)) {
      d.add(
        'htf-nested',
        x.span,
        'htf(...) cannot hold another htf(...): its expression is evaluated on the higher bars already',
        'write each timeframe on its own: htf("1w", close) > htf("1M", close)',
      );
      bad = true;
    } else if (this.scope.positional.has(x)) {
      d.add(
        'position-state',
        x.span,
        'htf(...) needs a whole series, but the position state is only known bar by bar as the simulation runs',
        'compare outside htf: htf("1w", close) > htf("1w", sma(close, 20)) and position_size == 0',
      );
      bad = true;
    }
    if (t.t === 'tuple') this.tupleValue(x, t);
    else if (t.t === 'string' || t.t === 'market') {
      d.add('not-numeric', x.span, `htf needs a number series or a condition, got ${describeType(t)}`, usage);
    }
    if (bad || (t.t !== 'num' && t.t !== 'bool')) return ERROR;
    return t.t === 'bool' ? BOOL_SERIES : NUM_SERIES;
  }

  private iff(e: Call): ValueType {
    this.noKeywords(e, 'iff(cond, a, b)');
    if (e.args.length !== 3) {
      for (const a of e.args) this.check(a.value);
      this.scope.diags.add(
        'arity',
        e.span,
        `iff takes 3 arguments, got ${e.args.length}`,
        'iff(cond, a, b): a where cond holds, else b',
      );
      return ERROR;
    }
    const [c, x, y] = e.args.map((a) => a.value);
    this.scope.calls.set(e, { spec: null, args: [c, x, y] });
    const ct = this.boolean(c, 'the condition of iff');
    const a = this.check(x);
    const b = this.check(y);
    if (ct.t === 'error' || a.t === 'error' || b.t === 'error') return ERROR;
    const anySeries = series(ct) || series(a) || series(b);
    if (a.t === 'bool' && b.t === 'bool') return anySeries ? BOOL_SERIES : BOOL_CONST;
    if (a.t === 'num' && b.t === 'num') return anySeries ? NUM_SERIES : NUM_CONST;
    for (const [ex, t] of [
      [x, a],
      [y, b],
    ] as const) {
      if (t.t === 'tuple') {
        this.tupleValue(ex, t);
        return ERROR;
      }
    }
    this.scope.diags.add(
      'not-numeric',
      y.span,
      `both branches of iff must be numbers or both conditions; got ${describeType(a)} and ${describeType(b)}`,
    );
    return ERROR;
  }
}
