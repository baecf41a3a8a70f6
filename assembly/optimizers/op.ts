// One transform of an optimizer chain: the `op` block of src/layout/blocks.mjs (code, flags,
// state arrays s0 s1, and the transform's named slots: SCALE_BY_ADAM_EPS, …), written by
// src/optimizers/chain.ts. Kernels read constants through v128.load32_splat from this block:
// V8 would otherwise re-splat a scalar inside the loop (~1.6× slower).
export { OP_BYTES, OP_CODE, OP_FLAGS, OP_LAZY, OP_S0, OP_S1 } from "../layout";

const ONE_BITS: i64 = 0x3ff0000000000000; // the bits of 1.0

/** β^t by repeated squaring in f64: the twin runs the same multiplications. */
export function powi(beta: f64, t: i32): f64 {
  let result: f64 = 1.0;
  let base = beta;
  let k = t;
  while (k > 0) {
    // ×1 is exact; the factor is picked by a bit mask, not `select`, which V8 on x64 compiles
    // into a conditional jump for f64 (a branch on each bit of t)
    const mask = -<i64>(k & 1);
    result *= reinterpret<f64>((reinterpret<i64>(base) & mask) | (ONE_BITS & ~mask));
    base *= base;
    k >>= 1;
  }
  return result;
}
