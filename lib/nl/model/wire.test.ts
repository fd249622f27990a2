// The model's form of a spec: percent numbers in fields named for their unit, converted in one place;
// and its JSON Schema, checked against OpenAI's strict structured-output rules.
import { describe, expect, it } from 'vitest';
import { validateSpec } from '../../schema';
import { EXAMPLE_SPECS } from '../../schema/examples-testkit';
import { EXAMPLE_SPEC } from './prompt';
import { edit } from './testkit';
import { ToolSession } from './tools';
import { dropNulls, fromModelSpec, modelPath, modelSpecJsonSchema, toModelSpec } from './wire';

type Node = Record<string, unknown>;

// OpenAI's strict mode (Structured Outputs, function calling with strict: true): the root is an object,
// every object lists all its properties as required and sets additionalProperties: false, optional
// values are nullable, composition is anyOf only, and only these keywords are accepted (minLength,
// maxLength, oneOf, allOf, not, if/then/else, patternProperties, default, const... are refused).
const ALLOWED = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'enum',
  'description',
  'title',
  '$ref',
  '$defs',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
]);
const MAX_DEPTH = 10;
const MAX_PROPERTIES = 5000;

/** Every way `schema` breaks the strict-mode rules, as "path: what". */
function strictViolations(schema: Node): string[] {
  const out: string[] = [];
  if (schema.type !== 'object' || schema.anyOf) out.push('root: must be an object, not anyOf');
  const defs = (schema.$defs ?? {}) as Record<string, Node>;
  let properties = 0;
  const walk = (n: Node, path: string, depth: number) => {
    for (const k of Object.keys(n)) if (!ALLOWED.has(k)) out.push(`${path}: keyword "${k}" is not supported`);
    if (typeof n.$ref === 'string') {
      const name = /^#\/\$defs\/(\w+)$/.exec(n.$ref)?.[1];
      if (!name || !defs[name]) out.push(`${path}: $ref ${n.$ref} does not resolve`);
    }
    const types = Array.isArray(n.type) ? n.type : [n.type];
    if (types.includes('object') || n.properties) {
      if (depth > MAX_DEPTH) out.push(`${path}: nested over ${MAX_DEPTH} objects deep`);
      const props = Object.keys((n.properties ?? {}) as Node);
      properties += props.length;
      if (n.additionalProperties !== false) out.push(`${path}: additionalProperties must be false`);
      const req = (n.required ?? []) as string[];
      if ([...props].sort().join() !== [...req].sort().join())
        out.push(`${path}: every property must be required (${props.filter((p) => !req.includes(p))})`);
    }
    if (Array.isArray(n.enum) && n.enum.length > 1000) out.push(`${path}: over 1000 enum values`);
    const objectDepth = types.includes('object') ? depth + 1 : depth;
    for (const [p, s] of Object.entries((n.properties ?? {}) as Record<string, Node>))
      walk(s, `${path}.${p}`, objectDepth);
    if (n.items) walk(n.items as Node, `${path}[]`, objectDepth);
    for (const [i, s] of ((n.anyOf ?? []) as Node[]).entries()) walk(s, `${path}|${i}`, depth);
  };
  walk(schema, '', 1);
  for (const [name, d] of Object.entries(defs)) walk(d, `$defs.${name}`, 1);
  if (properties > MAX_PROPERTIES) out.push(`over ${MAX_PROPERTIES} properties`);
  return out;
}

/** A small validator for the subset above, to check the model's form against the schema sent. */
function conforms(v: unknown, s: Node, root: Node): boolean {
  if (typeof s.$ref === 'string')
    return conforms(v, (root.$defs as Record<string, Node>)[s.$ref.split('/').pop() as string], root);
  if (s.anyOf) return (s.anyOf as Node[]).some((x) => conforms(v, x, root));
  if (s.enum && !(s.enum as unknown[]).includes(v)) return false;
  const types = (Array.isArray(s.type) ? s.type : [s.type]) as string[];
  const kind =
    v === null
      ? 'null'
      : Array.isArray(v)
        ? 'array'
        : Number.isInteger(v) && types.includes('integer')
          ? 'integer'
          : typeof v;
  if (s.type && !types.includes(kind)) return false;
  if (typeof v === 'number' && ((s.minimum as number) > v || (s.maximum as number) < v)) return false;
  if (typeof v === 'string' && s.pattern && !new RegExp(s.pattern as string).test(v)) return false;
  if (Array.isArray(v)) return v.every((x) => conforms(x, s.items as Node, root));
  if (kind === 'object') {
    const props = (s.properties ?? {}) as Record<string, Node>;
    const o = v as Node;
    if (s.additionalProperties === false && Object.keys(o).some((k) => !(k in props))) return false;
    if (((s.required ?? []) as string[]).some((k) => !(k in o))) return false;
    return Object.entries(o).every(([k, x]) => conforms(x, props[k], root));
  }
  return true;
}

