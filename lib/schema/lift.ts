// lift(source): a `.bt` program back to a strategy spec, when it stays within what the schema
// expresses; otherwise every construct that goes beyond it, with its line. The program carries no
// market (that is a data choice, not code), so the caller passes it; it defaults to synthetic data.
import type { Call, CheckedProgram, Expr, Program, Span, Stmt } from '../dsl';
import { checkSource } from '../dsl';
import { indicatorFn } from './consts';
import { callArgs, type LiftCtx, liftCondition, liftOperand, show } from './lift-expr';
import { normalize } from './normalize';
import type { Portfolio } from './portfolio';
import { liftPrice } from './price';
import type { Indicator, Input, Market, Risk, Rule, Size, StrategySettings, StrategySpec } from './spec';
import { validateSpec } from './validate';

export type LiftResult =
  | { readonly ok: true; readonly spec: StrategySpec }
  | { readonly ok: false; readonly reasons: string[] };

export interface LiftOptions {
  /** The market of the lifted spec (default: synthetic data). */
  readonly market?: Market;
  /** The markets traded together in one account, like the market a data choice (portfolio.ts). */
  readonly portfolio?: Portfolio;
  /** The name when the program has no strategy(...) header (default 'Untitled'). */
  readonly name?: string;
}

const RISK_KEYS = {
  stop_loss: 'stopLoss',
  take_profit: 'takeProfit',
  trailing_stop: 'trailingStop',
} as const;
const MAX_REASONS = 50;

/** Every name read anywhere in the program (binding targets are not reads). */
function namesRead(program: Program): Set<string> {
  const out = new Set<string>();
  const stack: unknown[] = [...program.body];
  while (stack.length) {
    const n = stack.pop();
    if (Array.isArray(n)) stack.push(...n);
    else if (n && typeof n === 'object') {
      const node = n as { kind?: string; name?: unknown };
      if (node.kind === 'Name' && typeof node.name === 'string') out.add(node.name);
      for (const [k, v] of Object.entries(n)) if (k !== 'span' && k !== 'header') stack.push(v);
    }
  }
  return out;
}

class Lifter implements LiftCtx {
  readonly reasons: string[] = [];
  readonly inputs = new Set<string>();
  readonly indicators = new Set<string>();
  readonly failed = new Set<string>();
  readonly specInputs: Input[] = [];
  readonly specIndicators: Indicator[] = [];
  readonly rules: Rule[] = [];
  readonly settings: { -readonly [K in keyof StrategySettings]: StrategySettings[K] } = {};
  readonly risk: { -readonly [K in keyof Risk]: Risk[K] } = {};
  private readonly read: Set<string>;

  constructor(readonly checked: CheckedProgram) {
    this.read = namesRead(checked.program);
  }

  reason(span: Span, what: string, hint?: string): void {
    this.reasons.push(
      `line ${span.line}: ${what} is not expressible in the strategy schema${hint ? `; ${hint}` : ''}`,
    );
  }

  /** A literal number (settings, risk, sizes); anything computed is reported. */
  private literal(e: Expr, what: string): number | undefined {
    if (e.kind === 'Number') return e.value;
    this.reason(e.span, `${what} computed from ${show(e)}`, 'write the number itself');
    return undefined;
  }

  run(): void {
    for (const s of this.checked.program.body) this.stmt(s);
  }

