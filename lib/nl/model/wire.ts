// The spec as the model writes it: percents as percent numbers in fields named for their unit
// (`feePercent: 0.1` is 0.1%, `stopLossPercent: 5` is 5%), every optional field present as null (what
// OpenAI's strict structured outputs require), the date range and the rule size flattened. This file is
// the one place that converts between it and the internal StrategySpec (fractions); validateSpec stays
// the gate, and its issues are reported back under the model's field names.
import {
  RiskSchema,
  SettingsSchema,
  SizeSchema,
  type SpecIssue,
  type StrategySpec,
  StrategySpecJsonSchema,
} from '../../schema';
import { portfolioIn, portfolioOut, portfolioWireSchema } from './wire-portfolio';
import {
  addPriceSchema,
  operandOut,
  orderIn,
  priceWords,
  riskExtrasIn,
  riskExtrasOut,
  ruleExtrasOut,
  sizeRiskIn,
  toFraction,
  toPercent,
} from './wire-price';

export { toFraction, toPercent } from './wire-price';

type Obj = Record<string, unknown>;
type Schema = Record<string, unknown>;

/** A percent field of the model spec, with the internal (fraction) field it becomes. */
export interface PercentField {
  readonly group: 'settings' | 'risk';
  readonly key: string;
  readonly specKey: 'fee' | 'slippage' | 'stopLoss' | 'takeProfit' | 'trailingStop';
  /** Plain words for questions: "a take profit of 600%". */
  readonly what: string;
  /** The schema's bounds, in percent. */
  readonly min: number;
  readonly max: number;
  /** Above this (in percent) a value is unusual enough to be confirmed with the user. */
  readonly usualMax: number;
  /** "0.1 means 0.1%": the unit, by example. */
  readonly example: string;
  readonly description: string;
}

function bounded(shape: Obj, key: string): { min: number; max: number } {
  const n = (shape[key] as { unwrap(): { minValue: number | null; maxValue: number | null } }).unwrap();
  return { min: toPercent(n.minValue ?? 0), max: toPercent(n.maxValue ?? 1) };
}

function percentField(
  group: PercentField['group'],
  specKey: PercentField['specKey'],
  what: string,
  usualMax: number,
  meaning: string,
  example: string,
): PercentField {
  const shape = (group === 'settings' ? SettingsSchema.shape : RiskSchema.shape) as Obj;
  const b = bounded(shape, specKey);
  return {
    group,
    key: `${specKey}Percent`,
    specKey,
    what,
    ...b,
    usualMax,
    example,
    description: `${meaning}, a percent number: ${example}; null when not stated`,
  };
}

/** Usual ranges: a fee or slippage above 1%, a stop above 50% or a target above 500% is asked about. */
export const PERCENT_FIELDS: readonly PercentField[] = [
  percentField('settings', 'fee', 'fee', 1, 'commission per fill', '0.1 means 0.1%'),
  percentField('settings', 'slippage', 'slippage', 1, 'slippage per fill, of the price', '0.05 means 0.05%'),
  percentField('risk', 'stopLoss', 'stop loss', 50, 'stop below the entry price', '5 means 5%'),
  percentField('risk', 'takeProfit', 'take profit', 500, 'target above the entry price', '10 means 10%'),
  percentField(
    'risk',
    'trailingStop',
    'trailing stop',
    50,
    'stop below the best price since entry',
    '5 means 5%',
  ),
];

const SIZE_PERCENT = (() => {
  const p = SizeSchema.options[0].shape.percent;
  return { min: toPercent(p.minValue ?? 0), max: toPercent(p.maxValue ?? 1) };
})();

// ---- internal → model (the pending strategy shown to the model, the prompt's example) ----

function conditionOut(c: Obj): Obj {
  const out: Obj = { op: c.op };
  for (const k of ['a', 'b', 'n']) if (c[k]) out[k] = operandOut(c[k] as Obj);
  if (c.args) out.args = (c.args as Obj[]).map(conditionOut);
  if (c.arg) out.arg = conditionOut(c.arg as Obj);
  return out;
}

