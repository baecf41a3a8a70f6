// Token and position embeddings (twin: src/nn/embedding.ts).
//   x_p = E[tok_p] + Π[p mod T]
// Backward: dΠ[t] += Σ over the windows of dx at position t (windows in order), and dE gets
// the SPARSE scatter-add of sparse/scatter.ts: dE[tok_p] += dx_p for the rows of the tokens
// present only, each listed on its first touch (mark, touched), never a pass over all V rows.
import { scatterAddRows } from "../sparse/scatter";

/** x (P × D) = E[tok] + Π[p mod T]. */
export function embeddingForward(tokens: usize, E: usize, Pi: usize, x: usize, P: i32, T: i32, D: i32): void {
  const rowBytes = <usize>D << 2;
  const D4 = D & ~3;
  for (let p = 0; p < P; p++) {
    const e = E + <usize>load<i32>(tokens + (<usize>p << 2)) * rowBytes;
    const pi = Pi + <usize>(p % T) * rowBytes;
    const out = x + <usize>p * rowBytes;
    let k = 0;
    for (; k < D4; k += 4) {
      const o = <usize>k << 2;
      v128.store(out + o, f32x4.add(v128.load(e + o), v128.load(pi + o)));
    }
    for (; k < D; k++) {
      const o = <usize>k << 2;
      store<f32>(out + o, load<f32>(e + o) + load<f32>(pi + o));
    }
  }
}

/**
 * dΠ += Σ_windows dx (position by position), dE[tok_p] += dx_p (scatter-add over the rows
 * present; ones: P floats of 1). Returns the touched-row count after the new first touches.
 */
export function embeddingBackward(tokens: usize, dx: usize, dE: usize, dPi: usize, P: i32, T: i32, D: i32,
  ones: usize, mark: usize, touched: usize, nTouched: i32): i32 {
  const rowBytes = <usize>D << 2;
  const D4 = D & ~3;
  for (let p = 0; p < P; p++) {
    const g = dx + <usize>p * rowBytes;
    const out = dPi + <usize>(p % T) * rowBytes;
    let k = 0;
    for (; k < D4; k += 4) {
      const o = <usize>k << 2;
      v128.store(out + o, f32x4.add(v128.load(out + o), v128.load(g + o)));
    }
    for (; k < D; k++) {
      const o = <usize>k << 2;
      store<f32>(out + o, load<f32>(out + o) + load<f32>(g + o));
    }
  }
  return scatterAddRows(dE, D, tokens, ones, dx, P, mark, touched, nTouched);
}