  private stmt(s: Stmt): void {
    switch (s.kind) {
      case 'Strategy':
        this.header();
        return;
      case 'Assign':
        this.assign(s.target.name, s.value, s.span);
        return;
      case 'TupleAssign': {
        const call = s.value as Call;
        const args = this.args(call);
        s.targets.forEach((t, k) => {
          // '_' names that nothing reads are the placeholders compile() writes for unused outputs.
          if (t.name.startsWith('_') && !this.read.has(t.name)) return;
          this.indicators.add(t.name);
          if (args)
            this.specIndicators.push({
              id: t.name,
              fn: call.callee.name,
              args,
              output: indicatorFn(call.callee.name)?.outputs[k],
            });
        });
        return;
      }
      case 'If': {
        if (s.branches.length > 1) this.reason(s.branches[1].header, 'elif', 'use a separate if');
        if (s.orelse) this.reason(s.orelse.header, 'else', 'use a separate if with the opposite condition');
        const branch = s.branches[0];
        // The language's position state, orders at prices and risk sizing have no schema fields yet:
        // refused rather than lifted into a different strategy.
        if (this.checked.positional.has(branch.cond)) {
          this.reason(branch.cond.span, 'a condition on the position state (position_size, open_profit, …)');
          return;
        }
        const when = liftCondition(this, branch.cond);
        for (const body of [...s.branches.map((b) => b.body), s.orelse?.body ?? []])
          for (const x of body)
            if (x.kind === 'If') this.reason(x.span, 'a nested if', 'combine the conditions with and');
        for (const x of branch.body) if (x.kind === 'Action' && when) this.order(x, when);
        return;
      }
      case 'Action': {
        const after = this.checked.exitAfter;
        if (s.action === 'exit' && s.args.length > 0) {
          const v = after && this.literal(after, 'exit(after=N)');
          if (v !== undefined) this.risk.exitAfter = v;
        } else this.reason(s.span, `an order outside an if (${s.action} on every bar)`, 'put it under an if');
        return;
      }
      case 'Risk': {
        const at = s.rule !== 'trailing_stop' ? this.checked.riskPrices[s.rule] : undefined;
        if (at) {
          const p = liftPrice(this, at);
          if (p) this.risk[s.rule === 'stop_loss' ? 'stopLossAt' : 'takeProfitAt'] = p;
          return;
        }
        const e = this.checked.riskExprs[s.rule];
        const v = e && this.literal(e, s.rule);
        if (v !== undefined) this.risk[RISK_KEYS[s.rule]] = v;
        return;
      }
      case 'ExprStmt':
        this.reason(s.span, 'an expression statement');
        return;
    }
  }

  private header(): void {
    const ex = this.checked.settingExprs;
    if (ex.size)
      this.reason(ex.size.span, 'a default size= in strategy(...)', 'give each order its own size');
    for (const k of ['capital', 'fee', 'commission', 'slippage', 'pyramiding'] as const) {
      const e = ex[k];
      const v = e && this.literal(e, k);
      if (v !== undefined) this.settings[k] = v;
    }
    if (ex.fill?.kind === 'String') this.settings.fill = ex.fill.value as 'open' | 'close';
    if (ex.units?.kind === 'String') this.settings.units = ex.units.value as 'whole' | 'fractional';
  }

  private args(call: Call): Indicator['args'] | null {
    const args = callArgs(this, call);
    const ops = args?.map((a) => liftOperand(this, a));
    return ops?.every((o) => o !== null) ? (ops as Indicator['args']) : null;
  }

