// Arguments of orders and risk rules:
//   buy/short(market, SIZE) · buy/short(limit=PRICE | stop=PRICE, SIZE?, cancel_after=N)
//   sell/cover(market, SIZE) · exit() · exit(after=N)
//   SIZE: a percent, units=N, cash=N, size=P or size=risk(P)
//   stop_loss(P | price=PRICE) · take_profit(P | price=PRICE) · trailing_stop(P)
import type { ActionStmt, Arg, Expr, RiskStmt } from './ast';
import { positionNames } from './check-expr';
import { StmtChecker } from './check-stmt';
import type { PriceRiskName, PriceSpec, SizeKind, SizeSpec } from './checked';
import type { Span } from './diagnostics';
import { barsProblem, riskProblem, sizeProblem } from './validate';
import { EXIT_ARGS, ORDER_ARGS, RISK_PRICE_ARGS } from './vocabulary';

export interface OrderArgs {
  readonly size: SizeSpec;
  readonly price?: PriceSpec;
  /** This entry's own stop_loss=PRICE / take_profit=PRICE (over the top-level ones). */
  readonly brackets?: Readonly<Partial<Record<PriceRiskName, Expr>>>;
}

export interface RiskArgs {
  /** The percentage form, e.g. stop_loss(5%). */
  readonly percent?: Expr;
  /** The price form, e.g. stop_loss(price=position_avg_price - 2 * atr(14)). */
  readonly price?: Expr;
}

const ENTRY_KEYS = ORDER_ARGS.map((a) => a.name);
const EXIT_KEYS = EXIT_ARGS.map((a) => a.name);
const PRICE_KEYS = RISK_PRICE_ARGS.map((a) => a.name);

export class OrderChecker extends StmtChecker {
  /** buy/sell/short/cover and exit() (exit(after=N) is exitAfter's). */
  orderArgs(s: ActionStmt): OrderArgs {
    const none: SizeSpec = { kind: 'percent', expr: null };
    const d = this.scope.diags;
    if (s.action === 'exit') {
      if (s.args.length > 0) {
        for (const a of s.args) this.check(a.value);
        d.add('arity', s.args[0].span, 'exit() takes no arguments', 'exit() closes whatever is open');
      }
      return { size: none };
    }
    const entry = s.action === 'buy' || s.action === 'short';
    const { positional, keywords } = this.split(s.args, ENTRY_KEYS, s.action);
    const limit = keywords.get('limit');
    const stop = keywords.get('stop');
    const cancel = keywords.get('cancel_after');
    const priced = limit ?? stop;
    if (priced && !entry) {
      d.add(
        'order-price',
        priced.name!.span,
        `${s.action} takes no ${priced.name!.name} price: it fills at the next fill moment`,
        'exits at prices are stop_loss(price=...) and take_profit(price=...)',
      );
    } else if (limit && stop) {
      d.add('order-price', stop.name!.span, `${s.action} has both limit= and stop=`, 'give one of them');
    }
    const first = positional[0];
    const market = first?.value.kind === 'Market';
    if (market && priced && entry) {
      d.add(
        'order-price',
        first.value.span,
        `market fills at the next fill moment; a ${priced.name!.name}= order rests until its price trades`,
        `drop market: ${s.action}(${priced.name!.name}=PRICE, size=100%)`,
      );
    } else if (!market && !priced) {
      const span: Span = first ? first.value.span : s.span;
      const example = entry
        ? `${s.action}(market, 100%) or ${s.action}(limit=close * 0.99, size=100%)`
        : `${s.action}(market, 100%)`;
      d.add('order-type', span, `the first argument of ${s.action} is the order type, market`, example);
      if (first) this.check(first.value);
    }
    // With a price and no market, the first positional argument is the size.
    const sizeAt = market || !(priced && entry) ? 1 : 0;
    for (const extra of positional.slice(sizeAt + 1)) {
      this.check(extra.value);
      d.add('arity', extra.span, `${s.action} takes (market, SIZE); this argument is extra`);
    }
    for (const p of [limit, stop]) if (p) this.numeric(p.value, `${p.name!.name}=`);
    if (cancel) this.cancelAfter(cancel, !!priced);
    const size = this.size(s, positional[sizeAt], keywords, entry);
    const brackets: Partial<Record<PriceRiskName, Expr>> = {};
    for (const k of ['stop_loss', 'take_profit'] as const) {
      const a = keywords.get(k);
      if (!a) continue;
      if (!entry) {
        this.check(a.value);
        d.add(
          'order-price',
          a.name!.span,
          `${s.action} takes no ${k}=: an entry's stop and target are set when it fills`,
          `put it on the entry, e.g. buy(market, ${k}=...), or write ${k}(price=...) at the top level`,
        );
        continue;
      }
      const e = this.bracketPrice(a.value, k);
      if (e) brackets[k] = e;
    }
    const own = Object.keys(brackets).length ? { brackets } : {};
    if (!priced || !entry || (limit && stop)) return { size, ...own };
    const kind = limit ? 'limit' : 'stop';
    return {
      size,
      price: { kind, expr: priced.value, ...(cancel && { cancelAfter: cancel.value }) },
      ...own,
    };
  }