describe("the model spec's JSON Schema", () => {
  const strict = modelSpecJsonSchema();

  it('is valid under OpenAI strict mode, and so are the schemas of every tool sent', () => {
    expect(strictViolations(strict)).toEqual([]);
    const session = new ToolSession({ strict: true, pending: EXAMPLE_SPEC });
    const tools = Object.entries(session.tools());
    expect(tools.map(([n]) => n).sort()).toEqual([
      'ask_clarification',
      'propose_strategy',
      'revise_strategy',
    ]);
    for (const [, t] of tools) {
      expect(t).toMatchObject({ strict: true });
      const json = (t.inputSchema as { jsonSchema: Node }).jsonSchema;
      expect(strictViolations(json)).toEqual([]);
    }
  });

  it('the check catches each rule broken (it can fail)', () => {
    const broken = (f: (s: Node) => void) => {
      const s = structuredClone(strict);
      f(s);
      return strictViolations(s);
    };
    const market = (s: Node) => (s.properties as Record<string, Node>).market;
    expect(broken((s) => (market(s).required as string[]).pop())).toEqual([
      expect.stringMatching(/^\.market: every property must be required \(lastYears\)/),
    ]);
    expect(broken((s) => delete market(s).additionalProperties)).toEqual([
      '.market: additionalProperties must be false',
    ]);
    expect(broken((s) => ((s.properties as Record<string, Node>).name.maxLength = 64))).toEqual([
      '.name: keyword "maxLength" is not supported',
    ]);
    expect(broken((s) => (s.anyOf = [{}]))).toContain('root: must be an object, not anyOf');
  });

  it('has the percent fields, named and described with their unit, and no fraction fields', () => {
    const p = strict.properties as Record<string, Node>;
    const keys = (n: Node) => Object.keys(n.properties as Node);
    expect(keys(p.settings)).toEqual([
      'capital',
      'feePercent',
      'slippagePercent',
      'fill',
      'units',
      'pyramiding',
      'commission',
    ]);
    expect(keys(p.risk)).toEqual([
      'stopLossPercent',
      'takeProfitPercent',
      'trailingStopPercent',
      'stopLossAt',
      'takeProfitAt',
      'exitAfter',
    ]);
    const fee = (p.settings.properties as Record<string, Node>).feePercent;
    expect(fee).toMatchObject({ type: ['number', 'null'], minimum: 0, maximum: 10 });
    expect(fee.description).toMatch(/percent number: 0\.1 means 0\.1%/);
    const rule = ((p.rules as Node).items as Node).properties as Record<string, Node>;
    expect(Object.keys(rule)).toEqual([
      'when',
      'action',
      'sizePercent',
      'sizeUnits',
      'sizeCash',
      'sizeRisk',
      'order',
    ]);
    expect(rule.sizePercent.description).toMatch(/25 means 25%/);
    // A price's move is the one field named percent, and it is a signed percent number too.
    const { Price, ...defs } = strict.$defs as Record<string, Node>;
    const move = (Price.properties as Record<string, Node>).percent;
    expect(move).toMatchObject({ type: ['number', 'null'], minimum: -99, maximum: 1000 });
    expect(move.description).toMatch(/signed percent number: -1 means 1% below/);
    expect(JSON.stringify({ ...strict, $defs: defs })).not.toMatch(
      /"(stopLoss|takeProfit|trailingStop|fee|slippage|percent|version)"/,
    );
  });

  it('accepts the model form of every example strategy (all keys present, unstated ones null)', () => {
    for (const { spec } of EXAMPLE_SPECS) expect(conforms(toModelSpec(spec), strict, strict)).toBe(true);
    // And refuses what strict mode would never produce: a missing key, an internal field name.
    const w = toModelSpec(EXAMPLE_SPEC) as Record<string, Node>;
    const { capital: _, ...noCapital } = w.settings;
    expect(conforms({ ...w, settings: noCapital }, strict, strict)).toBe(false);
    expect(conforms({ ...w, risk: { stopLoss: 0.03 } }, strict, strict)).toBe(false);
  });

  it('in its compact form (local servers) keeps the shape and the unit descriptions, and little else', () => {
    const compact = modelSpecJsonSchema({ compact: true });
    const text = JSON.stringify(compact);
    expect(text).not.toMatch(/"required"|"additionalProperties"|"pattern"|"null"/);
    expect(text).toContain('0.1 means 0.1%');
    expect(text).toContain('stopLossPercent');
    expect(text.length).toBeLessThan(JSON.stringify(strict).length * 0.7);
  });
});

