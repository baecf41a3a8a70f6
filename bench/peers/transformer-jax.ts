// The zipflab transformer in jax-js (its WebAssembly device; single-threaded in Node, which has
// no Web Worker global for its pool): the model in numpy ops, valueAndGrad, Adam by hand, the
// whole step under jit. jax-js counts references: an array used twice is passed as `.ref`.
import type { PeerModel, PeerStepper } from "./transformer-model.js";

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

type Jax = typeof import("@jax-js/jax");

function jaxVersion(): string {
  try {
    const entry = createRequire(import.meta.url).resolve("@jax-js/jax");
    return (JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}
type A = import("@jax-js/jax").Array;

type Layer = { ln1w: A; ln1b: A; wqkv: A; bqkv: A; wproj: A; bproj: A; ln2w: A; ln2b: A; wfc: A; bfc: A; wfc2: A; bfc2: A };
// (a type alias, as jax-js's pytrees ask)
type Params = { wte: A; wpe: A; layers: Layer[]; lnfw: A; lnfb: A; wout: A; bout: A };

export async function jaxTransformer(m: PeerModel): Promise<PeerStepper & { version: string }> {
  // jax-js reads navigator.userAgent (and navigator.gpu) at init; Node 20 has no navigator
  (globalThis as { navigator?: unknown }).navigator ??= { userAgent: "Node.js" };
  const jax: Jax = await import("@jax-js/jax");
  const { numpy: np, nn, jit, valueAndGrad, tree } = jax;
  await jax.init();
  jax.defaultDevice("wasm");
  const { V, T, D, L, H, B } = m;
  const hd = D / H,
    P = B * T;
  const arr = (name: string, shape: number[]) => np.array(m.tensor(name)).reshape(shape);
  let params: Params = {
    wte: arr("wte", [V, D]),
    wpe: arr("wpe", [T, D]),
    layers: Array.from({ length: L }, (_, l) => {
      const n = (s: string) => `h${l}.${s}`;
      return {
        ln1w: arr(n("ln1w"), [D]),
        ln1b: arr(n("ln1b"), [D]),
        wqkv: arr(n("wqkv"), [D, 3 * D]),
        bqkv: arr(n("bqkv"), [3 * D]),
        wproj: arr(n("wproj"), [D, D]),
        bproj: arr(n("bproj"), [D]),
        ln2w: arr(n("ln2w"), [D]),
        ln2b: arr(n("ln2b"), [D]),
        wfc: arr(n("wfc"), [D, 4 * D]),
        bfc: arr(n("bfc"), [4 * D]),
        wfc2: arr(n("wfc2"), [4 * D, D]),
        bfc2: arr(n("bfc2"), [D]),
      };
    }),
    lnfw: arr("lnfw", [D]),
    lnfb: arr("lnfb", [D]),
    wout: arr("wout", [D, V]),
    bout: arr("bout", [V]),
  };
  const tokens = np.array(m.tokens, { dtype: np.int32 });
  const onehot = np.array(Float32Array.from({ length: P * V }, (_, i) => (m.targets[Math.floor(i / V)] === i % V ? 1 : 0))).reshape([P, V]);
  const mask = np.array(Float32Array.from({ length: T * T }, (_, i) => (i % T > Math.floor(i / T) ? -1e9 : 0))).reshape([1, 1, T, T]);
  const scale = 1 / Math.sqrt(hd);
  const c = Math.sqrt(2 / Math.PI);

  const layerNorm = (x: A, w: A, b: A) => {
    const mean = x.ref.mean(-1, { keepdims: true });
    const xc = x.sub(mean);
    const variance = xc.ref.mul(xc.ref).mean(-1, { keepdims: true });
    return xc
      .div(np.sqrt(variance.add(1e-5)))
      .mul(w)
      .add(b);
  };
  const gelu = (x: A) => x.ref.mul(0.5).mul(np.tanh(x.ref.add(x.ref.mul(x.ref).mul(x).mul(0.044715)).mul(c)).add(1));
  const heads = (x: A) => x.reshape([B, T, H, hd]).transpose([0, 2, 1, 3]);

  const loss = (p: Params, tok: A, hot: A, msk: A): A => {
    let x = np.take(p.wte, tok, 0).add(np.tile(p.wpe, [B, 1]));
    for (const l of p.layers) {
      const qkv = np.matmul(layerNorm(x.ref, l.ln1w, l.ln1b), l.wqkv).add(l.bqkv);
      const [q, k, v] = np.split(qkv, 3, 1);
      const s = np
        .matmul(heads(q), heads(k).transpose([0, 1, 3, 2]))
        .mul(scale)
        .add(msk.ref);
      const o = np.matmul(nn.softmax(s, -1), heads(v)).transpose([0, 2, 1, 3]).reshape([P, D]);
      x = x.add(np.matmul(o, l.wproj).add(l.bproj));
      const f = gelu(np.matmul(layerNorm(x.ref, l.ln2w, l.ln2b), l.wfc).add(l.bfc));
      x = x.add(np.matmul(f, l.wfc2).add(l.bfc2));
    }
    msk.dispose();
    const logits = np.matmul(layerNorm(x, p.lnfw, p.lnfb), p.wout).add(p.bout);
    return nn
      .logSoftmax(logits, -1)
      .mul(hot)
      .sum()
      .mul(-1 / P);
  };
  const grads = jit(valueAndGrad(loss));
  const b1 = 0.9,
    b2 = 0.999,
    eps = 1e-8,
    lr = m.lr;
  // Adam, bias-corrected: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − η m̂/(√v̂ + ε)
  const adam = jit((w: A, g: A, mo: A, ve: A, c1: A, c2: A): [A, A, A] => {
    const m2 = mo.mul(b1).add(g.ref.mul(1 - b1));
    const v2 = ve.mul(b2).add(g.ref.mul(g).mul(1 - b2));
    const w2 = w.sub(
      m2.ref
        .mul(c1)
        .div(np.sqrt(v2.ref.mul(c2)).add(eps))
        .mul(lr),
    );
    return [w2, m2, v2];
  });
  let moments = tree.map((x: A) => np.zerosLike(x.ref), params) as Params;
  let velocities = tree.map((x: A) => np.zerosLike(x.ref), params) as Params;
  let t = 0;
  const step = (): number => {
    t++;
    const [value, g] = grads(tree.ref(params), tokens.ref, onehot.ref, mask.ref);
    const c1 = np.array(1 / (1 - b1 ** t)),
      c2 = np.array(1 / (1 - b2 ** t));
    const [leaves, def] = tree.flatten(params);
    const [gl] = tree.flatten(g);
    const [ml] = tree.flatten(moments);
    const [vl] = tree.flatten(velocities);
    const out = leaves.map((w, i) => adam(w, gl[i], ml[i], vl[i], c1.ref, c2.ref));
    c1.dispose();
    c2.dispose();
    params = tree.unflatten(
      def,
      out.map((o) => o[0]),
    ) as Params;
    moments = tree.unflatten(
      def,
      out.map((o) => o[1]),
    ) as Params;
    velocities = tree.unflatten(
      def,
      out.map((o) => o[2]),
    ) as Params;
    return value.item();
  };
  const loss0 = step();
  const loss1 = (jit(loss)(tree.ref(params), tokens.ref, onehot.ref, mask.ref) as A).item();
  return { loss0, loss1, step: () => void step(), version: jaxVersion() };
}