/** The model's form of a spec: what it is shown and what it writes. */
export function toModelSpec(spec: StrategySpec): Obj {
  const m = spec.market;
  const range = (m.range ?? {}) as { from?: string; to?: string; lastYears?: number };
  const s = spec.settings;
  const settings: Obj = { capital: s.capital ?? null };
  const risk: Obj = {};
  for (const f of PERCENT_FIELDS) {
    const v = (f.group === 'settings' ? s : spec.risk)[f.specKey as keyof typeof s & keyof typeof spec.risk];
    (f.group === 'settings' ? settings : risk)[f.key] = typeof v === 'number' ? toPercent(v) : null;
  }
  Object.assign(settings, {
    commission: s.commission ?? null,
    fill: s.fill ?? null,
    units: s.units ?? null,
    pyramiding: s.pyramiding ?? null,
  });
  Object.assign(risk, riskExtrasOut(spec.risk));
  return {
    name: spec.name,
    market: {
      source: m.source,
      symbol: m.symbol ?? null,
      exchange: m.exchange ?? null,
      timeframe: m.timeframe ?? null,
      from: range.from ?? null,
      to: range.to ?? null,
      lastYears: range.lastYears ?? null,
    },
    settings,
    inputs: spec.inputs.map((i) => ({ ...i, title: i.title ?? null })),
    indicators: spec.indicators.map((i) => ({
      id: i.id,
      fn: i.fn,
      args: i.args.map((a) => operandOut(a as Obj)),
      output: i.output ?? null,
      offset: i.offset ?? null,
    })),
    rules: spec.rules.map((r) => {
      const size = (r.size ?? {}) as { percent?: number; units?: number; cash?: number };
      return {
        when: conditionOut(r.when as Obj),
        action: r.action,
        sizePercent: size.percent !== undefined ? toPercent(size.percent) : null,
        sizeUnits: size.units ?? null,
        sizeCash: size.cash ?? null,
        ...ruleExtrasOut(r),
      };
    }),
    risk,
    portfolio: portfolioOut(spec.portfolio),
  };
}

// ---- model → internal ----

const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);

/** null means "not stated": dropped everywhere, so validateSpec sees an absent optional field. */
export function dropNulls(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(dropNulls);
  if (!isObj(x)) return x;
  const out: Obj = {};
  for (const [k, v] of Object.entries(x)) if (v !== null) out[k] = dropNulls(v);
  return out;
}

const RENAMED: Readonly<Record<string, string>> = {
  fee: 'feePercent, a percent number (0.1 means 0.1%)',
  slippage: 'slippagePercent, a percent number (0.05 means 0.05%)',
  stopLoss: 'stopLossPercent, a percent number (5 means 5%)',
  takeProfit: 'takeProfitPercent, a percent number (10 means 10%)',
  trailingStop: 'trailingStopPercent, a percent number (5 means 5%)',
  size: 'sizePercent (a percent number: 25 means 25%), sizeUnits, sizeCash or sizeRisk',
  range: 'from and to (YYYY-MM-DD), or lastYears',
};

class Reader {
  readonly issues: SpecIssue[] = [];

  unknown(path: string, key: string): void {
    const use = RENAMED[key];
    this.issues.push({
      path: path ? `${path}.${key}` : key,
      message: use ? `unknown key "${key}": use ${use}` : `unknown key "${key}": remove it`,
    });
  }

  readonly pct = this.percent.bind(this);

