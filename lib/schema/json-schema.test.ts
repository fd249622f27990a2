import { describe, expect, it } from 'vitest';
import { randomSpec } from './arbitrary';
import { FIELDS, INDICATOR_FNS } from './consts';
import { EXAMPLE_SPECS } from './examples-testkit';
import { StrategySpecJsonSchema } from './json-schema';
import { rng } from './testkit';

type Node = Record<string, unknown>;
const schema = StrategySpecJsonSchema as Node;

/** Keywords function-calling APIs (OpenAI's included) accept; oneOf/allOf/not/if/prefixItems... are out. */
const ALLOWED = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'enum',
  'const',
  'description',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  '$ref',
  '$defs',
]);

function walk(n: Node, visit: (n: Node, where: string) => void, where = '#'): void {
  visit(n, where);
  for (const k of ['properties', '$defs'] as const)
    for (const [name, c] of Object.entries((n[k] as Record<string, Node>) ?? {}))
      walk(c, visit, `${where}/${k}/${name}`);
  if (n.items) walk(n.items as Node, visit, `${where}/items`);
  ((n.anyOf as Node[]) ?? []).forEach((c, i) => {
    walk(c, visit, `${where}/anyOf/${i}`);
  });
}

const resolveRef = (ref: string): Node => {
  const m = /^#\/\$defs\/([A-Za-z0-9_]+)$/.exec(ref);
  if (!m) throw new Error(`non-local $ref ${ref}`);
  return (schema.$defs as Record<string, Node>)[m[1]];
};

/** A small validator for exactly the keywords above: an independent check of the JSON Schema. */
function conforms(v: unknown, s: Node, depth = 0): boolean {
  if (depth > 200) return false;
  if (s.$ref) return conforms(v, resolveRef(s.$ref as string), depth + 1);
  if (s.anyOf) return (s.anyOf as Node[]).some((c) => conforms(v, c, depth + 1));
  if ('const' in s && v !== s.const) return false;
  if (s.enum && !(s.enum as unknown[]).includes(v)) return false;
  switch (s.type) {
    case 'object': {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
      const o = v as Record<string, unknown>;
      const props = (s.properties as Record<string, Node>) ?? {};
      if (((s.required as string[]) ?? []).some((k) => !(k in o))) return false;
      return Object.entries(o).every(([k, x]) =>
        props[k] ? conforms(x, props[k], depth + 1) : s.additionalProperties !== false,
      );
    }
    case 'array':
      if (!Array.isArray(v)) return false;
      if (s.minItems !== undefined && v.length < (s.minItems as number)) return false;
      if (s.maxItems !== undefined && v.length > (s.maxItems as number)) return false;
      return v.every((x) => conforms(x, s.items as Node, depth + 1));
    case 'string':
      if (typeof v !== 'string') return false;
      if (s.minLength !== undefined && v.length < (s.minLength as number)) return false;
      if (s.maxLength !== undefined && v.length > (s.maxLength as number)) return false;
      return s.pattern === undefined || new RegExp(s.pattern as string, 'u').test(v);
    case 'number':
    case 'integer':
      if (typeof v !== 'number' || (s.type === 'integer' && !Number.isInteger(v))) return false;
      if (s.minimum !== undefined && v < (s.minimum as number)) return false;
      return s.maximum === undefined || v <= (s.maximum as number);
    default:
      throw new Error(`unexpected type ${String(s.type)}`);
  }
}

describe('StrategySpecJsonSchema', () => {
  it('is a plain JSON object schema with closed objects and only accepted keywords', () => {
    expect(schema.type).toBe('object');
    expect(schema.$schema).toBeUndefined();
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(JSON.stringify(schema).length).toBeLessThan(12_000);
    let objects = 0;
    walk(schema, (n, where) => {
      for (const k of Object.keys(n)) if (!ALLOWED.has(k)) throw new Error(`${where}: keyword '${k}'`);
      if (n.$ref) resolveRef(n.$ref as string);
      if (n.type === 'array') expect(n.items, where).toBeDefined();
      if (n.type === 'object') {
        objects++;
        expect(n.additionalProperties, where).toBe(false);
        for (const r of (n.required as string[]) ?? [])
          expect(Object.keys(n.properties as Node), where).toContain(r);
      }
      if (n.pattern) expect(() => new RegExp(n.pattern as string, 'u'), where).not.toThrow();
      expect(
        n.type === undefined || ['object', 'array', 'string', 'number', 'integer'].includes(n.type as string),
        where,
      ).toBe(true);
    });
    expect(objects).toBeGreaterThan(15);
  });

  it('takes its vocabulary from the registry and the language', () => {
    const props = (schema.properties as Record<string, Node>).indicators.items as Node;
    const fn = (props.properties as Record<string, Node>).fn;
    expect(fn.enum).toEqual([...INDICATOR_FNS]);
    expect(INDICATOR_FNS).not.toContain('crossover');
    const operand = (schema.$defs as Record<string, Node>).Operand.anyOf as Node[];
    expect(((operand[0].properties as Record<string, Node>).field as Node).enum).toEqual([...FIELDS]);
    expect(Object.keys(schema.$defs as Node).sort()).toEqual(['Condition', 'Operand', 'Price']);
  });

  it('accepts every valid spec (hand-written and 500 random ones)', () => {
    for (const { spec } of EXAMPLE_SPECS) expect(conforms(spec, schema)).toBe(true);
    const r = rng(99);
    for (let k = 0; k < 500; k++) {
      const s = randomSpec(r, k);
      if (!conforms(s, schema)) throw new Error(JSON.stringify(s));
    }
  });

  it('rejects what zod rejects on shape', () => {
    const s = EXAMPLE_SPECS[0].spec;
    const bad: unknown[] = [
      { ...s, extra: 1 },
      { ...s, version: 2 },
      { ...s, settings: { fee: 0.5 } },
      {
        ...s,
        rules: [{ ...s.rules[0], when: { op: 'crossesover', a: { field: 'close' }, b: { value: 1 } } }],
      },
      { ...s, rules: [{ ...s.rules[0], when: { op: 'and', args: [s.rules[0].when] } }] },
      { ...s, indicators: [{ id: 'x', fn: 'zigzag', args: [] }] },
      { ...s, indicators: [{ id: '1x', fn: 'sma', args: [] }] },
      {
        ...s,
        rules: [{ ...s.rules[0], when: { op: '>', a: { value: 1, offset: 2 }, b: { field: 'close' } } }],
      },
    ];
    for (const b of bad) expect(conforms(b, schema)).toBe(false);
  });
});
