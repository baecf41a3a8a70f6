// Plain-JS reference implementations for `npm run bench:peers`: what a JavaScript developer writes
// without SIMD or WASM — typed arrays and straight loops, the same math as the NumPy peers
// (bench/peers/*.py) and as zipflab.

/** mulberry32: a small seeded generator, as such code would use instead of Math.random. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export interface SixTokenOutcome {
  sgd: number[];
  adam: number[];
  adamEffectiveLr: number[];
}

/** The six-token experiment (phenomenon 1), recording w after every step as zipflab does. */
export function sixTokenJs(seed = 0): SixTokenOutcome {
  const p = [0.95, 0.6, 0.2, 0.05, 0.005, 0.001];
  const K = 6,
    B = 32,
    T = 3000,
    lr = 0.05,
    b1 = 0.9,
    b2 = 0.999,
    eps = 1e-8;
  const run = (adam: boolean) => {
    const rand = mulberry32(seed);
    const w = new Float64Array(K),
      m = new Float64Array(K),
      v = new Float64Array(K),
      g = new Float64Array(K);
    const x = new Uint8Array(K);
    const trajectory: number[][] = [];
    for (let t = 1; t <= T; t++) {
      g.fill(0);
      for (let b = 0; b < B; b++) {
        let pred = 0,
          y = 0.1 * gaussian(rand);
        for (let k = 0; k < K; k++) {
          x[k] = rand() < p[k] ? 1 : 0;
          if (x[k]) {
            pred += w[k];
            y += 1;
          }
        }
        const r = pred - y;
        for (let k = 0; k < K; k++) if (x[k]) g[k] += r / B;
      }
      for (let k = 0; k < K; k++) {
        if (!adam) {
          w[k] -= lr * g[k];
          continue;
        }
        m[k] = b1 * m[k] + (1 - b1) * g[k];
        v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k];
        w[k] -= (lr * m[k]) / (1 - b1 ** t) / (Math.sqrt(v[k] / (1 - b2 ** t)) + eps);
      }
      trajectory.push(Array.from(w));
    }
    const eff = Array.from(v, (vk) => lr / (Math.sqrt(vk / (1 - b2 ** T)) + eps));
    return { w: Array.from(w), eff };
  };
  const sgd = run(false);
  const adam = run(true);
  return { sgd: sgd.w, adam: adam.w, adamEffectiveLr: adam.eff };
}

/** One dense Adam step on f32 arrays (f64 arithmetic, as JS does). */
export function adamStepJs(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, t: number, lr = 1e-3): void {
  const b1 = 0.9,
    b2 = 0.999,
    eps = 1e-8;
  const c1 = 1 / (1 - b1 ** t),
    c2 = 1 / Math.sqrt(1 - b2 ** t);
  for (let i = 0; i < w.length; i++) {
    const gi = g[i];
    const mi = (m[i] = b1 * m[i] + (1 - b1) * gi);
    const vi = (v[i] = b2 * v[i] + (1 - b2) * gi * gi);
    w[i] -= (lr * mi * c1) / (Math.sqrt(vi) * c2 + eps);
  }
}

/** A plain-JS bigram softmax trainer on zipflab's problem (bench/softmax-peers.ts). */
export interface JsSoftmax {
  W: Float32Array;
  step(): void;
  /** Back to W = 0 and t = 0 (buffers kept). */
  reset(): void;
}

type JsOpt = "sgd" | "sign" | "adam";

/** The update of one entry: SGD, sign, or Adam with moments at m[o], v[o] (f64 arithmetic, f32 storage). */
function jsUpdate(
  opt: JsOpt,
  W: Float32Array,
  m: Float32Array | null,
  v: Float32Array | null,
  o: number,
  g: number,
  lr: number,
  c1: number,
  c2: number,
  eps: number,
): void {
  if (opt === "sgd") W[o] -= lr * g;
  else if (opt === "sign") W[o] -= lr * Math.sign(g);
  else {
    const mi = (m![o] = 0.9 * m![o] + 0.1 * g);
    const vi = (v![o] = 0.999 * v![o] + 0.001 * g * g);
    W[o] -= (lr * mi * c1) / (Math.sqrt(vi) * c2 + eps);
  }
}

/** Full batch: ∇_{W_i} = rw_i softmax(W_i) − c_i, row by row. */
export function softmaxFullJs(
  d: number,
  rowWeights: Float32Array,
  target: (i: number) => (k: number) => number,
  opt: JsOpt,
  lr: number,
  eps = 1e-8,
): JsSoftmax {
  const W = new Float32Array(d * d);
  const m = opt === "adam" ? new Float32Array(d * d) : null;
  const v = opt === "adam" ? new Float32Array(d * d) : null;
  const p = new Float64Array(d);
  let t = 0;
  return {
    W,
    step() {
      t++;
      const c1 = 1 / (1 - 0.9 ** t),
        c2 = 1 / Math.sqrt(1 - 0.999 ** t);
      for (let i = 0; i < d; i++) {
        const o = i * d;
        const c = target(i);
        let M = -Infinity;
        for (let k = 0; k < d; k++) if (W[o + k] > M) M = W[o + k];
        let S = 0;
        for (let k = 0; k < d; k++) S += p[k] = Math.exp(W[o + k] - M);
        const s = rowWeights[i] / S;
        for (let k = 0; k < d; k++) jsUpdate(opt, W, m, v, o + k, p[k] * s - c(k), lr, c1, c2, eps);
      }
    },
    reset() {
      W.fill(0);
      m?.fill(0);
      v?.fill(0);
      t = 0;
    },
  };
}

/** Mini-batches replaying the given (i, k) pairs (batch B per step, cycled): per touched row,
 * g = (h_i/B)·softmax(W_i) − (1/B)·(its samples' one-hot), then the update of that row. */
export function softmaxMiniJs(d: number, B: number, pairs: Int32Array, opt: JsOpt, lr: number, eps = 1e-8): JsSoftmax {
  const W = new Float32Array(d * d);
  const m = opt === "adam" ? new Float32Array(d * d) : null;
  const v = opt === "adam" ? new Float32Array(d * d) : null;
  const p = new Float64Array(d);
  const steps = pairs.length / (2 * B);
  const rows = new Map<number, number[]>();
  let t = 0;
  return {
    W,
    step() {
      t++;
      const c1 = 1 / (1 - 0.9 ** t),
        c2 = 1 / Math.sqrt(1 - 0.999 ** t);
      const at = ((t - 1) % steps) * B * 2;
      rows.clear();
      for (let b = 0; b < B; b++) {
        const i = pairs[at + 2 * b],
          k = pairs[at + 2 * b + 1];
        const list = rows.get(i);
        if (list) list.push(k);
        else rows.set(i, [k]);
      }
      for (const [i, ks] of rows) {
        const o = i * d;
        let M = -Infinity;
        for (let k = 0; k < d; k++) if (W[o + k] > M) M = W[o + k];
        let S = 0;
        for (let k = 0; k < d; k++) S += p[k] = Math.exp(W[o + k] - M);
        const s = ks.length / B / S;
        for (let k = 0; k < d; k++) p[k] *= s;
        for (const k of ks) p[k] -= 1 / B;
        for (let k = 0; k < d; k++) jsUpdate(opt, W, m, v, o + k, p[k], lr, c1, c2, eps);
      }
    },
    reset() {
      W.fill(0);
      m?.fill(0);
      v?.fill(0);
      t = 0;
    },
  };
}
