// Twin of assembly/rng.ts: xoshiro128** and its samplers, bit-identical to the kernel.
import { ln } from "../math/ln.js";
import { seedState } from "./seed.js";
import { ConfigError } from "../config/error.js";

export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  /** From the four u32 state words (not all zero: that state outputs zeros forever). */
  constructor(words: Uint32Array) {
    if (!(words instanceof Uint32Array) || words.length !== 4) {
      throw new ConfigError(
        "words",
        `must be the four u32 state words, a Uint32Array of length 4 (a seed: Xoshiro128.seeded(seed)) (got ${typeof words === "number" ? words : words === null ? "null" : typeof words})`,
      );
    }
    if ((words[0] | words[1] | words[2] | words[3]) === 0)
      throw new ConfigError("words", "must not be all zero (that state only ever outputs zeros)");
    [this.s0, this.s1, this.s2, this.s3] = words;
  }

  static seeded(seed: number, stream = 0): Xoshiro128 {
    return new Xoshiro128(seedState(seed, stream));
  }

  /** A copy of the generator, spare normal included. */
  clone(): Xoshiro128 {
    const c = new Xoshiro128(Uint32Array.of(this.s0, this.s1, this.s2, this.s3));
    c.spare = this.spare;
    return c;
  }

  /** Resets this generator to another's state (replaying its draws). */
  copyFrom(other: Xoshiro128): void {
    [this.s0, this.s1, this.s2, this.s3, this.spare] = [other.s0, other.s1, other.s2, other.s3, other.spare];
  }

  nextU32(): number {
    const s1 = this.s1;
    const x = Math.imul(s1, 5);
    const r = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return r;
  }

  /** Uniform on [0,1) with 24 random bits (exact in f32). */
  uniformF32(): number {
    return (this.nextU32() >>> 8) * 5.9604644775390625e-8;
  }

  /** Uniform on [0,1) with 32 random bits. */
  uniformF64(): number {
    return this.nextU32() * 2.3283064365386963e-10;
  }

  /** Standard normal, Marsaglia's polar method; the second value is kept as a spare. */
  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    let v1: number, v2: number, s: number;
    do {
      v1 = 2.0 * this.uniformF64() - 1.0;
      v2 = 2.0 * this.uniformF64() - 1.0;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1.0 || s === 0.0);
    const factor = Math.sqrt((-2.0 * ln(s)) / s);
    this.spare = v2 * factor;
    return v1 * factor;
  }
}
