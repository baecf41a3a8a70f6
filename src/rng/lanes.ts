// Twin of assembly/rng-lanes.ts: four xoshiro128** generators side by side, bit-identical to
// the kernel. The state is word-major (s[4i + j]: word i of lane j), as in WASM memory.
import { seedLanes } from "./seed.js";

export class XoshiroLanes {
  readonly state: Uint32Array;

  constructor(words: Uint32Array) {
    this.state = Uint32Array.from(words);
  }

  static seeded(seed: number, stream = 0): XoshiroLanes {
    return new XoshiroLanes(seedLanes(seed, stream));
  }

  /** `count` outputs of four u32 (lane j of output i at out[4i + j]); advances every lane. */
  fill(out: Uint32Array, count: number): void {
    const s = this.state;
    for (let j = 0; j < 4; j++) {
      let s0 = s[j],
        s1 = s[4 + j],
        s2 = s[8 + j],
        s3 = s[12 + j];
      for (let i = 0; i < count; i++) {
        const x = Math.imul(s1, 5);
        out[4 * i + j] = Math.imul((x << 7) | (x >>> 25), 9);
        const t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 11) | (s3 >>> 21);
      }
      s[j] = s0;
      s[4 + j] = s1;
      s[8 + j] = s2;
      s[12 + j] = s3;
    }
  }
}
