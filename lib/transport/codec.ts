// MessagePack for the workspace socket, shared by server and browser. Typed arrays travel as extension
// types whose element data starts at an 8-byte-aligned offset of the frame, so the receiver views a
// Float64Array directly on the received buffer: no copy, no per-number decoding.
//
// Extension payload: [pad: u8][pad bytes][element bytes, little-endian]. The encoder learns the absolute
// position of the payload (ExtensionCodec's `(dataPos) => bytes` form) and chooses `pad` so the element
// bytes land on a multiple of 8 from the start of the frame.
import { Encoder, ExtensionCodec, decode as mpDecode } from '@msgpack/msgpack';

export const EXT_FLOAT64 = 1;
export const EXT_INT32 = 2;
export const EXT_UINT8 = 3;
export const EXT_INT8 = 4;

/** Upper bound on an encoded frame (both directions check their own limit too). */
export const MAX_FRAME_BYTES = 512 * 1024 * 1024;

type Typed = Float64Array | Int32Array | Uint8Array | Int8Array;
type TypedCtor = {
  new (buf: ArrayBufferLike, offset: number, length: number): Typed;
  BYTES_PER_ELEMENT: number;
};

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function encoder(array: Typed) {
  return (dataPos: number): Uint8Array => {
    // dataPos + 1 is where padding starts; the elements must start at a multiple of 8.
    const pad = (8 - ((dataPos + 1) % 8)) % 8;
    const out = new Uint8Array(1 + pad + array.byteLength);
    out[0] = pad;
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), 1 + pad);
    return out;
  };
}

function decoder(Ctor: TypedCtor) {
  return (data: Uint8Array): Typed => {
    if (data.length < 1) throw new RangeError('typed array extension without a header');
    const pad = data[0];
    if (pad > 7 || 1 + pad > data.length)
      throw new RangeError(`typed array extension with bad padding ${pad}`);
    const bytes = data.length - 1 - pad;
    const size = Ctor.BYTES_PER_ELEMENT;
    if (bytes % size !== 0)
      throw new RangeError(`typed array extension of ${bytes} bytes is not a multiple of ${size}`);
    const offset = data.byteOffset + 1 + pad;
    // Zero-copy when the frame's buffer keeps our alignment; a copy otherwise (e.g. a frame that was
    // itself sliced out of a larger buffer at an odd offset).
    if (offset % size === 0) return new Ctor(data.buffer, offset, bytes / size);
    const copy = new Uint8Array(bytes);
    copy.set(data.subarray(1 + pad));
    return new Ctor(copy.buffer, 0, bytes / size);
  };
}

function build(): ExtensionCodec {
  const codec = new ExtensionCodec();
  if (!LITTLE_ENDIAN) throw new Error('the transport codec assumes a little-endian platform');
  const kinds: [number, TypedCtor, (x: unknown) => boolean][] = [
    [EXT_FLOAT64, Float64Array as unknown as TypedCtor, (x) => x instanceof Float64Array],
    [EXT_INT32, Int32Array as unknown as TypedCtor, (x) => x instanceof Int32Array],
    [EXT_UINT8, Uint8Array as unknown as TypedCtor, (x) => x instanceof Uint8Array && !isNodeBuffer(x)],
    [EXT_INT8, Int8Array as unknown as TypedCtor, (x) => x instanceof Int8Array],
  ];
  for (const [type, Ctor, is] of kinds) {
    codec.register({
      type,
      encode: (x) => (is(x) ? encoder(x as Typed) : null),
      decode: decoder(Ctor),
    });
  }
  return codec;
}

// Node's Buffer is a Uint8Array; it keeps msgpack's native bin type.
function isNodeBuffer(x: Uint8Array): boolean {
  const B = (globalThis as { Buffer?: { isBuffer(v: unknown): boolean } }).Buffer;
  return B ? B.isBuffer(x) : false;
}

const codec = build();

/** Bytes of the typed arrays in a message (a few levels deep), to size the encoder's buffer once. */
function typedBytes(v: unknown, depth: number): number {
  if (ArrayBuffer.isView(v)) return v.byteLength + 16;
  if (depth === 0 || v === null || typeof v !== 'object') return 0;
  let sum = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v)) sum += typedBytes(x, depth - 1);
  return sum;
}

/** A message whose frame would be larger than the limit: answered with an error instead of sent. */
export class FrameTooLargeError extends RangeError {
  override readonly name = 'FrameTooLargeError';
}

const mb = (n: number) => (n < 2 ** 20 ? `${Math.ceil(n / 1024)} kB` : `${Math.round(n / 2 ** 20)} MB`);

/**
 * Encodes a message; the result starts at offset 0 of its own buffer, which alignment relies on.
 * Throws FrameTooLargeError, before allocating, when its typed arrays alone exceed `maxBytes`
 * (default MAX_FRAME_BYTES), and when the encoded frame does.
 */
export function encodeFrame(message: unknown, opts: { maxBytes?: number } = {}): Uint8Array {
  const max = opts.maxBytes ?? MAX_FRAME_BYTES;
  const typed = typedBytes(message, 4);
  if (typed > max)
    throw new FrameTooLargeError(`a frame of at least ${mb(typed)} exceeds the limit of ${mb(max)}`);
  // A buffer sized for the message up front, returned without the final copy (a fresh encoder per frame
  // owns it): a result of 1M bars is 16 MB, and growing by doubling then copying out costs three more
  // passes over it and twice its size in zero-filled allocations.
  const encoder = new Encoder({
    extensionCodec: codec,
    ignoreUndefined: true,
    initialBufferSize: 16 * 1024 + typed,
  });
  const bytes = encoder.encodeSharedRef(message);
  if (bytes.length > max)
    throw new FrameTooLargeError(`a frame of ${mb(bytes.length)} exceeds the limit of ${mb(max)}`);
  if (bytes.byteOffset % 8 !== 0) {
    // Alignment was computed relative to the start of `bytes`; make sure that start is 8-aligned.
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    return copy;
  }
  return bytes;
}

export interface DecodeLimits {
  /** Largest frame accepted, in bytes. */
  readonly maxBytes?: number;
  /** Deepest nesting of arrays/maps accepted. */
  readonly maxDepth?: number;
}

/** Decodes a frame. Throws a RangeError (with the cause) for anything malformed or over the limits. */
export function decodeFrame(frame: ArrayBuffer | ArrayBufferView, limits: DecodeLimits = {}): unknown {
  const bytes =
    frame instanceof ArrayBuffer
      ? new Uint8Array(frame)
      : new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
  const max = limits.maxBytes ?? MAX_FRAME_BYTES;
  if (bytes.length > max) throw new RangeError(`frame of ${bytes.length} bytes exceeds the limit of ${max}`);
  if (bytes.length === 0) throw new RangeError('empty frame');
  let value: unknown;
  try {
    value = mpDecode(bytes, {
      extensionCodec: codec,
      maxStrLength: max,
      maxBinLength: max,
      maxExtLength: max,
      maxArrayLength: 1_000_000,
      maxMapLength: 100_000,
    });
  } catch (e) {
    throw new RangeError(`malformed MessagePack frame: ${(e as Error).message}`, { cause: e });
  }
  const depth = limits.maxDepth ?? 32;
  if (depthOf(value, depth + 1) > depth) throw new RangeError(`frame nests deeper than ${depth} levels`);
  return value;
}

function depthOf(v: unknown, cap: number): number {
  if (cap <= 0 || v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return 0;
  let d = 0;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    d = Math.max(d, depthOf(x, cap - 1));
    if (d >= cap) break;
  }
  return d + 1;
}