  private assign(name: string, value: Expr, span: Span): void {
    const fail = (what: string, hint?: string) => {
      this.failed.add(name);
      this.reason(span, what, hint);
    };
    if (value.kind === 'Call' && value.callee.name === 'input') {
      const info = this.checked.inputs.find((i) => i.name === name);
      if (!info) {
        fail(`the input '${name}'`);
        return;
      }
      const { min, max, step } = info;
      if (min === undefined || max === undefined || step === undefined) {
        fail(`input '${name}' without min=, max= and step=`, 'give all three (the app shows it as a slider)');
        return;
      }
      this.inputs.add(name);
      this.specInputs.push({
        name,
        value: info.default,
        min,
        max,
        step,
        ...(info.title !== undefined && { title: info.title }),
      });
      return;
    }
    const indexed = value.kind === 'Index' && value.target.kind === 'Call' ? value : null;
    const call = indexed ? indexed.target : value;
    const fn = call.kind === 'Call' ? indicatorFn(call.callee.name) : undefined;
    if (call.kind !== 'Call' || !fn) {
      const t = this.checked.types.get(value);
      const what =
        t?.t === 'bool'
          ? `the named condition ${name} = ${show(value)}`
          : t && 'series' in t && !t.series
            ? `the constant ${name} = ${show(value)}`
            : value.kind === 'Name' || value.kind === 'Index'
              ? `the alias ${name} = ${show(value)}`
              : `${name} = ${show(value)}`;
      const hint =
        t?.t === 'bool'
          ? 'write the condition itself in the if'
          : t && 'series' in t && !t.series
            ? 'use input(...) with min, max and step, or the number itself'
            : undefined;
      if (value.kind === 'Binary' && !['and', 'or', '<', '<=', '>', '>=', '==', '!='].includes(value.op)) {
        this.failed.add(name);
        liftOperand(this, value); // reports the arithmetic itself
        return;
      }
      fail(what, hint);
      return;
    }
    let offset: number | undefined;
    if (indexed) {
      if (indexed.index.kind !== 'Number') {
        fail(`a history index that is not a number (${show(value)})`);
        return;
      }
      offset = indexed.index.value || undefined;
    }
    const args = this.args(call);
    if (!args) {
      this.failed.add(name);
      return;
    }
    this.indicators.add(name);
    this.specIndicators.push({ id: name, fn: fn.name, args, ...(offset !== undefined && { offset }) });
  }

  private order(s: Stmt & { kind: 'Action' }, when: Rule['when']): void {
    const rule = this.checked.rules.find((r) => r.stmt === s);
    if (rule?.brackets) {
      this.reason(
        s.span,
        'an entry with its own stop_loss= or take_profit=',
        'use stop_loss(price=...) / take_profit(price=...) at the top level',
      );
      return;
    }
    let order: Rule['order'];
    if (rule?.price) {
      const price = liftPrice(this, rule.price.expr);
      const wait = rule.price.cancelAfter && this.literal(rule.price.cancelAfter, 'cancel_after');
      if (!price || (rule.price.cancelAfter && wait === undefined)) return;
      order = { type: rule.price.kind, price, ...(wait !== undefined && { cancelAfter: wait }) };
    }
    const sz = rule?.size;
    let size: Size | undefined;
    if (sz?.expr) {
      const v = this.literal(sz.expr, 'an order size');
      if (v === undefined) return;
      size =
        sz.kind === 'percent'
          ? { percent: v }
          : sz.kind === 'units'
            ? { units: v }
            : sz.kind === 'risk'
              ? { risk: v }
              : { cash: v };
    }
    this.rules.push({ when, action: s.action, ...(size && { size }), ...(order && { order }) });
  }
}

export function lift(source: string, opts: LiftOptions = {}): LiftResult {
  const { checked, diagnostics } = checkSource(source);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !checked.ok) {
    return {
      ok: false,
      reasons: errors.slice(0, MAX_REASONS).map((d) => `line ${d.span.line}: ${d.message}`),
    };
  }
  const l = new Lifter(checked);
  l.run();
  if (l.reasons.length) {
    // In line order (a block's elif/else are found before the ifs nested in it); the sort is stable.
    const line = (r: string) => Number(/^line (\d+)/.exec(r)?.[1] ?? 0);
    const sorted = [...l.reasons].sort((a, b) => line(a) - line(b));
    return { ok: false, reasons: sorted.slice(0, MAX_REASONS) };
  }
  const spec = {
    version: 1,
    name: checked.program.body[0]?.kind === 'Strategy' ? checked.title : (opts.name ?? 'Untitled'),
    market: opts.market ?? { source: 'synthetic' },
    settings: l.settings,
    inputs: l.specInputs,
    indicators: l.specIndicators,
    rules: l.rules,
    risk: l.risk,
    ...(opts.portfolio && { portfolio: opts.portfolio }),
  };
  const v = validateSpec(spec);
  if (!v.ok) return { ok: false, reasons: v.issues.map((i) => `${i.path || 'spec'}: ${i.message}`) };
  return { ok: true, spec: normalize(v.spec) };
}
