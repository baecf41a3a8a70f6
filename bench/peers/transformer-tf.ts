// The zipflab transformer in TensorFlow.js on its WebAssembly backend (XNNPACK, SIMD), one
// thread: the model in tf ops, gradients by tf.variableGrads, tf.train.adam. The peer that runs
// where zipflab runs, in a browser (here in Node: the same WASM).
import { createRequire } from "node:module";
import { dirname } from "node:path";
import type { PeerModel, PeerStepper } from "./transformer-model.js";

type Tf = typeof import("@tensorflow/tfjs");
type Tensor = import("@tensorflow/tfjs").Tensor;

/** The backend, loaded once: SIMD on, threads 1. */
async function loadTf(): Promise<{ tf: Tf; simd: boolean }> {
  // the union package: tfjs-core with every op's gradient registered (tfjs-core alone has none)
  const tf = await import("@tensorflow/tfjs");
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm"));
  wasm.setWasmPaths(`${dir}/`);
  wasm.setThreadsCount(1);
  await tf.setBackend("wasm");
  await tf.ready();
  return { tf, simd: tf.env().getBool("WASM_HAS_SIMD_SUPPORT") };
}

export async function tfTransformer(
  m: PeerModel,
): Promise<PeerStepper & { simd: boolean; gemmGflops: (shape: [number, number, number]) => number }> {
  const { tf, simd } = await loadTf();
  const { V, T, D, L, H, B } = m;
  const hd = D / H;
  const P = B * T;
  const v = (name: string, shape: number[]) => tf.variable(tf.tensor(m.tensor(name), shape), true, name);
  const wte = v("wte", [V, D]),
    wpe = v("wpe", [T, D]);
  const layers = Array.from({ length: L }, (_, l) => {
    const n = (s: string) => `h${l}.${s}`;
    return {
      ln1w: v(n("ln1w"), [D]),
      ln1b: v(n("ln1b"), [D]),
      wqkv: v(n("wqkv"), [D, 3 * D]),
      bqkv: v(n("bqkv"), [3 * D]),
      wproj: v(n("wproj"), [D, D]),
      bproj: v(n("bproj"), [D]),
      ln2w: v(n("ln2w"), [D]),
      ln2b: v(n("ln2b"), [D]),
      wfc: v(n("wfc"), [D, 4 * D]),
      bfc: v(n("bfc"), [4 * D]),
      wfc2: v(n("wfc2"), [4 * D, D]),
      bfc2: v(n("bfc2"), [D]),
    };
  });
  const lnfw = v("lnfw", [D]),
    lnfb = v("lnfb", [D]),
    wout = v("wout", [D, V]),
    bout = v("bout", [V]);
  const tokens = tf.tensor1d(m.tokens, "int32"),
    targets = tf.tensor1d(m.targets, "int32");
  const mask = tf.tensor(
    Float32Array.from({ length: T * T }, (_, i) => (i % T > Math.floor(i / T) ? -1e9 : 0)),
    [1, 1, T, T],
  );
  const onehot = tf.cast(tf.oneHot(targets, V), "float32");
  // The WASM backend has no kernel for gather's gradient (UnsortedSegmentSum): the embedding is
  // a product with the one-hot inputs instead (its gradient a matMul: 2·P·V·D more flops each way).
  const inputs = tf.cast(tf.oneHot(tokens, V), "float32");
  const scale = 1 / Math.sqrt(hd);
  const c = Math.sqrt(2 / Math.PI);

  const layerNorm = (x: Tensor, w: Tensor, b: Tensor) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), w), b);
  };
  const gelu = (x: Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), c))));
  const heads = (x: Tensor) => tf.transpose(tf.reshape(x, [B, T, H, hd]), [0, 2, 1, 3]);

  const lossFn = () => {
    let x = tf.add(tf.matMul(inputs, wte), tf.tile(wpe, [B, 1]));
    for (const p of layers) {
      const qkv = tf.add(tf.matMul(layerNorm(x, p.ln1w, p.ln1b), p.wqkv), p.bqkv);
      const [q, k, vv] = tf.split(qkv, 3, 1);
      const s = tf.add(tf.mul(tf.matMul(heads(q), heads(k), false, true), scale), mask);
      const o = tf.reshape(tf.transpose(tf.matMul(tf.softmax(s), heads(vv)), [0, 2, 1, 3]), [P, D]);
      x = tf.add(x, tf.add(tf.matMul(o, p.wproj), p.bproj));
      const f = gelu(tf.add(tf.matMul(layerNorm(x, p.ln2w, p.ln2b), p.wfc), p.bfc));
      x = tf.add(x, tf.add(tf.matMul(f, p.wfc2), p.bfc2));
    }
    const logits = tf.add(tf.matMul(layerNorm(x, lnfw, lnfb), wout), bout);
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), onehot), 1))) as import("@tensorflow/tfjs").Scalar;
  };
  const optimizer = tf.train.adam(m.lr, 0.9, 0.999, 1e-8);
  const step = (): number =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(lossFn);
      optimizer.applyGradients(grads as never);
      return value.dataSync()[0];
    });
  const loss0 = step();
  const loss1 = tf.tidy(() => lossFn().dataSync()[0]);
  const gemmGflops = (shape: [number, number, number]) => {
    const [M, K, N] = shape;
    const a = tf.randomNormal([M, K]),
      b = tf.randomNormal([K, N]);
    tf.matMul(a, b).dataSync();
    let reps = 0;
    const start = performance.now();
    while (performance.now() - start < 400) {
      const out = tf.matMul(a, b);
      out.dataSync();
      out.dispose();
      reps++;
    }
    const s = (performance.now() - start) / 1000;
    a.dispose();
    b.dispose();
    return (2 * M * K * N * reps) / s / 1e9;
  };
  return { loss0, loss1, step: () => void step(), simd, gemmGflops };
}
