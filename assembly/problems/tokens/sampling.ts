// Six-token samples in groups of eight from the four-lane generator (rng-lanes.ts); twin:
// src/problems/tokens/sampling.ts. A group takes 2K + 2 outputs of four u32, in this order:
//   K outputs: feature k of samples 0–3 (lane j = sample j), present iff ⌊x/2⁸⌋ < t_k
//   K outputs: the same for samples 4–7
//   2 outputs: a Box–Muller pair per lane (box-muller.ts): z0 for sample j, z1 for sample 4 + j
// t_k = ⌈2²⁴·p_k⌉, so "present" is exactly u < p_k for the uniform u = ⌊x/2⁸⌋·2⁻²⁴ (24 bits).
// target = Σ_k present·w*_k (over k, from +0) + σ·z, in f32.
import { fillLanes } from "../../rng-lanes";
import { boxMuller4 } from "../../sampling/box-muller";

/**
 * Draws `groups` groups (8·groups samples) into masks (word m of sample b at
 * masks + 4·(m·stride + b)) and targets (f32 per sample). draws: scratch for 16·(2K + 2)·groups
 * bytes; normals: 32 bytes of scratch.
 */
export function drawTokenSamples(lanes: usize, K: i32, groups: i32, sigma: f32, thresholds: usize,
  wTrue: usize, draws: usize, masks: usize, stride: i32, targets: usize, normals: usize): void {
  const perGroup = 2 * K + 2;
  fillLanes(lanes, draws, perGroup * groups);
  const word = <usize>stride << 2;
  const sig = f32x4.splat(sigma);
  let d = draws;
  for (let g = 0; g < groups; g++) {
    const first = <usize>g << 5; // byte offset of sample 8g
    let m0 = i32x4.splat(0); // samples 0–3 of the group
    let m1 = i32x4.splat(0); // samples 4–7
    let t0 = f32x4.splat(0);
    let t1 = f32x4.splat(0);
    const second = <usize>K << 4; // outputs of samples 4–7 follow those of 0–3
    for (let k = 0; k < K; k++) {
      const kk = <usize>k << 2;
      const threshold = v128.load32_splat(thresholds + kk);
      const bit = i32x4.splat(1 << (k & 31));
      const wk = v128.load32_splat(wTrue + kk);
      const p0 = i32x4.lt_s(i32x4.shr_u(v128.load(d), 8), threshold);
      const p1 = i32x4.lt_s(i32x4.shr_u(v128.load(d + second), 8), threshold);
      m0 = v128.or(m0, v128.and(p0, bit));
      m1 = v128.or(m1, v128.and(p1, bit));
      t0 = f32x4.add(t0, v128.and(wk, p0));
      t1 = f32x4.add(t1, v128.and(wk, p1));
      if ((k & 31) == 31 || k == K - 1) {
        const at = masks + <usize>(k >>> 5) * word + first;
        v128.store(at, m0);
        v128.store(at, m1, 16);
        m0 = i32x4.splat(0);
        m1 = i32x4.splat(0);
      }
      d += 16;
    }
    d += second;
    boxMuller4(v128.load(d), v128.load(d, 16), normals);
    d += 32;
    v128.store(targets + first, f32x4.add(t0, f32x4.mul(sig, v128.load(normals))));
    v128.store(targets + first, f32x4.add(t1, f32x4.mul(sig, v128.load(normals, 16))), 16);
  }
}
