// Decoupled weight decay (AdamW): u ← u + λw, placed before scale(−η) so that
// w ← w − η(u + λw). p0 λ.
import { ADD_DECAYED_WEIGHTS_LAMBDA } from "../layout";

export function addDecayedWeights(op: usize, w: usize, u: usize, len: i32): void {
  const l = v128.load32_splat(op + ADD_DECAYED_WEIGHTS_LAMBDA);
  const ls = load<f32>(op, ADD_DECAYED_WEIGHTS_LAMBDA);
  const n4 = len & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(u + o, f32x4.add(v128.load(u + o), f32x4.mul(l, v128.load(w + o))));
  }
  for (; i < len; i++) {
    const o = <usize>i << 2;
    store<f32>(u + o, load<f32>(u + o) + ls * load<f32>(w + o));
  }
}
