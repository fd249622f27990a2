import { encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameTooLargeError, MAX_FRAME_BYTES } from './codec';

function seeded(n: number, seed = 1): Float64Array {
  let s = seed;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    out[i] = (s / 2147483647) * 1000 - 500;
  }
  return out;
}

describe('transport codec', () => {
  it('round-trips nested messages with every typed array kind', () => {
    const msg = {
      type: 'result',
      seq: 42,
      name: 'ünïcode ✓',
      nested: { equity: seeded(1001), bars: [Int32Array.from([1, -2, 3]), Int8Array.from([-1, 1])] },
      mask: Uint8Array.from([0, 1, 1, 0, 1]),
      special: Float64Array.from([Number.NaN, Number.POSITIVE_INFINITY, -0, 1e-300]),
      empty: new Float64Array(0),
      flag: true,
      none: null,
    };
    const back = decodeFrame(encodeFrame(msg)) as typeof msg;
    expect(back).toEqual(msg);
    expect(back.special[0]).toBeNaN();
    expect(Object.is(back.special[2], -0)).toBe(true);
    expect(back.nested.equity).toBeInstanceOf(Float64Array);
    expect(back.nested.bars[0]).toBeInstanceOf(Int32Array);
    expect(back.mask).toBeInstanceOf(Uint8Array);
  });

  it('places Float64 data 8-byte aligned so the decoder views the frame without copying', () => {
    // Vary what precedes the array so its position in the frame takes every residue mod 8.
    for (let prefix = 0; prefix < 16; prefix++) {
      const frame = encodeFrame({ p: 'x'.repeat(prefix), a: seeded(10, prefix + 1), b: seeded(3, 99) });
      const buffer = frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) as ArrayBuffer;
      const back = decodeFrame(buffer) as { a: Float64Array; b: Float64Array };
      expect(back.a.buffer).toBe(buffer); // a view on the received buffer
      expect(back.a.byteOffset % 8).toBe(0);
      expect(back.b.byteOffset % 8).toBe(0);
      expect(back.a).toEqual(seeded(10, prefix + 1));
    }
  });

  it('decodes correctly from an unaligned buffer by copying', () => {
    const frame = encodeFrame({ a: seeded(100, 5) });
    for (const shift of [1, 3, 5, 7]) {
      const big = new Uint8Array(frame.length + shift);
      big.set(frame, shift);
      const back = decodeFrame(big.subarray(shift)) as { a: Float64Array };
      expect(back.a).toEqual(seeded(100, 5));
      expect(back.a.byteOffset % 8).toBe(0);
    }
  });

  it('is much smaller than JSON for numeric series', () => {
    const equity = seeded(100_000, 3);
    const packed = encodeFrame({ equity });
    const json = JSON.stringify({ equity: Array.from(equity) });
    expect(packed.length).toBeLessThan(100_000 * 8 + 64);
    expect(packed.length * 2).toBeLessThan(json.length);
  });

  it('rejects malformed, oversized and deeply nested frames with a RangeError', () => {
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(0), /empty frame/],
      [Uint8Array.from([0xc1]), /malformed/], // never-used byte
      [encodeFrame({ a: seeded(10) }).subarray(0, 20), /malformed/], // truncated
      [Uint8Array.from([0xd4, 1, 9]), /bad padding|malformed/], // fixext1 Float64 with pad 9
      [Uint8Array.from([0xd5, 1, 0, 7]), /not a multiple|malformed/], // one byte of a Float64
    ];
    for (const [bytes, message] of cases) expect(() => decodeFrame(bytes), String(message)).toThrow(message);
    expect(() => decodeFrame(encodeFrame({ s: 'x'.repeat(2000) }), { maxBytes: 1000 })).toThrow(
      /exceeds the limit/,
    );
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => decodeFrame(encode(deep, { maxDepth: 200 }), { maxDepth: 32 })).toThrow(/deeper than 32/);
  });

  it('refuses to encode a frame over the limit, before allocating it (issue 9: 400 series of 1M bars)', () => {
    const series = new Float64Array(1000);
    const msg = {
      type: 'result',
      seq: 1,
      series: Object.fromEntries([...Array(40)].map((_, i) => [`s${i}`, { values: series }])),
    };
    // 40 × 8,000 bytes: over a 300 kB limit by the arrays alone; under it, the frame is sent.
    expect(() => encodeFrame(msg, { maxBytes: 300_000 })).toThrow(FrameTooLargeError);
    expect(() => encodeFrame(msg, { maxBytes: 300_000 })).toThrow(
      'a frame of at least 314 kB exceeds the limit of 293 kB',
    );
    expect(encodeFrame(msg, { maxBytes: 400_000 }).length).toBeGreaterThan(320_000);
    // The same 3.2 GB an attack once made the server try to allocate: refused by the default limit.
    const huge = new Float64Array(1_000_000);
    const big = { series: Object.fromEntries([...Array(400)].map((_, i) => [`r${i}`, { values: huge }])) };
    expect(() => encodeFrame(big)).toThrow(new RegExp(`limit of ${MAX_FRAME_BYTES / 2 ** 20} MB`));
  });

  it('survives random bytes without crashing (throws or decodes)', () => {
    let s = 7;
    for (let i = 0; i < 2000; i++) {
      const n = 1 + (i % 64);
      const b = new Uint8Array(n);
      for (let j = 0; j < n; j++) {
        s = (s * 16807) % 2147483647;
        b[j] = s & 255;
      }
      try {
        decodeFrame(b);
      } catch (e) {
        expect(e).toBeInstanceOf(RangeError);
      }
    }
  });
});
