// Adam (Kingma & Ba), bias-corrected; β1 = 0 allowed.
//   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²
//   u ← (m/(1−β1^t)) / (√(v/(1−β2^t)) + ε), computed as (m·c1)/(√v·c2 + ε) with per-step
//   reciprocals c1 = 1/(1−β1^t), c2 = 1/√(1−β2^t) (PyTorch's arrangement; see the kernel)
// params: β1, 1−β1, β2, 1−β2, ε, (−η for the fused kernel); exact f64 β1, β2 in d0, d1 for the
// bias corrections. β^t by repeated squaring (powi) so kernel and twin multiply the same f64s.
import { Code } from "./codes.js";
import { f32, oneMinus, transform, type Transform, type TwinKernel, type TwinOp } from "./transform.js";

export function powi(beta: number, t: number): number {
  let result = 1.0;
  let base = beta;
  let k = t;
  while (k > 0) {
    if (k & 1) result *= base;
    base *= base;
    k >>= 1;
  }
  return result;
}

function prepare(op: TwinOp, t: number, factor: number): void {
  op.q[0] = f32(1 / (1 - powi(op.d[0], t)));
  op.q[1] = f32(1 / Math.sqrt(1 - powi(op.d[1], t)));
  op.q[2] = f32(op.params[5] * f32(factor));
}

function direction(op: TwinOp, g: number, i: number): number {
  const [m, v] = op.state;
  const p = op.params;
  const mm = f32(f32(p[0] * m[i]) + f32(p[1] * g));
  const vv = f32(f32(p[2] * v[i]) + f32(p[3] * f32(g * g)));
  m[i] = mm;
  v[i] = vv;
  const mhat = f32(mm * op.q[0]);
  return f32(mhat / f32(f32(f32(Math.sqrt(vv)) * op.q[1]) + p[4]));
}

const scaleByAdamTwin: TwinKernel = {
  prepare,
  run(op, _w, u, off, len) {
    for (let i = off; i < off + len; i++) u[i] = direction(op, u[i], i);
  },
};

const fusedTwin: TwinKernel = {
  prepare,
  run(op, w, g, off, len) {
    const s = op.q[2];
    for (let i = off; i < off + len; i++) w[i] = f32(w[i] + f32(direction(op, g[i], i) * s));
  },
};

export interface AdamHyper {
  b1: number;
  b2: number;
  eps: number;
}

const adamState = [{ name: "m", init: 0 }, { name: "v", init: 0 }];

/** 1/(√v̂ + ε) with v̂ = v/(1−β2^t): Adam's per-coordinate step multiplier. */
function preconditioner({ b2, eps }: AdamHyper) {
  return (state: Float32Array[], t: number) => {
    const v = state[1];
    const bc2 = 1 - powi(b2, t);
    return (i: number) => 1 / (Math.sqrt(v[i] / bc2) + eps);
  };
}

export function scaleByAdam({ b1, b2, eps }: AdamHyper): Transform {
  return transform({
    name: "scale_by_adam", code: Code.ScaleByAdam,
    params: [b1, oneMinus(b1), b2, oneMinus(b2), eps], exact: [b1, b2], state: adamState,
    twin: scaleByAdamTwin, preconditioner: preconditioner({ b1, b2, eps }),
  });
}

/** Adam's m, v and w in one pass; equals chain(scaleByAdam, scale(−η), apply). */
export function fusedAdam({ b1, b2, eps }: AdamHyper, step: number): Transform {
  return transform({
    name: "fused_adam", code: Code.FusedAdam,
    params: [b1, oneMinus(b1), b2, oneMinus(b2), eps, step], exact: [b1, b2], state: adamState,
    twin: fusedTwin, terminal: true, preconditioner: preconditioner({ b1, b2, eps }),
  });
}

