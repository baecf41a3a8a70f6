// Memory of the transformer in WASM, laid out by the TS side (the kernel reads the offsets
// from the transformerArea block): one scratch area per thread holding one block's
// activations and gradient scratch, and the problem's own arrays. A config's size is checked
// with these before the corpus is read or anything large built; a run's estimate is its
// layout run dry (src/loop/memory.ts), which lays out the same areas.
import { TRANSFORMER_AREA_BLOCK } from "../../layout/generated.js";
import { checkMemory } from "../shared/memory.js";
import { fieldPath } from "../declaration.js";
import type { TransformerConfig } from "./config.js";
import { modelParams, transposedFloats, type Dims } from "./layout.js";

export type AreaField = keyof typeof TRANSFORMER_AREA_BLOCK.fields;

const align16 = (x: number) => Math.ceil(x / 16) * 16;

/** Byte offsets of one thread's area for blocks of `blockWindows` windows (per-layer fields within a layer slice). */
export function areaLayout(d: Dims, blockWindows: number): Record<AreaField, number> {
  const { V, T, D, H } = d;
  const P = blockWindows * T;
  let at = 0;
  const take = (bytes: number) => {
    const o = at;
    at = align16(at + bytes);
    return o;
  };
  const out = {} as Record<AreaField, number>;
  out.tokens = take(4 * P);
  out.targets = take(4 * P);
  out.ones = take(4 * P);
  // a layer's slice, offsets relative to its start
  let inLayer = 0;
  const layerTake = (bytes: number) => {
    const o = inLayer;
    inLayer = align16(inLayer + bytes);
    return o;
  };
  out.x = layerTake(4 * P * D);
  out.ln1 = layerTake(4 * P * D);
  out.mean1 = layerTake(4 * P);
  out.rstd1 = layerTake(4 * P);
  out.qkv = layerTake(12 * P * D);
  out.probs = layerTake(4 * blockWindows * H * T * T);
  out.att = layerTake(4 * P * D);
  out.mid = layerTake(4 * P * D);
  out.ln2 = layerTake(4 * P * D);
  out.mean2 = layerTake(4 * P);
  out.rstd2 = layerTake(4 * P);
  out.fc = layerTake(16 * P * D);
  out.gelu = layerTake(16 * P * D);
  out.layerBytes = inLayer;
  out.layers = take(d.L * inLayer);
  out.final = take(4 * P * D);
  out.lnf = take(4 * P * D);
  out.meanF = take(4 * P);
  out.rstdF = take(4 * P);
  out.logits = take(4 * P * V);
  out.dx = take(4 * P * D);
  out.dtmp = take(4 * P * D);
  out.dbig = take(16 * P * D);
  out.dqkv = take(12 * P * D);
  out.attScratch = take(4 * (T * T + T * Math.max(T, D / H)));
  out.tmp = take(4 * P * D);
  out.classPartial = take(8 * V);
  out.mark = take(V);
  out.touched = take(4 * V);
  out.size = at;
  return out;
}

/** Windows per block: about 256 positions (a fixed function of T, never of the thread count). */
export const blockWindowsFor = (T: number) => Math.max(1, Math.floor(256 / T));

export interface TransformerMemory {
  /** Everything the problem lays out in WASM, for `threads` threads. */
  total: number;
  /** Trainable parameters. */
  n: number;
  activations: number;
}

/**
 * The problem's WASM bytes: token stream and window lists, the transposed weights (train all),
 * the frozen model and cached features (train last), and per thread an area and a block gradient.
 */
export function transformerLayoutBytes(
  d: Dims,
  opts: {
    train: "all" | "last";
    tokens: number;
    trainWindows: number;
    windows: number;
    validation: number;
    batch: number;
    threads: number;
  },
): TransformerMemory {
  const all = opts.train === "all";
  const n = all ? modelParams(d) : d.D * d.V + d.V;
  const bw = blockWindowsFor(d.T);
  const area = areaLayout(d, bw).size;
  const blocks = Math.ceil(Math.max(opts.windows, opts.validation, opts.batch) / bw);
  const data = 4 * (opts.tokens + opts.trainWindows + opts.windows + opts.validation + opts.batch) + 8 * blocks + 8 * d.V;
  const model = all ? 4 * transposedFloats(d) : 4 * modelParams(d) + 4 * (opts.windows + opts.validation) * d.T * d.D;
  const perThread = area + 4 * n;
  return { total: data + model + opts.threads * perThread + 4096, n, activations: opts.threads * area };
}

/**
 * Refuses a config whose model, gradient and one thread's activations cannot fit in WebAssembly
 * memory, from its sizes alone (before the corpus is read; the run's estimate adds the rest).
 */
export function checkTransformerSize(c: TransformerConfig, field = "problem"): void {
  const dims: Dims = { V: c.vocab, T: c.context, D: c.width, L: c.layers, H: c.heads };
  const m = transformerLayoutBytes(dims, {
    train: c.train,
    tokens: 0,
    trainWindows: 0,
    windows: c.windows,
    validation: c.validation,
    batch: c.batch === "full" ? 0 : c.batch,
    threads: 1,
  });
  checkMemory(
    fieldPath(field, "width"),
    m.total + 8 * m.n,
    `V = ${c.vocab}, T = ${c.context}, D = ${c.width}, L = ${c.layers}: ${m.n} trainable parameters and their gradient, activations of ${blockWindowsFor(c.context)} windows`,
    "lower --width, --layers, --context or --vocab",
  );
}
