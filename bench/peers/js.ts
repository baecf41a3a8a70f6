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
  const K = 6, B = 32, T = 3000, lr = 0.05, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  const run = (adam: boolean) => {
    const rand = mulberry32(seed);
    const w = new Float64Array(K), m = new Float64Array(K), v = new Float64Array(K), g = new Float64Array(K);
    const x = new Uint8Array(K);
    const trajectory: number[][] = [];
    for (let t = 1; t <= T; t++) {
      g.fill(0);
      for (let b = 0; b < B; b++) {
        let pred = 0, y = 0.1 * gaussian(rand);
        for (let k = 0; k < K; k++) {
          x[k] = rand() < p[k] ? 1 : 0;
          if (x[k]) { pred += w[k]; y += 1; }
        }
        const r = pred - y;
        for (let k = 0; k < K; k++) if (x[k]) g[k] += r / B;
      }
      for (let k = 0; k < K; k++) {
        if (!adam) { w[k] -= lr * g[k]; continue; }
        m[k] = b1 * m[k] + (1 - b1) * g[k];
        v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k];
        w[k] -= (lr * m[k] / (1 - b1 ** t)) / (Math.sqrt(v[k] / (1 - b2 ** t)) + eps);
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
  const b1 = 0.9, b2 = 0.999, eps = 1e-8;
  const c1 = 1 / (1 - b1 ** t), c2 = 1 / Math.sqrt(1 - b2 ** t);
  for (let i = 0; i < w.length; i++) {
    const gi = g[i];
    const mi = (m[i] = b1 * m[i] + (1 - b1) * gi);
    const vi = (v[i] = b2 * v[i] + (1 - b2) * gi * gi);
    w[i] -= (lr * mi * c1) / (Math.sqrt(vi) * c2 + eps);
  }
}

export function zipf(d: number, alpha = 1): Float64Array {
  const pi = new Float64Array(d);
  let s = 0;
  for (let k = 0; k < d; k++) s += (pi[k] = (k + 1) ** -alpha);
  for (let k = 0; k < d; k++) pi[k] /= s;
  return pi;
}

/** Softmax of row W[i·d .. i·d + d) into p; returns lse. */
function softmaxRow(W: Float32Array, o: number, d: number, p: Float32Array): number {
  let max = -Infinity;
  for (let k = 0; k < d; k++) if (W[o + k] > max) max = W[o + k];
  let s = 0;
  for (let k = 0; k < d; k++) s += (p[k] = Math.exp(W[o + k] - max));
  for (let k = 0; k < d; k++) p[k] /= s;
  return max + Math.log(s);
}

/** Exact loss L(W) = Σ_i π_i lse(W_i) − Σ_ik π_i π_k W_ik (identity ranking), in f64. */
export function bigramLossJs(W: Float32Array, pi: Float64Array): number {
  const d = pi.length;
  const p = new Float32Array(d);
  let L = 0;
  for (let i = 0; i < d; i++) {
    L += pi[i] * softmaxRow(W, i * d, d, p);
    for (let k = 0; k < d; k++) L -= pi[i] * pi[k] * W[i * d + k];
  }
  return L;
}

/** Full-batch SGD step: W_i −= η (π_i softmax(W_i) − π_i π). */
export function fullBatchSgdJs(W: Float32Array, pi: Float64Array, lr: number, p: Float32Array): void {
  const d = pi.length;
  for (let i = 0; i < d; i++) {
    softmaxRow(W, i * d, d, p);
    for (let k = 0; k < d; k++) W[i * d + k] -= lr * pi[i] * (p[k] - pi[k]);
  }
}

export type MiniOptimizer = "sgd" | "sign" | "lazy-adam";

/** A mini-batch step: B pairs drawn ∝ π_i π_k, gather-softmax-scatter over the sampled rows. */
export function miniBatchStepper(d: number, batch: number, opt: MiniOptimizer, lr: number, seed = 0) {
  const pi = zipf(d);
  const cdf = new Float64Array(d);
  let acc = 0;
  for (let k = 0; k < d; k++) cdf[k] = acc += pi[k];
  const rand = mulberry32(seed);
  const draw = () => {
    const u = rand();
    let lo = 0, hi = d - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] < u) lo = mid + 1; else hi = mid; }
    return lo;
  };
  const W = new Float32Array(d * d);
  const m = opt === "lazy-adam" ? new Float32Array(d * d) : null;
  const v = opt === "lazy-adam" ? new Float32Array(d * d) : null;
  const p = new Float32Array(d);
  const hits = new Map<number, number[]>();
  let t = 0;
  const step = () => {
    t++;
    hits.clear();
    for (let b = 0; b < batch; b++) {
      const i = draw(), k = draw();
      const list = hits.get(i);
      if (list) list.push(k); else hits.set(i, [k]);
    }
    const c1 = 1 / (1 - 0.9 ** t), c2 = 1 / Math.sqrt(1 - 0.999 ** t);
    for (const [i, ks] of hits) {
      softmaxRow(W, i * d, d, p);
      for (let k = 0; k < d; k++) p[k] *= ks.length / batch;
      for (const k of ks) p[k] -= 1 / batch;
      const o = i * d;
      for (let k = 0; k < d; k++) {
        const g = p[k];
        if (opt === "sgd") W[o + k] -= lr * g;
        else if (opt === "sign") W[o + k] -= lr * Math.sign(g);
        else {
          const mi = (m![o + k] = 0.9 * m![o + k] + 0.1 * g);
          const vi = (v![o + k] = 0.999 * v![o + k] + 0.001 * g * g);
          W[o + k] -= (lr * mi * c1) / (Math.sqrt(vi) * c2 + 1e-8);
        }
      }
    }
  };
  return { W, pi, step };
}
