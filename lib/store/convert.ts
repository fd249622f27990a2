// Conversion between plain JS values and DuckDB values at the driver boundary, and the binary
// encoding of equity curves. Conventions: every time is epoch milliseconds (number) in JS and a
// TIMESTAMP in DuckDB; BIGINT becomes a number when it is a safe integer; JSON columns are parsed;
// BLOBs are plain Uint8Arrays.
import {
  blobValue,
  type DuckDBType,
  DuckDBTypeId,
  type DuckDBValue,
  type DuckDBValueConverter,
  type JS,
  JSDuckDBValueConverter,
  timestampValue,
} from '@duckdb/node-api';
import { StoreError } from './errors';

/** A value the drizzle callback may receive as a query parameter. */
export function toDuckDBParam(value: unknown, index: number): DuckDBValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return value;
    case 'number':
      return value;
    case 'object':
      if (value instanceof Date) {
        const ms = value.getTime();
        if (Number.isNaN(ms)) throw paramError(index, 'an invalid Date');
        return timestampValue(BigInt(ms) * 1000n);
      }
      if (value instanceof Uint8Array) return blobValue(value);
      break;
  }
  throw paramError(index, typeof value);
}

function paramError(index: number, what: string): StoreError {
  return new StoreError(
    'bad-input',
    `query parameter $${index + 1} is ${what}, which cannot be sent to DuckDB`,
    {
      hint: 'pass strings, numbers, booleans, Dates, Uint8Arrays or null; serialize objects to JSON first',
    },
  );
}

/**
 * Reads DuckDB values as plain JS, recursing through lists and structs with itself. JSON columns are
 * parsed by `parseJsonColumns`: the type handed to a converter comes from the vector, which does not
 * carry the JSON alias; only the result's column types do.
 */
export const plainConverter: DuckDBValueConverter<unknown> = (
  value: DuckDBValue,
  type: DuckDBType,
  self: DuckDBValueConverter<unknown>,
) => {
  if (value === null) return null;
  // Nested values (lists, structs) come back through `self`, so they get these conversions too.
  const js: unknown = JSDuckDBValueConverter(value, type, self as DuckDBValueConverter<JS>);
  if (typeof js === 'bigint') return Number.isSafeInteger(Number(js)) ? Number(js) : js;
  if (js instanceof Date) return js.getTime();
  // The driver hands out Node Buffers; copy into a plain Uint8Array so results compare and serialize
  // like ordinary typed arrays and do not pin the driver's memory.
  if (js instanceof Uint8Array) return new Uint8Array(js);
  return js;
};

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/** Float64 little-endian bytes, the storage format of equity curves. */
export function encodeFloat64(values: Float64Array): Uint8Array {
  if (LITTLE_ENDIAN)
    return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return out;
}

export function decodeFloat64(bytes: Uint8Array, what: string): Float64Array {
  if (bytes.byteLength % 8 !== 0)
    throw new StoreError(
      'query-failed',
      `${what} is ${bytes.byteLength} bytes, not a whole number of Float64s`,
      {
        hint: 'the stored value is corrupt; re-run the strategy to rewrite it',
      },
    );
  const n = bytes.byteLength / 8;
  // Copy into a fresh buffer: the source may not be 8-byte aligned, which Float64Array requires.
  const copy = bytes.slice();
  if (LITTLE_ENDIAN) return new Float64Array(copy.buffer, 0, n);
  const out = new Float64Array(n);
  const view = new DataView(copy.buffer);
  for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

/** Indexes of the result columns whose type is JSON. */
export function jsonColumns(types: readonly DuckDBType[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < types.length; i++)
    if (types[i].typeId === DuckDBTypeId.VARCHAR && types[i].alias === 'JSON') out.push(i);
  return out;
}

export function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch (cause) {
    throw new StoreError('query-failed', `DuckDB returned malformed JSON: ${value.slice(0, 80)}`, { cause });
  }
}
