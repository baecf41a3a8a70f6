// The transformer problem: a small GPT trained on next-token cross-entropy over windows of a
// corpus token stream (Kunstner et al. 2024, Figure 1, on a laptop). Kernel:
// assembly/problems/transformer/problem.ts (blocks of windows, summed in block order for any
// thread count) and model.ts; the twin is twinPass below with ./model.ts.
//   L(θ) = 1/(N·T) Σ_windows Σ_p ℓ_p(θ),  classes = next tokens, groups by their frequency
// train "all": θ is every parameter. train "last": θ is the unembedding (U, c) alone, on the
// features of the frozen body (GPT-2 initialization, or a checkpoint): the paper's last-layer
// experiment; the features of the fixed window sets are computed once.
import { ConfigError } from "../../config/error.js";
import { TRANSFORMER_AREA_BLOCK, TRANSFORMER_BLOCK } from "../../layout/generated.js";
import { corpusTokenStream } from "../../corpus/registry.js";
import { F32 } from "../../nn/arith.js";
import { addVectors } from "../../nn/vector.js";
import { scaledIndex } from "../../rng/scaled-index.js";
import type { Xoshiro128 } from "../../rng/xoshiro.js";
import type { LayoutArena } from "../../wasm/arena.js";
import { ProblemCode } from "../codes.js";
import type { ClassStatistics, Problem } from "../problem.js";
import { checkMemory } from "../shared/memory.js";
import { checkFits, readCheckpoint, vocabularyHash } from "./checkpoint.js";
import { resolveTransformerConfig, type TransformerConfig, type TransformerInput } from "./config.js";
import { transformerData, type TransformerData } from "./data.js";
import { gpt2Init } from "./init.js";
import { headOffset, modelParams, transposedFloats, type Dims } from "./layout.js";
import { areaLayout, blockWindowsFor, checkTransformerSize, transformerLayoutBytes } from "./memory.js";
import { backwardBody, blockActs, forwardBody, head } from "./model.js";

export interface TransformerProblem extends Problem {
  readonly config: TransformerConfig;
  readonly dims: Dims;
  readonly data: TransformerData;
  /** The corpus's words by id (the class names). */
  readonly words: string[];
  /** Fingerprint of the vocabulary (checkpoints record it). */
  readonly vocabHash: string;
  /** Every parameter of the model at the start (train last: the frozen body and the initial head). */
  readonly model: Float32Array;
  /** Windows per block (a function of T alone). */
  readonly blockWindows: number;
  twinLoss(w: Float32Array): number;
  /** The loss on the held-out windows (the twin). */
  twinValidationLoss(w: Float32Array): number;
  /** Every parameter of the model with the trainable ones at w (for --save). */
  fullModel(w: Float32Array): Float32Array;
}

