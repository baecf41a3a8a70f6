// Twin of assembly/problems/tokens/sampling.ts: six-token samples in groups of eight from the
// four-lane generator, bit-identical to the kernel. A group takes 2K + 2 outputs (four u32
// each): K for samples 0–3 (lane j = sample j), K for samples 4–7, then one Box–Muller pair
// per lane (z0 for sample j, z1 for sample 4 + j). Feature k is present iff ⌊x/2⁸⌋ < t_k with
// t_k = ⌈2²⁴·p_k⌉ (exactly u < p_k for the 24-bit uniform u); target = Σ present w*_k + σz.
import { boxMuller } from "../../rng/box-muller.js";
import type { XoshiroLanes } from "../../rng/lanes.js";

const f32 = Math.fround;

/** t_k = ⌈2²⁴·p_k⌉ for the f32 presence probabilities p. */
export function presenceThresholds(p: Float32Array): Int32Array {
  return Int32Array.from(p, (pk) => Math.ceil(pk * 16777216));
}

export class TokenSampler {
  private draws = new Uint32Array(0);
  private normals = new Float32Array(8);

  constructor(
    readonly thresholds: Int32Array,
    readonly trueWeights: Float32Array,
    readonly sigma: number,
  ) {}

  /**
   * 8·groups samples: masks[m·stride + b] is word m of sample b's presence mask (bit k of word
   * k/32), targets[b] its target.
   */
  draw(lanes: XoshiroLanes, groups: number, masks: Int32Array, stride: number, targets: Float32Array): void {
    const K = this.thresholds.length;
    const perGroup = 2 * K + 2;
    if (this.draws.length < 4 * perGroup * groups) this.draws = new Uint32Array(4 * perGroup * groups);
    const d = this.draws;
    lanes.fill(d, perGroup * groups);
    const t = this.thresholds;
    const wt = this.trueWeights;
    for (let g = 0; g < groups; g++) {
      const base = g * perGroup;
      for (let h = 0; h < 2; h++) {
        for (let j = 0; j < 4; j++) {
          const b = 8 * g + 4 * h + j;
          let target = 0;
          for (let m = 0; m < K; m += 32) masks[(m >>> 5) * stride + b] = 0;
          for (let k = 0; k < K; k++) {
            if (d[4 * (base + h * K + k) + j] >>> 8 < t[k]) {
              masks[(k >>> 5) * stride + b] |= 1 << (k & 31);
              target = f32(target + wt[k]);
            }
          }
          targets[b] = target;
        }
      }
      const at = 4 * (base + 2 * K);
      for (let j = 0; j < 4; j++) boxMuller(d[at + j], d[at + 4 + j], this.normals, j);
      for (let i = 0; i < 8; i++) targets[8 * g + i] = f32(targets[8 * g + i] + f32(this.sigma * this.normals[i]));
    }
  }
}