  /** A percent number in [min, max] as a fraction; undefined (with an issue) otherwise. */
  percent(path: string, v: unknown, min: number, max: number, example: string): number | undefined {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.issues.push({ path, message: `must be a number: a percent, ${example}` });
      return undefined;
    }
    if (v < min || v > max) {
      this.issues.push({ path, message: `must be between ${min} and ${max} (a percent number: ${example})` });
      return undefined;
    }
    return toFraction(v);
  }

  /** Copies the known keys (nulls dropped) and converts the percent ones; reports the rest. */
  group(path: 'settings' | 'risk', v: unknown, plain: readonly string[]): unknown {
    if (v === null || v === undefined) return {};
    if (!isObj(v)) return v;
    const out: Obj = {};
    const fields = PERCENT_FIELDS.filter((f) => f.group === path);
    for (const [k, x] of Object.entries(v)) {
      const f = fields.find((p) => p.key === k);
      if (f) {
        if (x === null) continue;
        const frac = this.percent(`${path}.${k}`, x, f.min, f.max, f.example);
        if (frac !== undefined) out[f.specKey] = frac;
      } else if (plain.includes(k)) {
        if (x !== null) out[k] = x;
      } else this.unknown(path, k);
    }
    return out;
  }

  market(v: unknown): unknown {
    if (!isObj(v)) return v;
    const out: Obj = {};
    const range: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      if (['source', 'symbol', 'exchange', 'timeframe'].includes(k)) {
        if (x !== null) out[k] = x;
      } else if (k === 'from' || k === 'to' || k === 'lastYears') {
        if (x !== null) range[k] = x;
      } else this.unknown('market', k);
    }
    if ('lastYears' in range && ('from' in range || 'to' in range))
      this.issues.push({ path: 'market', message: 'give either from/to or lastYears, not both' });
    else if (Object.keys(range).length) out.range = range;
    return out;
  }

  rule(v: unknown, i: number): unknown {
    if (!isObj(v)) return v;
    const path = `rules[${i}]`;
    const out: Obj = {};
    const sizes: Obj[] = [];
    for (const [k, x] of Object.entries(v)) {
      if (k === 'when') out.when = dropNulls(x);
      else if (k === 'action') out.action = x;
      else if (k === 'sizePercent') {
        if (x === null) continue;
        const f = this.percent(`${path}.${k}`, x, SIZE_PERCENT.min, SIZE_PERCENT.max, '25 means 25%');
        if (f !== undefined) sizes.push({ percent: f });
      } else if (k === 'sizeUnits' || k === 'sizeCash') {
        if (x !== null) sizes.push({ [k === 'sizeUnits' ? 'units' : 'cash']: x });
      } else if (k === 'sizeRisk') {
        const s = x === null ? undefined : sizeRiskIn(`${path}.${k}`, x, this.pct);
        if (s) sizes.push(s);
      } else if (k === 'order') {
        if (x !== null) out.order = orderIn(`${path}.order`, x, this.pct);
      } else this.unknown(path, k);
    }
    if (sizes.length > 1)
      this.issues.push({ path, message: 'set at most one of sizePercent, sizeUnits, sizeCash and sizeRisk' });
    else if (sizes.length) out.size = sizes[0];
    return out;
  }
}

/**
 * The internal spec of a model's tool input (not yet validated: pass it to validateSpec), or the issues
 * only this form can have (an internal field name, a percent out of bounds, two sizes on one rule).
 */
export function fromModelSpec(input: unknown): { spec: unknown; issues: SpecIssue[] } {
  if (!isObj(input))
    return { spec: input, issues: [{ path: '', message: 'the strategy must be a JSON object' }] };
  const r = new Reader();
  const spec: Obj = { version: 1 };
  for (const [k, v] of Object.entries(input)) {
    if (k === 'name') spec.name = v;
    else if (k === 'market') spec.market = r.market(v);
    else if (k === 'settings')
      spec.settings = r.group('settings', v, ['capital', 'commission', 'fill', 'units', 'pyramiding']);
    else if (k === 'risk') {
      spec.risk = r.group('risk', v, ['stopLossAt', 'takeProfitAt', 'exitAfter']);
      riskExtrasIn(spec.risk, r.pct);
    } else if (k === 'inputs' || k === 'indicators') spec[k] = v === null ? [] : dropNulls(v);
    else if (k === 'rules') spec.rules = Array.isArray(v) ? v.map((x, i) => r.rule(x, i)) : v;
    else if (k === 'portfolio') {
      const pf = portfolioIn(v, r.issues);
      if (pf !== undefined) spec.portfolio = pf;
    } else if (k === 'version' && v === 1)
      continue; // the internal form's marker: harmless
    else r.unknown('', k);
  }
  spec.settings ??= {};
  spec.risk ??= {};
  spec.inputs ??= [];
  spec.indicators ??= [];
  return { spec, issues: r.issues };
}

/** Internal field names in a validateSpec message, in the model's words ("stopLoss" → "stopLossPercent"). */
export function modelWords(message: string): string {
  return priceWords(message.replace(/\b(stopLoss|takeProfit|trailingStop)\b/g, '$1Percent'));
}

