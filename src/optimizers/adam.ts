// Twin of assembly/optimizers/adam.ts (scale_by_adam and fused Adam; Adam's math is stated once,
// at the alias adam in registry.ts; the kernel's arrangement (m·c1)/(√v·c2 + ε) is explained there).
// Slots (TRANSFORMS.scaleByAdam, fusedAdam): b1, 1−b1, b2, 1−b2, eps, (step = −η, fused); the
// exact f64 b1, b2 for the bias corrections. β^t by repeated squaring (powi) so kernel and twin
// multiply the same f64s.
import { TRANSFORMS } from "../layout/generated.js";
import { f32, oneMinus, transform, type Transform, type TwinKernel, type TwinOp } from "./transform.js";

const P = TRANSFORMS.fusedAdam.params;
const Q = TRANSFORMS.fusedAdam.scalars;
const D = TRANSFORMS.fusedAdam.exact;

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
  op.q[Q.c1] = f32(1 / (1 - powi(op.d[D.b1], t)));
  op.q[Q.c2] = f32(1 / Math.sqrt(1 - powi(op.d[D.b2], t)));
  op.q[Q.stepFactor] = f32(op.params[P.step] * f32(factor));
}

function direction(op: TwinOp, g: number, i: number): number {
  const [m, v] = op.state;
  const p = op.params;
  const mm = f32(f32(p[P.b1] * m[i]) + f32(p[P.oneMinusB1] * g));
  const vv = f32(f32(p[P.b2] * v[i]) + f32(p[P.oneMinusB2] * f32(g * g)));
  m[i] = mm;
  v[i] = vv;
  const mhat = f32(mm * op.q[Q.c1]);
  return f32(mhat / f32(f32(f32(Math.sqrt(vv)) * op.q[Q.c2]) + p[P.eps]));
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
    const s = op.q[Q.stepFactor];
    for (let i = off; i < off + len; i++) w[i] = f32(w[i] + f32(direction(op, g[i], i) * s));
  },
};

export interface AdamHyper {
  b1: number;
  b2: number;
  eps: number;
}

const adamState = [
  { name: "m", init: 0 },
  { name: "v", init: 0 },
];

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
    kind: "scaleByAdam",
    name: "scale_by_adam",
    params: { b1, oneMinusB1: oneMinus(b1), b2, oneMinusB2: oneMinus(b2), eps },
    exact: { b1, b2 },
    state: adamState,
    twin: scaleByAdamTwin,
    preconditioner: preconditioner({ b1, b2, eps }),
  });
}

/** Adam's m, v and w in one pass; equals chain(scaleByAdam, scale(−η), apply). */
export function fusedAdam({ b1, b2, eps }: AdamHyper, step: number): Transform {
  return transform({
    kind: "fusedAdam",
    name: "fused_adam",
    params: { b1, oneMinusB1: oneMinus(b1), b2, oneMinusB2: oneMinus(b2), eps, step },
    exact: { b1, b2 },
    state: adamState,
    twin: fusedTwin,
    terminal: true,
    preconditioner: preconditioner({ b1, b2, eps }),
  });
}