describe('fromModelSpec and toModelSpec', () => {
  it('round-trip every example strategy exactly, with and without the nulls', () => {
    for (const { spec } of EXAMPLE_SPECS) {
      const wire = JSON.parse(JSON.stringify(toModelSpec(spec)));
      for (const form of [wire, dropNulls(wire)]) {
        const back = fromModelSpec(form);
        expect(back.issues).toEqual([]);
        expect(validateSpec(back.spec)).toEqual({ ok: true, spec });
      }
    }
  });

  it('reads percent numbers as percents: 0.1 is 0.1%, 5 is 5%, 25 is a quarter', () => {
    const w = toModelSpec(EXAMPLE_SPEC) as Record<string, Node>;
    const rules = w.rules as unknown as Node[];
    const back = fromModelSpec({
      ...w,
      settings: { ...w.settings, feePercent: 0.1, slippagePercent: 0.07 },
      risk: { stopLossPercent: 5, takeProfitPercent: 600, trailingStopPercent: null },
      rules: [{ ...rules[0], sizePercent: 25 }, rules[1]],
      market: { ...w.market, from: '2018-01-01', to: null },
    });
    expect(back.issues).toEqual([]);
    const v = validateSpec(back.spec);
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    expect(v.spec.settings).toEqual({ fee: 0.001, slippage: 0.0007 });
    expect(v.spec.risk).toEqual({ stopLoss: 0.05, takeProfit: 6 });
    expect(v.spec.rules[0].size).toEqual({ percent: 0.25 });
    expect(v.spec.market.range).toEqual({ from: '2018-01-01' });
  });

  it('refuses the internal fraction fields, naming the percent field to use', () => {
    const w = toModelSpec(EXAMPLE_SPEC) as Record<string, Node>;
    const rules = w.rules as unknown as Node[];
    const { issues } = fromModelSpec({
      ...w,
      version: 1,
      settings: { fee: 0.001 },
      risk: { stopLoss: 0.03 },
      rules: [{ when: rules[0].when, action: 'buy', size: { percent: 0.5 } }],
      market: { source: 'yahoo', symbol: 'AAPL', range: { lastYears: 3 } },
    });
    expect(issues).toEqual([
      { path: 'market.range', message: 'unknown key "range": use from and to (YYYY-MM-DD), or lastYears' },
      {
        path: 'settings.fee',
        message: 'unknown key "fee": use feePercent, a percent number (0.1 means 0.1%)',
      },
      { path: 'rules[0].size', message: expect.stringMatching(/^unknown key "size": use sizePercent/) },
      {
        path: 'risk.stopLoss',
        message: 'unknown key "stopLoss": use stopLossPercent, a percent number (5 means 5%)',
      },
    ]);
  });

  it('bounds percents in percent, and refuses two sizes or two kinds of date range', () => {
    const w = toModelSpec(EXAMPLE_SPEC) as Record<string, Node>;
    const rules = w.rules as unknown as Node[];
    const { issues } = fromModelSpec({
      ...w,
      settings: { feePercent: 20, slippagePercent: '0.1' },
      risk: { stopLossPercent: 100 },
      rules: [
        { ...rules[0], sizePercent: 50, sizeCash: 100 },
        { ...rules[1], sizePercent: 150 },
      ],
      market: { source: 'yahoo', symbol: 'AAPL', from: '2018-01-01', lastYears: 2 },
    });
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'market: give either from/to or lastYears, not both',
      'settings.feePercent: must be between 0 and 10 (a percent number: 0.1 means 0.1%)',
      'settings.slippagePercent: must be a number: a percent, 0.05 means 0.05%',
      'rules[0]: set at most one of sizePercent, sizeUnits, sizeCash and sizeRisk',
      'rules[1].sizePercent: must be between 0.01 and 100 (a percent number: 25 means 25%)',
      'risk.stopLossPercent: must be between 0.01 and 99.9 (a percent number: 5 means 5%)',
    ]);
  });

  it('names validation issues in the model fields', () => {
    expect(modelPath('risk.stopLoss')).toBe('risk.stopLossPercent');
    expect(modelPath('settings.fee')).toBe('settings.feePercent');
    expect(modelPath('rules[2].size.percent')).toBe('rules[2].sizePercent');
    expect(modelPath('rules[2].size')).toBe('rules[2].sizePercent/sizeUnits/sizeCash/sizeRisk');
    expect(modelPath('rules[2].size.risk')).toBe('rules[2].sizeRisk');
    expect(modelPath('market.range.from')).toBe('market.from');
    expect(modelPath('indicators[0].fn')).toBe('indicators[0].fn');
    // An exit with a size, as validateSpec reports it, in the model's words.
    const w = toModelSpec(
      edit(EXAMPLE_SPEC, (s) => (s.rules = [s.rules[0], { ...s.rules[1], action: 'exit' }])),
    );
    (w.rules as Node[])[1].sizePercent = 50;
    const v = validateSpec(fromModelSpec(w).spec);
    expect(v.ok === false && v.issues.map((i) => modelPath(i.path))).toEqual([
      'rules[1].sizePercent/sizeUnits/sizeCash/sizeRisk',
    ]);
  });
});