/** A validateSpec issue path in the model's field names ("risk.stopLoss" → "risk.stopLossPercent"). */
export function modelPath(path: string): string {
  const f = PERCENT_FIELDS.find((p) => path === `${p.group}.${p.specKey}`);
  if (f) return `${f.group}.${f.key}`;
  return path
    .replace(/^(rules\[\d+\])\.size\.percent$/, '$1.sizePercent')
    .replace(/^(rules\[\d+\])\.size\.units$/, '$1.sizeUnits')
    .replace(/^(rules\[\d+\])\.size\.cash$/, '$1.sizeCash')
    .replace(/^(rules\[\d+\])\.size\.risk$/, '$1.sizeRisk')
    .replace(/^(rules\[\d+\])\.size$/, '$1.sizePercent/sizeUnits/sizeCash/sizeRisk')
    .replace(/^market\.range\.(\w+)$/, 'market.$1')
    .replace(/^market\.range$/, 'market.from/to/lastYears');
}

// ---- the JSON Schema sent to the model ----

/** Keywords OpenAI's strict mode does not accept; what they said goes to the description or the server. */
const DROPPED = ['minLength', 'maxLength', '$schema'];

/** Strict form of one node: every property required, optional ones nullable, no unsupported keywords. */
function strictify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictify);
  if (!isObj(node)) return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROPPED.includes(k)) continue;
    if (k === 'description') out[k] = String(v).replace(/\bomit\b/g, 'null');
    else if (k === 'const') out.enum = [v];
    else if (k === 'oneOf') out.anyOf = strictify(v);
    else if (k === 'properties' || k === '$defs') {
      const props: Schema = {};
      for (const [p, s] of Object.entries(v as Obj)) props[p] = strictify(s);
      out[k] = props;
    } else out[k] = strictify(v);
  }
  if (out.properties) {
    const props = out.properties as Schema;
    const required = new Set((node.required as string[] | undefined) ?? []);
    for (const p of Object.keys(props)) if (!required.has(p)) props[p] = nullable(props[p] as Schema);
    out.required = Object.keys(props);
    out.additionalProperties = false;
  }
  return out;
}

/** The schema or null: a type list for plain values, anyOf for enums, objects and references. */
export function nullable(s: Schema): Schema {
  const { description, ...rest } = s;
  const d = description === undefined ? {} : { description };
  if (typeof rest.type === 'string' && !rest.enum && rest.type !== 'object' && rest.type !== 'array')
    return { ...s, type: [rest.type, 'null'] };
  return { ...d, anyOf: [...((rest.anyOf as Schema[] | undefined) ?? [rest]), { type: 'null' }] };
}

const props = (s: unknown): Obj => (s as { properties: Obj }).properties;

/**
 * The JSON Schema of the model's spec, valid under OpenAI's strict structured outputs: built from the
 * internal one (so enums, patterns and bounds follow the schema), renamed and flattened where units or
 * nesting differ. `compact` is the local-model form (see compact).
 */
