// L2 regularization λ/2‖w‖² over n parameters: g += λw (when g ≠ 0) and the term is returned
// for the loss. The sum uses the shared lane order of optimizers/reduce.ts, so the twin
// (src/problems/shared/l2.ts) gets the same bits.
import { sumSquares } from "../../math/reduce";

export function addL2(lambda: f32, w: usize, g: usize, n: i32): f64 {
  if (g != 0) {
    const lv = f32x4.splat(lambda);
    const n4 = n & ~3;
    let i = 0;
    for (; i < n4; i += 4) {
      const o = <usize>i << 2;
      v128.store(g + o, f32x4.add(v128.load(g + o), f32x4.mul(lv, v128.load(w + o))));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(g + o, load<f32>(g + o) + lambda * load<f32>(w + o));
    }
  }
  return 0.5 * <f64>lambda * sumSquares(w, n);
}
