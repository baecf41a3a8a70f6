// One transform of an optimizer chain, as a 96-byte record the TS side writes
// (src/optimizers/layout.ts mirrors these offsets).
//
//   +0  code   u32   which kernel (codes.ts)
//   +4  flags  u32   kernel-specific (e.g. Nesterov)
//   +8  s0     usize first state array (n f32), e.g. Adam's m
//   +12 s1     usize second state array, e.g. Adam's v
//   +16 p0..p7 f32   constant hyperparameters (1−β already rounded once from f64 by TS)
//   +48 q0..q3 f32   per-step scalars the kernel derives in its prepare phase
//   +64 d0, d1 f64   exact constants written by TS (Adam: β1, β2) or a reduction (Σu², Σ|u|)
//
// Kernels read constants through v128.load32_splat from this block: V8 would otherwise
// re-splat a scalar inside the loop (~1.6× slower).

export const OP_BYTES: usize = 96;
export const OP_CODE: usize = 0;
export const OP_FLAGS: usize = 4;
export const OP_S0: usize = 8;
export const OP_S1: usize = 12;
export const OP_P0: usize = 16;
export const OP_P1: usize = 20;
export const OP_P2: usize = 24;
export const OP_P3: usize = 28;
export const OP_P4: usize = 32;
export const OP_P5: usize = 36;
export const OP_Q0: usize = 48;
export const OP_Q1: usize = 52;
export const OP_Q2: usize = 56;
export const OP_Q3: usize = 60;
export const OP_D0: usize = 64;
export const OP_D1: usize = 72;

/** β^t by repeated squaring in f64: the twin runs the same multiplications. */
export function powi(beta: f64, t: i32): f64 {
  let result: f64 = 1.0;
  let base = beta;
  let k = t;
  while (k > 0) {
    result *= select<f64>(base, 1.0, (k & 1) != 0); // ×1 is exact: no data-dependent branch
    base *= base;
    k >>= 1;
  }
  return result;
}