export function modelSpecJsonSchema(opts: { compact?: boolean } = {}): Schema {
  const base = structuredClone(StrategySpecJsonSchema) as Obj;
  const top = props(base);
  const market = props(top.market);
  const range = (market.range as { anyOf: Obj[] }).anyOf;
  const from = props(range[0]);
  const settings = props(top.settings);
  const rule = props((top.rules as { items: Obj }).items);
  const size = (rule.size as { anyOf: Obj[] }).anyOf.map(props);
  const percent = (f: PercentField): Schema => ({
    type: 'number',
    minimum: f.min,
    maximum: f.max,
    description: f.description,
  });
  const { range: _r, ...marketRest } = market;
  const pf = (g: PercentField['group']) => PERCENT_FIELDS.filter((f) => f.group === g);
  const newSettings: Obj = { capital: settings.capital };
  for (const f of pf('settings')) newSettings[f.key] = percent(f);
  for (const k of ['fill', 'units', 'pyramiding']) newSettings[k] = settings[k];
  const wire = {
    ...base,
    properties: {
      name: top.name,
      market: {
        ...(top.market as Obj),
        properties: { ...marketRest, ...from, lastYears: props(range[1]).lastYears },
      },
      settings: { ...(top.settings as Obj), properties: newSettings },
      inputs: top.inputs,
      indicators: top.indicators,
      rules: {
        ...(top.rules as Obj),
        items: {
          ...((top.rules as { items: Obj }).items as Obj),
          properties: {
            when: rule.when,
            action: rule.action,
            sizePercent: {
              type: 'number',
              minimum: SIZE_PERCENT.min,
              maximum: SIZE_PERCENT.max,
              description:
                'a percent number: 25 means 25% of equity (buy/short) or of the position (sell/cover); null for 100%',
            },
            sizeUnits: size[1].units,
            sizeCash: size[2].cash,
          },
          required: ['when', 'action'],
        },
      },
      risk: {
        ...(top.risk as Obj),
        properties: Object.fromEntries(pf('risk').map((f) => [f.key, percent(f)])),
      },
      portfolio: portfolioWireSchema(),
    },
    required: ['name', 'market', 'settings', 'inputs', 'indicators', 'rules', 'risk'],
    description: 'A trading strategy. Percents are percent numbers (5 means 5%). null: not stated.',
  };
  // The local form leaves them out: a 4,096-token context has no room (budget.test.ts); a local model
  // that writes them anyway is still read (fromModelSpec).
  if (opts.compact) {
    delete (wire as { $defs?: Obj }).$defs?.Price;
    // a portfolio too (issue 14): the compact prompt names its fields in one line instead
    delete (wire.properties as Partial<typeof wire.properties>).portfolio;
  } else
    addPriceSchema(
      wire as { $defs?: Record<string, Obj> },
      { rule, risk: props(top.risk), settings },
      {
        rule: wire.properties.rules.items.properties,
        risk: wire.properties.risk.properties,
        settings: newSettings,
      },
    );
  const strict = strictify(wire) as Schema;
  return opts.compact ? (withoutHtf(compact(strict) as Schema) as Schema) : strict;
}

/** The local form leaves out higher-timeframe conditions too (the budget); a local model's htf is still read. */
function withoutHtf(s: Schema): Schema {
  const cond = (s as { $defs?: { Condition?: { anyOf?: Obj[] } } }).$defs?.Condition;
  if (cond?.anyOf)
    cond.anyOf = cond.anyOf.filter(
      (v) => !((props(v).op as { enum?: unknown[] })?.enum ?? []).includes('htf'),
    );
  return s;
}

const COMPACT_DROPPED = ['required', 'additionalProperties', 'pattern', 'maxItems', 'minItems'];
/** Enums this long (functions, outputs, timeframes) are listed in the compact prompt instead. */
const LONG_ENUM = 10;

/**
 * The compact form for local models, whose servers do not enforce a schema: the same shape without what
 * only a strict decoder uses (required lists, closed objects, patterns, null alternatives), without what
 * the compact prompt lists (long enums) or the server checks (bounds), and with only the descriptions
 * that carry a unit, and their bounds. An absent field reads as null (fromModelSpec).
 */
function compact(s: unknown, root = true): unknown {
  if (Array.isArray(s)) return s.map((x) => compact(x, false));
  if (!isObj(s)) return s;
  let node: Obj = s;
  const any = node.anyOf as Obj[] | undefined;
  if (any?.length === 2 && (any[1] as Obj).type === 'null')
    node = { ...(any[0] as Obj), ...(node.description ? { description: node.description } : {}) };
  if (Array.isArray(node.type)) node = { ...node, type: node.type[0] };
  const unit = /percent number/.test(String(node.description ?? ''));
  const out: Obj = {};
  for (const [k, v] of Object.entries(node)) {
    if (COMPACT_DROPPED.includes(k)) continue;
    if (k === 'description' && !root && !unit) continue;
    if (k === 'description' && unit) out[k] = String(v).replace(/; null (when not stated|for 100%)$/, '');
    else if ((k === 'minimum' || k === 'maximum') && !unit) continue;
    else if (k === 'enum' && (v as unknown[]).length > LONG_ENUM) continue;
    else if (k === 'properties' || k === '$defs')
      out[k] = Object.fromEntries(Object.entries(v as Obj).map(([p, x]) => [p, compact(x, false)]));
    else out[k] = compact(v, false);
  }
  return out;
}
