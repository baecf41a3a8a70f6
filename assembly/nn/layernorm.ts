// LayerNorm over rows of length D, forward and backward (twin: src/nn/layernorm.ts).
//   μ = (Σ_k x_k)/D,  σ² = (Σ_k (x_k − μ)²)/D,  r = 1/√(σ² + ε),  x̂_k = (x_k − μ)·r,
//   y_k = x̂_k·w_k + b_k.
// Backward, with n_k = w_k·dy_k:
//   dx_k += r·(n_k − mean(n) − x̂_k·mean(n ⊙ x̂)),  dw_k += x̂_k·dy_k,  db_k += dy_k.
// Sums run in f64 in the reduce.ts order (four lanes, (l0+l1)+(l2+l3), then the tail);
// μ, σ², r and the two means are rounded to f32 once; every other operation is f32.
import { addHighLanes, addLowLanes, laneTotal } from "../math/reduce";

export const LN_EPS: f32 = 1e-5;

/** Σ_k x_k over one row (f64, lane order). */
@inline function rowSum(x: usize, D: i32): f64 {
  let lo = f64x2.splat(0), hi = f64x2.splat(0);
  const D4 = D & ~3;
  let k = 0;
  for (; k < D4; k += 4) {
    const v = v128.load(x + (<usize>k << 2));
    lo = addLowLanes(lo, v);
    hi = addHighLanes(hi, v);
  }
  let s = laneTotal(lo, hi);
  for (; k < D; k++) s += <f64>load<f32>(x + (<usize>k << 2));
  return s;
}

/** y = LN(x)·w + b for P rows; keeps μ and r of each row (f32 P each). */
export function layerNormForward(x: usize, y: usize, mean: usize, rstd: usize, w: usize, b: usize, P: i32, D: i32): void {
  const D4 = D & ~3;
  const rowBytes = <usize>D << 2;
  for (let p = 0; p < P; p++) {
    const xr = x + <usize>p * rowBytes;
    const yr = y + <usize>p * rowBytes;
    const m = <f32>(rowSum(xr, D) / <f64>D);
    const mm = f32x4.splat(m);
    let lo = f64x2.splat(0), hi = f64x2.splat(0);
    let k = 0;
    for (; k < D4; k += 4) {
      const d = f32x4.sub(v128.load(xr + (<usize>k << 2)), mm);
      const sq = f32x4.mul(d, d);
      lo = addLowLanes(lo, sq);
      hi = addHighLanes(hi, sq);
    }
    let s = laneTotal(lo, hi);
    for (; k < D; k++) {
      const d = load<f32>(xr + (<usize>k << 2)) - m;
      s += <f64>(d * d);
    }
    const v = <f32>(s / <f64>D);
    const r: f32 = 1.0 / Mathf.sqrt(v + LN_EPS);
    store<f32>(mean + (<usize>p << 2), m);
    store<f32>(rstd + (<usize>p << 2), r);
    const rr = f32x4.splat(r);
    for (k = 0; k < D4; k += 4) {
      const o = <usize>k << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(xr + o), mm), rr);
      v128.store(yr + o, f32x4.add(f32x4.mul(xh, v128.load(w + o)), v128.load(b + o)));
    }
    for (; k < D; k++) {
      const o = <usize>k << 2;
      const xh = (load<f32>(xr + o) - m) * r;
      store<f32>(yr + o, xh * load<f32>(w + o) + load<f32>(b + o));
    }
  }
}

/**
 * Backward of layerNormForward for P rows: dx += (the input gradient), dw += Σ_p x̂·dy,
 * db += Σ_p dy (rows in order).
 */
export function layerNormBackward(dy: usize, x: usize, mean: usize, rstd: usize, w: usize,
  dx: usize, dw: usize, db: usize, P: i32, D: i32): void {
  const D4 = D & ~3;
  const rowBytes = <usize>D << 2;
  for (let p = 0; p < P; p++) {
    const xr = x + <usize>p * rowBytes;
    const gr = dy + <usize>p * rowBytes;
    const dr = dx + <usize>p * rowBytes;
    const m = load<f32>(mean + (<usize>p << 2));
    const r = load<f32>(rstd + (<usize>p << 2));
    const mm = f32x4.splat(m), rr = f32x4.splat(r);
    let lo1 = f64x2.splat(0), hi1 = f64x2.splat(0), lo2 = f64x2.splat(0), hi2 = f64x2.splat(0);
    let k = 0;
    for (; k < D4; k += 4) {
      const o = <usize>k << 2;
      const g = v128.load(gr + o);
      const xh = f32x4.mul(f32x4.sub(v128.load(xr + o), mm), rr);
      const n = f32x4.mul(v128.load(w + o), g);
      const nx = f32x4.mul(n, xh);
      lo1 = addLowLanes(lo1, n);
      hi1 = addHighLanes(hi1, n);
      lo2 = addLowLanes(lo2, nx);
      hi2 = addHighLanes(hi2, nx);
      v128.store(dw + o, f32x4.add(v128.load(dw + o), f32x4.mul(xh, g)));
      v128.store(db + o, f32x4.add(v128.load(db + o), g));
    }
    let s1 = laneTotal(lo1, hi1), s2 = laneTotal(lo2, hi2);
    for (; k < D; k++) {
      const o = <usize>k << 2;
      const g = load<f32>(gr + o);
      const xh = (load<f32>(xr + o) - m) * r;
      const n = load<f32>(w + o) * g;
      s1 += <f64>n;
      s2 += <f64>(n * xh);
      store<f32>(dw + o, load<f32>(dw + o) + xh * g);
      store<f32>(db + o, load<f32>(db + o) + g);
    }
    const a = <f32>(s1 / <f64>D);
    const c = <f32>(s2 / <f64>D);
    const aa = f32x4.splat(a), cc = f32x4.splat(c);
    for (k = 0; k < D4; k += 4) {
      const o = <usize>k << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(xr + o), mm), rr);
      const n = f32x4.mul(v128.load(w + o), v128.load(gr + o));
      const t = f32x4.mul(f32x4.sub(f32x4.sub(n, aa), f32x4.mul(xh, cc)), rr);
      v128.store(dr + o, f32x4.add(v128.load(dr + o), t));
    }
    for (; k < D; k++) {
      const o = <usize>k << 2;
      const xh = (load<f32>(xr + o) - m) * r;
      const n = load<f32>(w + o) * load<f32>(gr + o);
      store<f32>(dr + o, load<f32>(dr + o) + ((n - a) - xh * c) * r);
    }
  }
}
