// The model's form of orders and exits at prices (issue 11): a rule's `order` and `sizeRisk`, the risk's
// `stopLossAt` / `takeProfitAt` / `exitAfter`, the settings' `commission`. Prices keep the schema's shape
// except `percent`, which the model writes as a signed percent number (-1 is 1% below) like every other
// percent; wire.ts calls these at the matching places of its conversions and of its JSON Schema.
import { type Price, type StrategySpec, StrategySpecJsonSchema } from '../../schema';

type Obj = Record<string, unknown>;

/** A number in percent from a fraction (and back), without binary noise (0.07 / 100 → 0.0007). */
export const toPercent = (f: number) => Number((f * 100).toPrecision(12));
export const toFraction = (p: number) => Number((p / 100).toPrecision(12));

/** Reads a percent number in [min, max] as a fraction; undefined (with an issue recorded) otherwise. */
export type PercentReader = (
  path: string,
  v: unknown,
  min: number,
  max: number,
  example: string,
) => number | undefined;

const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);

export function operandOut(o: Obj): Obj {
  return 'field' in o || 'indicator' in o ? { ...o, offset: o.offset ?? null } : o;
}

const defs = (StrategySpecJsonSchema as { $defs: Record<string, Obj> }).$defs;
const priceProps = (defs.Price as { properties: Obj }).properties;
const bound = (n: Obj, k: 'minimum' | 'maximum') => toPercent(n[k] as number);
const pricePct = priceProps.percent as Obj;
/** The price's move, in percent (the schema's bounds are fractions). */
const PRICE_PERCENT = { min: bound(pricePct, 'minimum'), max: bound(pricePct, 'maximum') };
const PRICE_EXAMPLE = '-1 means 1% below, 2 means 2% above';
const topProps = (StrategySpecJsonSchema as { properties: Obj }).properties;
const riskSize = ((topProps.rules as Obj).items as { properties: Obj }).properties.size as {
  anyOf: { properties: Obj }[];
};
const RISK_PERCENT = (() => {
  const n = riskSize.anyOf.find((o) => 'risk' in o.properties)?.properties.risk as Obj;
  return { min: bound(n, 'minimum'), max: bound(n, 'maximum') };
})();

// ---- internal → model ----

export function priceOut(p: Price): Obj {
  return {
    from: 'position' in p.from ? p.from : operandOut(p.from as Obj),
    percent: p.percent !== undefined ? toPercent(p.percent) : null,
    add: p.add ? { times: p.add.times, of: operandOut(p.add.of as Obj) } : null,
  };
}

type Rule = StrategySpec['rules'][number];

/** A rule's model fields beyond when/action/percent/units/cash. */
export function ruleExtrasOut(r: Rule): Obj {
  const o = r.order;
  return {
    sizeRisk: r.size && 'risk' in r.size ? toPercent(r.size.risk) : null,
    order: o ? { type: o.type, price: priceOut(o.price), cancelAfter: o.cancelAfter ?? null } : null,
  };
}

export function riskExtrasOut(r: StrategySpec['risk']): Obj {
  return {
    stopLossAt: r.stopLossAt ? priceOut(r.stopLossAt) : null,
    takeProfitAt: r.takeProfitAt ? priceOut(r.takeProfitAt) : null,
    exitAfter: r.exitAfter ?? null,
  };
}

// ---- model → internal (nulls dropped; shapes and references are left to validateSpec) ----

const dropNullKeys = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

function priceIn(path: string, v: unknown, percent: PercentReader): unknown {
  if (!isObj(v)) return v;
  const out = dropNullKeys(v);
  if (isObj(out.from)) out.from = dropNullKeys(out.from);
  if (isObj(out.add)) {
    const add = dropNullKeys(out.add);
    if (isObj(add.of)) add.of = dropNullKeys(add.of);
    out.add = add;
  }
  if (out.percent !== undefined) {
    const f = percent(`${path}.percent`, out.percent, PRICE_PERCENT.min, PRICE_PERCENT.max, PRICE_EXAMPLE);
    if (f === undefined) delete out.percent;
    else out.percent = f;
  }
  return out;
}

export function orderIn(path: string, v: unknown, percent: PercentReader): unknown {
  if (!isObj(v)) return v;
  const out = dropNullKeys(v);
  if (out.price !== undefined) out.price = priceIn(`${path}.price`, out.price, percent);
  return out;
}

/** `sizeRisk` as a size, or undefined (an issue recorded) when out of bounds. */
export const sizeRiskIn = (path: string, v: unknown, percent: PercentReader): Obj | undefined => {
  const f = percent(path, v, RISK_PERCENT.min, RISK_PERCENT.max, '1 means 1% of equity');
  return f === undefined ? undefined : { risk: f };
};

/** The risk group's price fields, converted in place. */
export function riskExtrasIn(risk: unknown, percent: PercentReader): void {
  if (!isObj(risk)) return;
  for (const k of ['stopLossAt', 'takeProfitAt'])
    if (risk[k] !== undefined) risk[k] = priceIn(`risk.${k}`, risk[k], percent);
}

/** validateSpec's advice in the model's units (its examples are fractions). */
export function priceWords(message: string): string {
  return message
    .replace('risk.stopLossPercent (e.g. 0.02)', 'risk.stopLossPercent (e.g. 2)')
    .replace(/: use percent$/, ': use sizePercent');
}

// ---- the JSON Schema ----

/**
 * Adds the fields above to the model's schema (before strictify): Price's percent in percent numbers,
 * the rule's order and sizeRisk, the risk's price stops and exitAfter, the settings' commission.
 */
export function addPriceSchema(
  wire: { $defs?: Record<string, Obj> },
  top: { rule: Obj; risk: Obj; settings: Obj },
  out: { rule: Obj; risk: Obj; settings: Obj },
): void {
  const price = wire.$defs?.Price as { properties: Obj; description?: string } | undefined;
  if (price) {
    price.properties.percent = {
      type: 'number',
      minimum: PRICE_PERCENT.min,
      maximum: PRICE_PERCENT.max,
      description: `a signed percent number: ${PRICE_EXAMPLE}`,
    };
    price.description =
      'from, moved by percent or by add (times × a series), not both; both null for from itself';
  }
  out.rule.sizeRisk = {
    type: 'number',
    minimum: RISK_PERCENT.min,
    maximum: RISK_PERCENT.max,
    description:
      'risk per trade, a percent number: 1 means 1% of equity lost if the stop is hit (needs a stop); null when not stated',
  };
  out.rule.order = top.rule.order;
  for (const k of ['stopLossAt', 'takeProfitAt', 'exitAfter']) out.risk[k] = top.risk[k];
  out.settings.commission = top.settings.commission;
}
