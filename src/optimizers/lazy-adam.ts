// Exact lazy Adam (`adam:lazy=exact`): twin of assembly/optimizers/lazy-adam.ts, whose header
// gives the math. Rows untouched for k steps are caught up on their next touch (or at a flush):
//   w += (m/√v)·S,  m ← β1^k m,  v ← β2^k v,  S = Σ_{τ=s+1}^{s+k} r^{τ−s} c_τ,  r = β1/√β2,
//   c_τ = −η_τ √(1−β2^τ)/(1−β1^τ),
// which equals dense Adam for ε = 0; then the ordinary fused Adam step (adam.ts).
import { LAZY_ADAM_BLOCK, TRANSFORMS } from "../layout/generated.js";

const Q = TRANSFORMS.lazyAdam.scalars;
const D = TRANSFORMS.lazyAdam.exact;
import type { LayoutArena } from "../wasm/arena.js";
import { powi } from "./adam.js";
import { f32, oneMinus, transform, type LazyState, type Transform, type TwinKernel, type TwinOp } from "./transform.js";
import { fusedAdam, type AdamHyper } from "./adam.js";

/** Steps between full flushes (the f64 history window) and the rescaling block length. */
export const LAZY_WINDOW = 1024;
export const LAZY_BLOCK = 64;

/** The lazy block's state, shared by the layout (WASM) and the twin. */
/** r^k and r^−k for k = 0..L, r = β1/√β2, by repeated multiplication in f64 (one table for both sides). */
function powers(b1: number, b2: number): { rp: Float64Array; ip: Float64Array } {
  const r = b1 / Math.sqrt(b2);
  const rp = new Float64Array(LAZY_BLOCK + 1);
  const ip = new Float64Array(LAZY_BLOCK + 1);
  rp[0] = 1;
  ip[0] = 1;
  for (let k = 1; k <= LAZY_BLOCK; k++) {
    rp[k] = rp[k - 1] * r;
    ip[k] = ip[k - 1] / r;
  }
  return { rp, ip };
}

function newState(t: Transform, n: number, segLen: number): LazyState {
  const len = segLen > 0 ? segLen : n;
  return {
    nSeg: Math.max(1, n / len),
    segLen: len,
    W0: 0,
    t: 0,
    last: new Int32Array(Math.max(1, n / len)),
    E: new Float64Array(LAZY_WINDOW + 1),
    ...powers((t as Transform<"lazyAdam">).exact.b1, (t as Transform<"lazyAdam">).exact.b2),
  };
}

/** Writes the lazy block (layout in lazy-adam.ts) and returns its pointer. */
export function layoutLazy(arena: LayoutArena, t: Transform, n: number, segLen: number): number {
  const s = newState(t, n, segLen);
  const block = arena.alloc(LAZY_ADAM_BLOCK.bytes);
  const last = arena.alloc(4 * s.nSeg);
  const E = arena.alloc(8 * (LAZY_WINDOW + 1));
  const rp = arena.alloc(8 * (LAZY_BLOCK + 1));
  const ip = arena.alloc(8 * (LAZY_BLOCK + 1));
  arena.write(rp, s.rp);
  arena.write(ip, s.ip);
  arena.writeBlock(block, LAZY_ADAM_BLOCK, {
    segments: s.nSeg,
    segmentLength: s.segLen,
    windowStart: 0,
    t: 0,
    last,
    sums: E,
    powers: rp,
    inversePowers: ip,
  });
  return block;
}

export function twinLazyState(t: Transform, n: number, segLen: number): LazyState {
  return newState(t, n, segLen);
}

function skippedSum(z: LazyState, s: number, upTo: number): number {
  const L = LAZY_BLOCK;
  const js = s - z.W0;
  const ju = upTo - z.W0;
  let b = Math.floor(js / L);
  const kk = js - b * L;
  let end = Math.min(ju, (b + 1) * L);
  const inv = z.ip[kk];
  let sum = inv * (z.E[end] - (kk === 0 ? 0 : z.E[js]));
  const rL = z.rp[L];
  let f = inv * rL;
  b++;
  while (b * L < ju) {
    end = Math.min(ju, (b + 1) * L);
    sum += f * z.E[end];
    f *= rL;
    b++;
  }
  return sum;
}

function catchUp(op: TwinOp, w: Float32Array, off: number, len: number, s: number, upTo: number): void {
  const z = op.lazy!;
  const S = f32(skippedSum(z, s, upTo));
  const b1k = f32(powi(op.d[D.b1], upTo - s));
  const b2k = f32(powi(op.d[D.b2], upTo - s));
  const [m, v] = op.state;
  for (let i = off; i < off + len; i++) {
    const ratio = v[i] > 0 ? f32(m[i] / f32(Math.sqrt(v[i]))) : 0;
    w[i] = f32(w[i] + f32(ratio * S));
    m[i] = f32(m[i] * b1k);
    v[i] = f32(v[i] * b2k);
  }
}

export function twinLazyFlush(op: TwinOp, w: Float32Array, upTo: number): void {
  const z = op.lazy!;
  for (let r = 0; r < z.nSeg; r++) {
    if (z.last[r] < upTo) {
      catchUp(op, w, r * z.segLen, z.segLen, z.last[r], upTo);
      z.last[r] = upTo;
    }
  }
  z.W0 = upTo;
}

export function twinLazyCatchUpRows(op: TwinOp, w: Float32Array, rows: ArrayLike<number>, upTo: number): void {
  const z = op.lazy!;
  for (const r of Array.from(rows)) {
    if (z.last[r] < upTo) {
      catchUp(op, w, r * z.segLen, z.segLen, z.last[r], upTo);
      z.last[r] = upTo;
    }
  }
}

const fused = fusedAdam({ b1: 0.9, b2: 0.999, eps: 0 }, 0).twin;

const lazyTwin: TwinKernel = {
  prepare(op, t, factor, w) {
    fused.prepare!(op, t, factor);
    const z = op.lazy!;
    if (t - z.W0 > LAZY_WINDOW) twinLazyFlush(op, w!, t - 1);
    z.t = t;
    const j = t - z.W0;
    const k = ((j - 1) % LAZY_BLOCK) + 1;
    const c = (op.q[Q.stepFactor] * op.q[Q.c1]) / op.q[Q.c2];
    z.E[j] = (k === 1 ? 0 : z.E[j - 1]) + z.rp[k] * c;
  },
  run(op, w, g, off, len) {
    const z = op.lazy!;
    // a dense call covers every row in turn
    for (let o = off; o < off + len; o += z.segLen) {
      const r = o / z.segLen;
      if (z.last[r] < z.t - 1) catchUp(op, w, o, z.segLen, z.last[r], z.t - 1);
      fused.run(op, w, g, o, z.segLen);
      z.last[r] = z.t;
    }
  },
};

/** Fused Adam over touched rows with exact catch-up of the others (ε = 0: equals dense Adam). */
export function lazyAdam({ b1, b2, eps }: AdamHyper, step: number): Transform {
  const base = fusedAdam({ b1, b2, eps }, step);
  return transform({
    kind: "lazyAdam",
    name: "lazy_adam",
    params: { b1, oneMinusB1: oneMinus(b1), b2, oneMinusB2: oneMinus(b2), eps, step },
    exact: { b1, b2 },
    state: base.state,
    twin: lazyTwin,
    terminal: true,
    preconditioner: base.preconditioner,
    lazyRows: true,
  });
}