export function transformerProblem(input: TransformerInput = {}, field = "problem"): TransformerProblem {
  const config = resolveTransformerConfig(input, field);
  const at = (f: string) => (field ? `${field}.${f}` : f);
  const dims: Dims = { V: config.vocab, T: config.context, D: config.width, L: config.layers, H: config.heads };
  const { V, T, D } = dims;
  const last = config.train === "last";
  const B = config.batch === "full" ? 0 : config.batch;
  const bw = blockWindowsFor(T);

  // The size first: nothing large is built before it fits (the run adds the optimizer's state).
  checkTransformerSize(config, field);

  let corpus: ReturnType<typeof corpusTokenStream>;
  try {
    corpus = corpusTokenStream(config.corpus, { vocab: config.vocab, punctuation: config.punctuation });
  } catch (e) {
    // the corpus registry names its own fields (corpus, vocab): here they are the problem's
    if (e instanceof ConfigError && !e.field.includes(".")) throw new ConfigError(at(e.field), e.detail);
    throw e;
  }
  const data = transformerData(corpus, { ...config }, field);
  const memory = transformerLayoutBytes(dims, {
    train: config.train,
    tokens: data.stream.length,
    trainWindows: data.trainStarts.length,
    windows: config.windows,
    validation: config.validation,
    batch: B,
    threads: 1,
  });
  checkMemory(
    at("windows"),
    memory.total + 8 * memory.n,
    `the token stream of ${corpus.name} and the window sets`,
    "lower --windows or --validation",
  );
  const vocabHash = vocabularyHash(corpus.words);

  let model: Float32Array;
  if (config.init !== "") {
    const c = readCheckpoint(config.init, at("init"));
    checkFits(c.header, dims, vocabHash, at("init"), config.init);
    model = c.params;
    // train last learns the unembedding afresh on the checkpoint's features
    if (last) model.set(gpt2Init(dims, config.seed).subarray(headOffset(dims)), headOffset(dims));
  } else {
    model = gpt2Init(dims, config.seed);
  }
  const n = last ? D * V + V : modelParams(dims);
  const headAt = last ? 0 : headOffset(dims);
  const dense = last ? 0 : V * D;

  // frequencies of the next tokens on the evaluation set: the classes' shares
  let positions = 0;
  for (const c of data.evalTargetCounts) positions += c;
  const frequencies = data.evalTargetCounts.map((c) => c / positions);

  // ---- the twin ----
  const twinFeatures = new Map<Int32Array, Float32Array>();
  /** train last: the frozen final-LayerNorm outputs of a window set (computed once, as layout does). */
  const featuresOf = (starts: Int32Array): Float32Array => {
    let f = twinFeatures.get(starts);
    if (!f) {
      f = new Float32Array(starts.length * T * D);
      for (let b = 0; b * bw < starts.length; b++) {
        const k = Math.min(bw, starts.length - b * bw);
        const a = blockActs(dims, data.stream, starts.subarray(b * bw, b * bw + k), k);
        forwardBody(dims, model, a);
        f.set(a.lnf, b * bw * T * D);
      }
      twinFeatures.set(starts, f);
    }
    return f;
  };

  /** Twin of the kernel's pass: Σ ℓ/(windows·T), gradient (g), per-class loss sums (cls). */
  function twinPass(w: Float32Array, g: Float32Array | null, starts: Int32Array, cls: Float64Array | null): number {
    const windows = starts.length;
    const scale = 1 / (windows * T);
    // the fixed window sets' frozen features are cached, as the layout caches them; a batch's are not
    const cached = last && (starts === data.evalStarts || starts === data.valStarts) ? featuresOf(starts) : null;
    const body = last ? model : w;
    const mark = new Uint8Array(V),
      touched = new Int32Array(V);
    let total = 0;
    for (let b = 0; b * bw < windows; b++) {
      const k = Math.min(bw, windows - b * bw);
      const a = blockActs(dims, data.stream, starts.subarray(b * bw, b * bw + k), k);
      if (!cached) forwardBody(dims, body, a, F32);
      const partial = cls ? new Float64Array(V) : null;
      const gb = g ? new Float32Array(n) : null;
      const loss = head(dims, w, headAt, cached ?? a.lnf, cached ? b * bw * T * D : 0, a, scale, partial, gb, headAt, F32);
      const count = gb && !last ? backwardBody(dims, w, a, gb, mark, touched, F32) : 0;
      total += loss;
      if (gb) {
        addVectors(g!, dense, gb, dense, g!, dense, n - dense);
        for (let j = 0; j < count; j++) addVectors(g!, touched[j] * D, gb, touched[j] * D, g!, touched[j] * D, D);
        for (let j = 0; j < count; j++) mark[touched[j]] = 0;
      }
      if (partial) for (let c = 0; c < V; c++) cls![c] += partial[c];
    }
    return total / (windows * T);
  }

  const batchStarts = new Int32Array(B);
  // the windows mini-batches draw from
  const pool = config.sample === "set" ? data.evalStarts : data.trainStarts;
  const classStats: ClassStatistics = {
    classes: V,
    classIs: "next token",
    frequencies,
    fields: ["loss"],
    // the unembedding's column of token k (and its bias) belongs to class k; the body to none
    classOfParam: (i) => (i < headAt ? -1 : i < headAt + D * V ? (i - headAt) % V : i - headAt - D * V),
    wasmValues: V,
    wasm: (exports, prob, w, _g, out) => {
      exports.transformerClassLoss(prob, w, out);
      const v = new Float64Array(exports.memory.buffer, out, V);
      for (let k = 0; k < V; k++) v[k] /= data.evalTargetCounts[k];
    },
    twin: (w) => {
      const cls = new Float64Array(V);
      twinPass(w, null, data.evalStarts, cls);
      return cls.map((s, k) => s / data.evalTargetCounts[k]);
    },
  };

  return {
    code: ProblemCode.Transformer,
    n,
    config,
    dims,
    data,
    words: corpus.words,
    vocabHash,
    model,
    blockWindows: bw,
    classStats,
    heldOut: {
      wasm: (exports, prob, w) => exports.transformerValidationLoss(prob, w),
      twin: (w) => twinPass(w, null, data.valStarts, null),
    },
    initialWeights: () => (last ? model.slice(headOffset(dims)) : model.slice()),
    fullModel(w: Float32Array): Float32Array {
      if (!last) return w.slice();
      const out = model.slice();
      out.set(w, headOffset(dims));
      return out;
    },
    layout(arena: LayoutArena, rng: number, _seed?: number, poolThreads = 1): number {
      const kernels = arena.kernels;
      // an area and a block gradient per thread of the pool the kernels run on (a dry run: the run's count)
      const threads = kernels ? kernels.poolThreads() : poolThreads;
      const bytes = areaLayout(dims, bw);
      const stream = arena.put(data.stream);
      const starts = arena.put(pool);
      const evalStarts = arena.put(data.evalStarts);
      const valStarts = arena.put(data.valStarts);
      const batch = arena.alloc(4 * Math.max(B, 1));
      const blocks = Math.ceil(Math.max(config.windows, config.validation, B) / bw);
      const areaBlock = arena.alloc(TRANSFORMER_AREA_BLOCK.bytes);
      arena.writeBlock(areaBlock, TRANSFORMER_AREA_BLOCK, bytes);
      const area = arena.alloc(threads * bytes.size);
      // the scatter-add's coefficients: ones, in every area
      for (let t = 0; t < threads; t++) arena.fillF32(area + t * bytes.size + bytes.ones, bw * T, 1);
      const fields = {
        vocab: V,
        context: T,
        width: D,
        layers: dims.L,
        heads: dims.H,
        train: last ? 1 : 0,
        n,
        batch: B,
        windows: config.windows,
        blockWindows: bw,
        stream,
        starts,
        nStarts: pool.length,
        evalStarts,
        valStarts,
        nVal: config.validation,
        batchStarts: batch,
        rng,
        frozen: last ? arena.put(model) : 0,
        evalFeatures: 0,
        valFeatures: 0,
        transposed: last ? 0 : arena.allocF32(transposedFloats(dims)),
        area,
        areaLayout: areaBlock,
        areaStride: bytes.size,
        threads,
        blockGrads: arena.allocF32(threads * n),
        blockLoss: arena.alloc(8 * blocks),
        evalClass: arena.alloc(8 * V),
        evalW: 0,
        evalLoss: 0,
        jobW: 0,
        jobG: 0,
        jobStarts: 0,
        jobWindows: 0,
        jobFeatures: 0,
        jobClass: 0,
        jobScale: 0,
      };
      const block = arena.alloc(TRANSFORMER_BLOCK.bytes);
      arena.writeBlock(block, TRANSFORMER_BLOCK, fields);
      if (last) {
        const ev = arena.allocF32(config.windows * T * D),
          va = arena.allocF32(config.validation * T * D);
        if (!arena.dryRun) {
          if (!kernels) throw new Error("transformer --train last: the layout computes the frozen features with the WASM core");
          kernels.transformerFeatures(block, fields.frozen, evalStarts, config.windows, ev);
          kernels.transformerFeatures(block, fields.frozen, valStarts, config.validation, va);
        }
        arena.writeBlock(block, TRANSFORMER_BLOCK, { ...fields, evalFeatures: ev, valFeatures: va });
      }
      return block;
    },
    twinGradient(w: Float32Array, g: Float32Array, rng: Xoshiro128): number {
      g.fill(0);
      if (B === 0) return twinPass(w, g, data.evalStarts, null);
      for (let j = 0; j < B; j++) batchStarts[j] = pool[scaledIndex(rng.nextU32(), pool.length)];
      return twinPass(w, g, batchStarts, null);
    },
    twinLoss: (w) => twinPass(w, null, data.evalStarts, null),
    twinValidationLoss: (w) => twinPass(w, null, data.valStarts, null),
  };
}
