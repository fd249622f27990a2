// Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna) seeded through splitmix32, and
// standard normals by the polar Box–Muller method. Identical sequences on every platform.

function splitmix32(state: Uint32Array): number {
  state[0] = (state[0]! + 0x9e3779b9) | 0;
  let z = state[0]!;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Rng {
  // State in typed arrays: plain fields would flip between small-integer and double representations
  // as the bits change, and V8 would then box every store.
  private readonly s = new Int32Array(4);
  private readonly spare = new Float64Array(1);
  private hasSpare = false;

  /** Any safe integer seed; different seeds give unrelated streams. */
  constructor(seed: number) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    const st = new Uint32Array([lo ^ Math.imul(hi, 0x27d4eb2f)]);
    for (let i = 0; i < 4; i++) this.s[i] = splitmix32(st);
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) this.s[0] = 1; // all-zero is a fixed point
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const s = this.s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const s2 = s[2]! ^ s0;
    const s3 = s[3]! ^ s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    s[0] = s0 ^ s3;
    s[1] = s1 ^ s2;
    s[2] = s2 ^ (s1 << 9);
    s[3] = rotl(s3, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform in (0, 1]: safe to take the logarithm of. */
  nextOpen(): number {
    return (this.nextU32() + 1) / 4294967296;
  }

  /** Standard normal N(0, 1). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare[0]!;
    }
    let u: number;
    let v: number;
    let q: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      q = u * u + v * v;
    } while (q >= 1 || q === 0);
    const f = Math.sqrt((-2 * Math.log(q)) / q);
    this.spare[0] = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /**
   * Fills `out` with uniforms in [0, 1), the same values as calling next() out.length times. Bulk
   * fills keep hot loops free of calls (a non-inlined call returning a double allocates).
   */
  fillUniform(out: Float64Array): void {
    const st = this.s;
    let s0 = st[0]!;
    let s1 = st[1]!;
    let s2 = st[2]!;
    let s3 = st[3]!;
    for (let i = 0; i < out.length; i++) {
      const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      s2 ^= s0;
      s3 ^= s1;
      const t = s1 << 9;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      out[i] = r / 4294967296;
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
  }

  /** Fills `out` with standard normals (polar method; its own pairs, independent of normal()'s spare). */
  fillNormal(out: Float64Array, scratch: Float64Array): void {
    let i = 0;
    const n = out.length;
    while (i < n) {
      // Each accepted pair needs 4/π ≈ 1.27 tries; draw uniforms for a batch and refill as needed.
      this.fillUniform(scratch);
      for (let k = 0; k + 1 < scratch.length && i < n; k += 2) {
        const u = 2 * scratch[k]! - 1;
        const v = 2 * scratch[k + 1]! - 1;
        const q = u * u + v * v;
        if (q >= 1 || q === 0) continue;
        const f = Math.sqrt((-2 * Math.log(q)) / q);
        out[i++] = u * f;
        if (i < n) out[i++] = v * f;
      }
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
