// Softmax cross-entropy of the unembedding's logits, one fused pass per row over the shared
// softmax row kernel (math/softmax.ts; twin: src/nn/cross-entropy.ts):
//   ℓ_p = lse(z_p) − z_{p,y_p},   dz_p = s·(softmax(z_p) − e_{y_p})   (in place, s = 1/positions)
// Returns Σ_p ℓ_p in f64, rows in order; with classLoss ≠ 0 also classLoss[y_p] += ℓ_p (f64).
import { softmaxRow } from "../math/softmax";

export function crossEntropyRows(z: usize, targets: usize, P: i32, V: i32, scale: f64, classLoss: usize): f64 {
  const rowBytes = <usize>V << 2;
  const s = <f32>scale;
  let total = 0.0;
  for (let p = 0; p < P; p++) {
    const row = z + <usize>p * rowBytes;
    const y = load<i32>(targets + (<usize>p << 2));
    const at = row + (<usize>y << 2);
    const zy = load<f32>(at);
    const loss = softmaxRow(row, row, V, scale) - <f64>zy;
    store<f32>(at, load<f32>(at) - s);
    total += loss;
    if (classLoss != 0) {
      const c = classLoss + (<usize>y << 3);
      store<f64>(c, load<f64>(c) + loss);
    }
  }
  return total;
}