  /** A stop or target price: a number, reading of the position only position_avg_price. */
  private bracketPrice(e: Expr, rule: PriceRiskName): Expr | undefined {
    const t = this.numeric(e, `${rule} price`);
    if (t.t === 'error') return undefined;
    const bad = positionNames(e, this.scope).filter((n) => n !== 'position_avg_price');
    if (bad.length) {
      this.scope.diags.add(
        'position-state',
        e.span,
        `a ${rule} price is set when its entry fills, before ${bad.join(' and ')} could say anything about it`,
        'of the position it may read position_avg_price (the entry’s fill price)',
      );
      return undefined;
    }
    return e;
  }

  private cancelAfter(a: Arg, priced: boolean): void {
    const v = this.constNumber(a.value, 'order-price', 'cancel_after');
    if (!priced) {
      this.scope.diags.add(
        'order-price',
        a.name!.span,
        'cancel_after applies to a limit= or stop= order; a market order fills at once',
      );
    } else if (v !== undefined) {
      const problem = barsProblem('cancel_after', v);
      if (problem) this.scope.diags.add('order-price', a.value.span, problem, 'e.g. cancel_after=5');
    }
  }

  private size(
    s: ActionStmt,
    positional: Arg | undefined,
    keywords: ReadonlyMap<string, Arg>,
    entry: boolean,
  ): SizeSpec {
    const d = this.scope.diags;
    const sizes: { kind: SizeKind; expr: Expr }[] = [];
    if (positional) sizes.push({ kind: 'percent', expr: positional.value });
    for (const k of ['units', 'cash'] as const) {
      const a = keywords.get(k);
      if (a) sizes.push({ kind: k, expr: a.value });
    }
    const sized = keywords.get('size');
    if (sized) {
      const v = sized.value;
      if (v.kind === 'Call' && v.callee.name === 'risk') {
        if (!entry) {
          d.add('size', v.span, `risk(...) sizes entries on their stop; ${s.action} reduces a position`);
          return { kind: 'percent', expr: null };
        }
        if (v.args.length !== 1 || v.args[0].name) {
          for (const a of v.args) this.check(a.value);
          d.add('arity', v.span, 'risk takes one argument, the share of equity to risk', 'size=risk(1%)');
          return { kind: 'percent', expr: null };
        }
        sizes.push({ kind: 'risk', expr: v.args[0].value });
      } else sizes.push({ kind: 'percent', expr: v });
    }
    if (sizes.length > 1) {
      d.add(
        'size',
        sizes[1].expr.span,
        `${s.action} has more than one size`,
        'give one: a percent (100%), units=N, cash=N or size=risk(1%)',
      );
    }
    if (sizes.length === 0) return { kind: 'percent', expr: null };
    const { kind, expr } = sizes[0];
    const what = kind === 'percent' ? 'the size' : kind === 'risk' ? 'risk(...)' : `${kind}=`;
    const v = this.constNumber(expr, 'size', what);
    const problem = v === undefined ? undefined : sizeProblem(kind, v);
    if (problem) {
      const pct = kind === 'percent' || kind === 'risk';
      const literal = expr.kind === 'Number' && !expr.percent && pct && v !== undefined && v > 1;
      const hint = literal ? `write ${expr.text}% for ${expr.text} percent` : undefined;
      d.add('size', expr.span, problem, hint);
    }
    return { kind, expr };
  }

  /** exit(after=N): N, or undefined after reporting. */
  exitAfter(s: ActionStmt): Expr | undefined {
    const { positional, keywords } = this.split(s.args, EXIT_KEYS, 'exit');
    for (const a of positional) {
      this.check(a.value);
      this.scope.diags.add('arity', a.span, 'exit takes no positional argument', 'exit(after=10)');
    }
    const a = keywords.get('after');
    if (!a) return undefined;
    const v = this.constNumber(a.value, 'bad-setting', 'exit(after=N)');
    const problem = v === undefined ? undefined : barsProblem('exit(after=N)', v);
    if (problem) this.scope.diags.add('bad-setting', a.value.span, problem, 'e.g. exit(after=10)');
    return v === undefined || problem ? undefined : a.value;
  }

  /** stop_loss(P), take_profit(P), trailing_stop(P); stop_loss and take_profit also take price=PRICE. */
  riskArgs(s: RiskStmt): RiskArgs {
    const d = this.scope.diags;
    const priced = s.rule !== 'trailing_stop';
    const { positional, keywords } = this.split(s.args, priced ? PRICE_KEYS : [], s.rule);
    const price = keywords.get('price');
    if (price) {
      for (const a of positional) {
        this.check(a.value);
        d.add('arity', a.span, `${s.rule} takes a percent or price=, not both`, `e.g. ${s.rule}(5%)`);
      }
      const e = this.bracketPrice(price.value, s.rule as PriceRiskName);
      return e ? { price: e } : {};
    }
    if (positional.length !== 1) {
      for (const a of positional) this.check(a.value);
      d.add(
        'arity',
        positional[1]?.span ?? s.span,
        `${s.rule} takes one argument, got ${positional.length}`,
        priced ? `e.g. ${s.rule}(5%) or ${s.rule}(price=...)` : `e.g. ${s.rule}(5%)`,
      );
      return {};
    }
    const e = positional[0].value;
    const v = this.constNumber(e, 'risk-value', s.rule);
    const problem = v === undefined ? undefined : riskProblem(s.rule, v);
    if (problem) d.add('risk-value', e.span, problem, `e.g. ${s.rule}(5%)`);
    return v === undefined || problem ? {} : { percent: e };
  }
}
