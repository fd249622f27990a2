// Arguments of the statement forms strategy(...) and input(...); orders and risk rules: check-order.ts.
import type { Arg, Assign, Call, Expr, StrategyStmt } from './ast';
import { CallChecker } from './check-call';
import type { InputInfo, SettingKey } from './checked';
import { evalConst } from './consts';
import type { Span } from './diagnostics';
import { suggestion } from './diagnostics';
import { FILL_VALUES, SETTING_KEYS, settingProblem, UNITS_VALUES } from './validate';
import { INPUT_ARGS } from './vocabulary';

interface SplitArgs {
  readonly positional: readonly Arg[];
  readonly keywords: ReadonlyMap<string, Arg>;
}

export class StmtChecker extends CallChecker {
  /** Separates positional and keyword arguments, reporting unknown and repeated keywords. */
  protected split(args: readonly Arg[], allowed: readonly string[], fn: string): SplitArgs {
    const positional: Arg[] = [];
    const keywords = new Map<string, Arg>();
    for (const a of args) {
      if (!a.name) {
        positional.push(a);
        continue;
      }
      const k = a.name.name;
      if (!allowed.includes(k)) {
        const sug = suggestion(k, allowed);
        this.scope.diags.add(
          'unknown-keyword',
          a.name.span,
          `${fn} has no argument '${k}'${sug.text}`,
          allowed.length ? `its keyword arguments are ${allowed.map((x) => `${x}=`).join(', ')}` : undefined,
        );
        this.check(a.value);
      } else if (keywords.has(k)) {
        this.scope.diags.add(
          'duplicate-keyword',
          a.name.span,
          `argument '${k}' of ${fn} is given twice`,
          'remove one',
        );
      } else keywords.set(k, a);
    }
    return { positional, keywords };
  }

  /** A constant number (inputs allowed), or undefined after reporting `code`. */
  protected constNumber(
    e: Expr,
    code: 'bad-setting' | 'size' | 'risk-value' | 'order-price',
    what: string,
  ): number | undefined {
    const t = this.check(e);
    if (t.t === 'error') return undefined;
    const v = t.t === 'num' && !t.series ? this.constValue(e) : undefined;
    if (typeof v !== 'number') {
      this.scope.diags.add(code, e.span, `${what} must be a constant number (a literal or an input)`);
      return undefined;
    }
    return v;
  }

  strategyArgs(s: StrategyStmt): { title: string; exprs: Partial<Record<SettingKey, Expr>> } {
    const { positional, keywords } = this.split(s.args, SETTING_KEYS, 'strategy');
    let title = '';
    if (positional.length > 0) {
      const t = positional[0].value;
      if (t.kind === 'String') title = t.value;
      else
        this.scope.diags.add(
          'arg-kind',
          t.span,
          'the strategy title must be a string',
          'strategy("My strategy", ...)',
        );
    }
    for (const extra of positional.slice(1)) {
      this.scope.diags.add(
        'arity',
        extra.span,
        'strategy takes one positional argument, the title; the others are keywords',
        `e.g. strategy("title", capital=10000, fee=0.1%)`,
      );
    }
    const exprs: Partial<Record<SettingKey, Expr>> = {};
    for (const [k, a] of keywords) {
      exprs[k as SettingKey] = a.value;
      if (k === 'fill' || k === 'units') {
        const allowed: readonly string[] = k === 'fill' ? FILL_VALUES : UNITS_VALUES;
        const v = a.value;
        if (v.kind !== 'String' || !allowed.includes(v.value)) {
          const got = v.kind === 'String' ? `"${v.value}"` : 'a non-string';
          const sug = v.kind === 'String' ? suggestion(v.value, allowed) : { text: '' };
          this.scope.diags.add(
            'bad-setting',
            v.span,
            `${k} must be ${allowed.map((x) => `"${x}"`).join(' or ')}, got ${got}${sug.text}`,
          );
          if (v.kind !== 'String') this.check(v);
        }
        continue;
      }
      const code = k === 'size' ? 'size' : 'bad-setting';
      const v = this.constNumber(a.value, code, k);
      const problem = v === undefined ? undefined : settingProblem(k as SettingKey, v);
      if (problem) this.scope.diags.add(code, a.value.span, problem);
    }
    return { title, exprs };
  }

  /** `name = input(default, min=, max=, step=, title=)`; undefined when it is not usable. */
  input(stmt: Assign, call: Call): InputInfo | undefined {
    const { positional, keywords } = this.split(
      call.args,
      INPUT_ARGS.map((a) => a.name),
      'input',
    );
    if (positional.length !== 1) {
      this.scope.diags.add(
        'arity',
        positional[1]?.span ?? call.span,
        `input takes one positional argument, the default, got ${positional.length}`,
        'e.g. input(14, min=2, max=50, step=1, title="Period")',
      );
      return undefined;
    }
    const literal = (e: Expr, what: string): number | undefined => {
      this.check(e);
      const v = evalConst(e, () => undefined);
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      this.scope.diags.add(
        'arg-kind',
        e.span,
        `${what} of an input must be a number`,
        'e.g. input(14, min=2, max=50)',
      );
      return undefined;
    };
    const defExpr = positional[0].value;
    const def = literal(defExpr, 'the default');
    const num: Partial<Record<'min' | 'max' | 'step', number>> = {};
    for (const k of ['min', 'max', 'step'] as const) {
      const a = keywords.get(k);
      if (a) num[k] = literal(a.value, k);
    }
    let title: string | undefined;
    const t = keywords.get('title');
    if (t) {
      if (t.value.kind === 'String') title = t.value.value;
      else this.scope.diags.add('arg-kind', t.value.span, 'the title of an input must be a string');
    }
    if (def === undefined) return undefined;
    const { min, max, step } = num;
    const at = (k: 'min' | 'max' | 'step') => keywords.get(k)!.value.span;
    let ok = true;
    const bad = (span: Span, msg: string) => {
      ok = false;
      this.scope.diags.add('input-bounds', span, msg, 'an input needs min <= default <= max and step > 0');
    };
    if (min !== undefined && max !== undefined && min > max) bad(at('max'), `max=${max} is below min=${min}`);
    else if (min !== undefined && def < min) bad(defExpr.span, `the default ${def} is below min=${min}`);
    else if (max !== undefined && def > max) bad(defExpr.span, `the default ${def} is above max=${max}`);
    if (step !== undefined && !(step > 0)) bad(at('step'), `step must be positive, got ${step}`);
    if (!ok) return undefined;
    const integer = [def, min, max, step].every((v) => v === undefined || Number.isInteger(v));
    return {
      name: stmt.target.name,
      default: def,
      ...(min !== undefined && { min }),
      ...(max !== undefined && { max }),
      ...(step !== undefined && { step }),
      ...(title !== undefined && { title }),
      integer,
      span: stmt.span,
      defaultSpan: defExpr.span,
    };
  }
}
