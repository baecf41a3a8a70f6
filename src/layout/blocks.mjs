// What crosses the TS/WASM boundary, declared once: the struct blocks the TS side writes and the
// kernels read, the problems (their blocks and kernels), the optimizer transforms (their codes,
// named slots and kernels), and enums. Each block is a list of [field, type, meaning]; offsets
// follow from the order (natural alignment: f64 on 8 bytes). `node src/layout/generate.mjs`
// (run by `npm run build:wasm`) writes assembly/layout.ts (constants for the kernels),
// assembly/problems/dispatch.ts and assembly/optimizers/dispatch.ts (the switches on codes) and
// src/layout/generated.ts (offsets, codes and slots for the TS side); test/layout/layout.test.ts
// checks they are current.
// Types: i32, u32, f32, f64, ptr (a wasm32 pointer: u32).

export const BLOCKS = {
  loop: {
    doc: "The loop block: the TS side writes it (src/loop/wasm.ts), the step loop (assembly/loop.ts) reads and advances it",
    fields: [
      ["code", "u32", "problem code (ProblemCode)"],
      ["problem", "ptr", "the problem's block"],
      ["chain", "ptr", "optimizer chain (op blocks)"],
      ["nOps", "i32", "transforms in the chain"],
      ["w", "ptr", "weights (f32 n)"],
      ["g", "ptr", "gradient (f32 n; a 16-byte stub when the problem fuses the update)"],
      ["n", "i32", "parameters"],
      ["t", "i32", "steps done (advanced by the loop)"],
      ["recordSteps", "ptr", "steps to record (i32, ascending)"],
      ["nRecord", "i32", "recorded steps"],
      ["cursor", "i32", "next record (advanced by the loop)"],
      ["trajectory", "ptr", "weights at the recorded steps (f32 nRecord×n; 0 = not recorded)"],
      ["lossTrace", "ptr", "batch loss at the recorded steps (f32 nRecord)"],
      ["nonzeroCounts", "ptr", "non-zero-gradient counts (u32 n, or u32 countFold; 0 = off)"],
      ["divergedAt", "i32", "step whose loss was NaN/Inf (0 = finite so far)"],
      // touchedRows, in this order: the view a row-sparse problem kernel gets (loop + LOOP_ROW_LEN)
      ["rowLen", "i32", "row length (0 = the problem writes all of g)"],
      ["mark", "ptr", "touched marks (u8 per row)"],
      ["touched", "ptr", "touched rows (i32 per row)"],
      ["nTouched", "i32", "touched rows this step (set by the problem kernel, reset by the loop)"],
      ["rowUpdates", "u32", "1 = the optimizer visits only the touched rows"],
      ["exactLossTrace", "ptr", "L(w_t) after each recorded step (f64 nRecord; 0 = off)"],
      ["lrSchedule", "ptr", "learning-rate schedule block (0 = factor 1)"],
      ["fused", "u32", "1 = the problem kernel runs the row-local chain on each row it computes"],
      ["classTrace", "ptr", "raw per-class loss sums at the recorded steps (f64 nRecord × classes; 0 = off)"],
      ["deferred", "u32", "1 = a step's loss is the exact L at the weights it starts from, so L(w_t) of a recorded step comes with step t + 1's pass"],
      ["classes", "i32", "classes (for classTrace)"],
      ["rng", "ptr", "the generator state the problem draws from (exact lazy Adam replays the batch's draws)"],
      ["countFold", "i32", "0 = counts per parameter (u32 n); F > 0 = per parameter index mod F (u32 F: a problem's classes)"],
    ],
  },
  rng: {
    doc: "The generator's state (assembly/rng.ts): xoshiro128** words, seeded on the TS side (src/rng/seed.ts), and the polar method's spare normal",
    fields: [
      ["s0", "u32", "xoshiro128** word 0"],
      ["s1", "u32", "word 1"],
      ["s2", "u32", "word 2"],
      ["s3", "u32", "word 3"],
      ["hasSpare", "u32", "1 = spare holds the second normal of the last polar pair"],
      ["spare", "f64", "the spare normal"],
    ],
  },
  touchedRows: {
    doc: "Touched rows of a row-sparse step, as a problem kernel sees them (the loop block's rowLen…nTouched)",
    fields: [
      ["rowLen", "i32", "row length"],
      ["mark", "ptr", "touched marks (u8 per row)"],
      ["rows", "ptr", "touched rows (i32 per row)"],
      ["nTouched", "i32", "touched rows this step"],
    ],
  },
  op: {
    doc: "One transform of an optimizer chain: src/optimizers/chain.ts writes one per transform, the kernels in assembly/optimizers/ read it (constants through v128.load32_splat: V8 would otherwise re-splat a scalar inside the loop, ~1.6× slower)",
    fields: [
      ["code", "u32", "which kernel (TransformCode, TRANSFORMS below)"],
      ["flags", "u32", "kernel-specific (e.g. Nesterov)"],
      ["s0", "ptr", "first state array (n f32), e.g. Adam's m"],
      ["s1", "ptr", "second state array, e.g. Adam's v"],
      ...Array.from({ length: 8 }, (_, i) => [`p${i}`, "f32", i === 0 ? "hyperparameters p0…p7: the transform's `params`, in order (1−β rounded once from f64 by TS)" : `hyperparameter ${i}`]),
      ...Array.from({ length: 4 }, (_, i) => [`q${i}`, "f32", i === 0 ? "per-step scalars q0…q3: the transform's `scalars`, derived in its prepare phase" : `per-step scalar ${i}`]),
      ["d0", "f64", "f64 slots d0, d1: the transform's `exact` constants (Adam: β1, β2) or a reduction (Σu², Σ|u|)"],
      ["d1", "f64", "second exact constant"],
      ["lazy", "ptr", "exact lazy Adam's row bookkeeping (the lazyAdam block; 0 = none)"],
    ],
  },
  lazyAdam: {
    doc: "Exact lazy Adam's row bookkeeping; the op block's `lazy` field points at it (assembly/optimizers/lazy-adam.ts)",
    fields: [
      ["segments", "i32", "rows (nSeg)"],
      ["segmentLength", "i32", "row length"],
      ["windowStart", "i32", "W0: every row's last step is ≥ W0"],
      ["t", "i32", "the step being taken"],
      ["last", "ptr", "the step each row is current at (i32 nSeg)"],
      ["sums", "ptr", "E: prefix sums of r^j c_t within the window (f64 F+1)"],
      ["powers", "ptr", "r^k (f64 L+1)"],
      ["inversePowers", "ptr", "r^−k (f64 L+1)"],
    ],
  },
  threadControl: {
    doc: "The threaded loop's control words (src/loop/threads.ts), Atomics on a SharedArrayBuffer shared by the threads",
    fields: [
      ["generation", "i32", "bumped once per step: workers wake and run the job"],
      ["done", "i32", "workers done with this step's job"],
      ["stop", "i32", "1 = workers exit"],
      ["next", "i32", "the next row block to claim"],
    ],
  },
  threadJob: {
    doc: "One step's job for the threads (src/loop/threads.ts): each claimed row block runs the problem's `rows` kernel",
    fields: [
      ["code", "u32", "problem code (ProblemCode)"],
      ["problem", "ptr", "the problem's block"],
      ["w", "ptr", "weights"],
      ["chain", "ptr", "optimizer chain (op blocks)"],
      ["nOps", "i32", "transforms in the chain"],
      ["nonzeroCounts", "ptr", "per-thread non-zero-gradient counts (u32 countLen × threads; 0 = off)"],
      ["partials", "ptr", "per-block class partial sums (f64 classes × blocks; 0 = off)"],
      ["rowLoss", "ptr", "each row's loss (f64 rows)"],
      ["scratch", "ptr", "per-thread row scratch"],
      ["rows", "i32", "rows of the step: with partials, CLASS_BLOCKS blocks ⌊b·rows/CLASS_BLOCKS⌋ … ⌊(b+1)·rows/CLASS_BLOCKS⌋ − 1; else chunks of THREAD_CHUNK_ROWS rows"],
      ["blocks", "i32", "blocks to claim: CLASS_BLOCKS with partials, else ⌈rows/THREAD_CHUNK_ROWS⌉"],
      ["classes", "i32", "classes: the length of a block's partial sums"],
      ["countLen", "i32", "length of a thread's non-zero counts (the problem's countFold)"],
      ["scratchBytes", "i32", "bytes of scratch per thread"],
    ],
  },
  pool: {
    doc: "A pool of threads on one shared memory (assembly/parallel.ts; Node workers: src/loop/pool.ts): the tasks of one parallelFor",
    fields: [
      ["generation", "i32", "bumped to start a parallelFor (workers wait on it)"],
      ["stop", "i32", "1 = workers return"],
      ["next", "i32", "next task to claim"],
      ["done", "i32", "workers finished with this generation"],
      ["turn", "i32", "ordered sections: the task whose turn it is"],
      ["count", "i32", "tasks"],
      ["task", "ptr", "the task function (an AssemblyScript function reference: the same in every instance)"],
      ["job", "ptr", "the job block the task reads"],
      ["workers", "i32", "worker threads (the caller is thread 0, workers 1 … workers)"],
      ["failed", "i32", "1 = a worker trapped or the pool is closing: waits return at once"],
    ],
  },  transformerArea: {
    doc: "Byte offsets within one thread's scratch area of the transformer (laid out by src/problems/transformer/memory.ts); per-layer offsets within layer l's slice at layers + l·layerBytes",
    fields: [
      ["tokens", "i32", "input ids of the block's positions (i32 P, P = blockWindows·T)"],
      ["targets", "i32", "next-token ids (i32 P)"],
      ["ones", "i32", "f32 P of 1 (the scatter-add's coefficients)"],
      ["layers", "i32", "layer 0's slice"],
      ["layerBytes", "i32", "bytes per layer slice"],
      ["x", "i32", "layer input x (P·D)"],
      ["ln1", "i32", "LN₁(x) (P·D)"],
      ["mean1", "i32", "LN₁ means (P)"],
      ["rstd1", "i32", "LN₁ 1/σ (P)"],
      ["qkv", "i32", "q, k, v (P·3D)"],
      ["probs", "i32", "attention probabilities (windows·H·T·T)"],
      ["att", "i32", "attention output before the projection (P·D)"],
      ["mid", "i32", "x + projection (P·D)"],
      ["ln2", "i32", "LN₂(mid) (P·D)"],
      ["mean2", "i32", "LN₂ means (P)"],
      ["rstd2", "i32", "LN₂ 1/σ (P)"],
      ["fc", "i32", "MLP pre-activation (P·4D)"],
      ["gelu", "i32", "GELU(fc) (P·4D)"],
      ["final", "i32", "x after the last layer (P·D)"],
      ["lnf", "i32", "final LayerNorm output (P·D)"],
      ["meanF", "i32", "its means (P)"],
      ["rstdF", "i32", "its 1/σ (P)"],
      ["logits", "i32", "logits, then their gradient (P·V)"],
      ["dx", "i32", "gradient of the residual stream (P·D)"],
      ["dtmp", "i32", "gradient scratch (P·D)"],
      ["dbig", "i32", "MLP gradient (P·4D)"],
      ["dqkv", "i32", "gradient of q, k, v (P·3D)"],
      ["attScratch", "i32", "attention scratch (T·T + T·max(T, D/H))"],
      ["tmp", "i32", "projection output (P·D)"],
      ["classPartial", "i32", "per-class loss sums of one block (f64 V)"],
      ["mark", "i32", "embedding rows touched in the block (u8 V)"],
      ["touched", "i32", "their list (i32 V)"],
      ["size", "i32", "the area's size in bytes"],
    ],
  },  lrSchedule: {
    doc: "Learning-rate schedule (assembly/optimizers/lr-schedule.ts)",
    fields: [
      ["kind", "u32", "LrScheduleKind"],
      ["warmup", "i32", "warm-up steps w"],
      ["every", "i32", "step schedule: steps per decay"],
      ["total", "i32", "cosine: T (steps)"],
      ["final", "f64", "cosine: final factor"],
      ["gamma", "f64", "step schedule: decay factor γ"],
    ],
  },
};

/**
 * The problems, in the order of their codes (ProblemCode: 1, 2, …). Each has its block (what its
 * TS side writes and its kernels read) and its kernels: `module` (under assembly/) and the call
 * the generated dispatch (assembly/problems/dispatch.ts) makes for each entry point, in terms of
 * the dispatch's arguments — gradient (writes g, returns the batch loss; required), loss (the
 * exact L(w)), step (a step with the optimizer chain fused in), classLoss (L(w) and the raw
 * per-class sums, for deferred records), rows (a fused full-batch pass over rows i0..i1, what
 * the threaded loop splits).
 */
export const PROBLEMS = {
  tokens: {
    doc: "The six-token problem (assembly/problems/tokens/problem.ts)",
    fields: [
      ["tokens", "i32", "K features"],
      ["batch", "i32", "B samples per step"],
      ["sigma", "f32", "target noise σ"],
      ["thresholds", "ptr", "presence thresholds ⌈2²⁴·p_k⌉ (i32 K): feature k present iff ⌊x/2⁸⌋ < t_k"],
      ["target", "ptr", "true weights w* (f32 K)"],
      ["scratch", "ptr", "draws (16·(2K+2)·S/8), masks (i32 ⌈K/32⌉×S), targets, residuals (f32 S), g lanes (f32 4K), loss lanes (f64 4), normals (f32 8), subset sums (f32 2^K if K ≤ 8); S = R rounded up to 8"],
      ["lanes", "ptr", "four-lane xoshiro128** state (64 bytes, rng-lanes.ts)"],
      ["blockSamples", "i32", "R samples per block (a multiple of 8, or B)"],
      ["stream", "ptr", "shared sample stream: masks (i32 ⌈K/32⌉×(N+8), word-major) then targets (f32 N+8); 0 = none"],
      ["streamMode", "i32", "0 draw, 1 draw and record, 2 replay"],
      ["streamCursor", "i32", "samples done in the stream"],
      ["streamLength", "i32", "N samples in the stream"],
    ],
    kernels: {
      module: "problems/tokens/problem",
      gradient: "tokensGradient(prob, w, g)",
    },
  },
  quadratic: {
    doc: "Weighted quadratic f(w) = Σ π_k ½(w_k − w*_k)² (assembly/problems/quadratic/problem.ts)",
    fields: [
      ["d", "i32", "coordinates"],
      ["pi", "ptr", "π (f32 d)"],
      ["target", "ptr", "w* (f32 d)"],
    ],
    kernels: {
      module: "problems/quadratic/problem",
      gradient: "quadraticGradient(prob, w, g)",
      loss: "quadraticLoss(prob, w)",
    },
  },
  bigramSquare: {
    doc: "Linear bigram model, square loss, on synthetic Zipf data or a count matrix (assembly/problems/bigram-square/problem.ts)",
    fields: [
      ["d", "i32", "vocabulary size"],
      ["batch", "i32", "B sampled pairs per step (0 = full batch)"],
      ["data", "u32", "BigramData: Zipf (p_i = π permuted by row i's ranking) or Counts (targets q = c/N in CSR)"],
      ["pi", "ptr", "π (f32 d): the input frequencies"],
      ["aliasTable", "ptr", "alias table (sampling/alias.ts): of π (Zipf), of the entries' counts (counts; mini-batch)"],
      ["aliasSize", "i32", "entries of the alias table: d (Zipf) or nnz (counts)"],
      ["classOfRank", "ptr", "Zipf: u16 d×d, row i lists the classes k by rank; 0 = identity"],
      ["rowScratch", "ptr", "Zipf: conditional row scratch (f32 d)"],
      ["rowStart", "ptr", "counts: CSR row starts (i32 d+1)"],
      ["cols", "ptr", "counts: CSR columns (i32 nnz)"],
      ["q", "ptr", "counts: c_e/N (f32 nnz)"],
      ["entryRows", "ptr", "counts: row of each entry (i32 nnz; mini-batch)"],
      ["hits", "ptr", "hits per row (i32 d; zero between steps)"],
      ["samples", "ptr", "sampled pairs (i32 2B: i_b, k_b)"],
      ["rng", "ptr", "generator state"],
      ["coefficient", "f32", "scratch: a row's coefficient"],
      ["optimalLoss", "f64", "Zipf: L* from the TS side, in f64 from the f64 π"],
      ["optimalRowLoss", "f64", "Zipf: ℓ* = ½(1 − ‖p_i‖²), every class's loss at the optimum (f64, from the f64 π)"],
    ],
    kernels: {
      module: "problems/bigram-square/problem",
      gradient: "bigramSquareGradient(prob, w, g, touched)",
      loss: "bigramSquareLoss(prob, w)",
    },
  },
  linearModel: {
    doc: "The paper's linear softmax model (assembly/problems/linear-model/problem.ts)",
    fields: [
      ["samples", "i32", "N samples"],
      ["d", "i32", "input dimension"],
      ["classes", "i32", "c classes"],
      ["batch", "i32", "B samples per step (= N: full batch)"],
      ["x", "ptr", "X (f32 N×d)"],
      ["labels", "ptr", "labels (i32 N)"],
      ["omega", "ptr", "class loss weights ω (f32 c)"],
      ["lambda", "f32", "L2 strength λ"],
      ["order", "ptr", "a permutation (i32 N); the batch is its first B entries"],
      ["z", "ptr", "scratch (f32 N×c): logits, then probabilities, then a_n(p_n − e_{y_n})"],
      ["xNormSq", "ptr", "‖x_n‖² (f32 N)"],
      ["classCounts", "ptr", "class sample counts (i32 c)"],
      ["rng", "ptr", "generator state"],
      ["all", "ptr", "0, 1, …, N−1 (i32 N): the exact loss and class statistics run over it"],
      ["columnScratch", "ptr", "column-block scratch (f32 8c, dense.ts)"],
    ],
    kernels: {
      module: "problems/linear-model/problem",
      gradient: "linearModelGradient(prob, w, g)",
      loss: "linearModelLoss(prob, w)",
    },
  },
  bigramSoftmax: {
    doc: "Bigram next-token softmax (assembly/problems/bigram-softmax/problem.ts)",
    fields: [
      ["d", "i32", "vocabulary size"],
      ["batch", "i32", "B sampled pairs per step (0 = full batch)"],
      ["nnz", "i32", "stored pairs"],
      ["rowStart", "ptr", "CSR row starts (i32 d+1)"],
      ["cols", "ptr", "CSR columns (i32 nnz)"],
      ["entryWeights", "ptr", "c_e/N (f32 nnz)"],
      ["rowWeights", "ptr", "n_i/N (f32 d)"],
      ["entryRows", "ptr", "row of each entry (i32 nnz)"],
      ["aliasTable", "ptr", "alias table of the entries (sampling/alias.ts; from c_e), or of π (d entries) for expected-count mini-batches"],
      ["scratch", "ptr", "f32 2d: the row buffer u, then the dense targets c"],
      ["hits", "ptr", "hits per row (i32 d; zero between steps)"],
      ["samples", "ptr", "class k of each sample (i32 B)"],
      ["next", "ptr", "next sample of the same row (i32 B)"],
      ["rng", "ptr", "generator state"],
      ["lambda", "f32", "L2 strength λ (full batch only)"],
      ["dense", "u32", "1 = expected counts computed on the fly from a, b and the ranking"],
      ["a", "ptr", "per-row factor (f32 d)"],
      ["b", "ptr", "per-rank factor (f32 d, by rank)"],
      ["rank", "ptr", "u16 d·d ranks; 0 = identity"],
      ["omega", "ptr", "class loss weights ω (f32 d; 0 = none)"],
      ["head", "ptr", "first sample of each row (i32 d; −1 between steps)"],
      ["classPartial", "ptr", "per-class sums of one row block (f64 d)"],
      ["sampleRows", "ptr", "row i of each sample (i32 B)"],
      ["classOfRank", "ptr", "u16 d·d: the class of rank r in row i, for expected-count mini-batches (0 = identity)"],
      ["rowMaxes", "ptr", "max_k W_ik of each row as a fused step left it (f32 d; NaN = not known; 0 = off)"],
      ["targets", "ptr", "expected counts' targets c_ik/N by class (f32 d·d) where memory allows; 0 = made from a, b and rank"],
    ],
    kernels: {
      module: "problems/bigram-softmax/problem",
      gradient: "bigramSoftmaxGradient(prob, w, g, touched)",
      loss: "bigramSoftmaxLoss(prob, w)",
      step: "bigramSoftmaxStep(prob, w, g, touched, chain, nOps, nonzero, classLoss)",
      classLoss: "bigramSoftmaxClassLoss(prob, w, out)",
      rows: "bigramSoftmaxRows(prob, w, g, i0, i1, scratch, chain, nOps, nonzero, classLoss, rowLoss)",
    },
  },
  transformer: {
    doc: "A small GPT on a corpus token stream (assembly/problems/transformer/problem.ts); the job fields describe the pass under way",
    fields: [
      ["vocab", "i32", "V token classes"],
      ["context", "i32", "T positions per window"],
      ["width", "i32", "D model width"],
      ["layers", "i32", "L blocks"],
      ["heads", "i32", "H attention heads (D/H per head)"],
      ["train", "i32", "0 = every parameter, 1 = the unembedding only (the body frozen)"],
      ["n", "i32", "trainable parameters"],
      ["batch", "i32", "B windows per step (0 = the full-batch set)"],
      ["windows", "i32", "N windows of the full-batch set, the evaluation set of a mini-batch run"],
      ["blockWindows", "i32", "windows per block: a batch is cut into blocks whose gradients are summed in block order (any thread count)"],
      ["stream", "ptr", "token ids (i32)"],
      ["starts", "ptr", "window starts mini-batches draw from (i32 nStarts)"],
      ["nStarts", "i32", "windows to draw from"],
      ["evalStarts", "ptr", "the N windows of the full-batch / evaluation set (i32 N)"],
      ["valStarts", "ptr", "held-out windows (i32 nVal)"],
      ["nVal", "i32", "held-out windows"],
      ["batchStarts", "ptr", "this step's windows (i32 B)"],
      ["rng", "ptr", "generator state"],
      ["frozen", "ptr", "train last: every parameter of the model (the frozen body is read from here); 0 otherwise"],
      ["evalFeatures", "ptr", "train last: final-LayerNorm outputs of the evaluation windows (f32 N·T·D)"],
      ["valFeatures", "ptr", "train last: the same for the held-out windows (f32 nVal·T·D)"],
      ["transposed", "ptr", "Wᵀ of each weight matrix (f32), refreshed at each gradient step"],
      ["area", "ptr", "per-thread scratch areas (activations of one block)"],
      ["areaLayout", "ptr", "the transformerArea block: byte offsets within an area"],
      ["areaStride", "i32", "bytes per area"],
      ["threads", "i32", "areas, the most threads that may share a pass"],
      ["blockGrads", "ptr", "per-thread block gradients (f32 n each)"],
      ["blockLoss", "ptr", "f64 per block: Σ ℓ over the block's positions"],
      ["evalClass", "ptr", "f64 V: per-class loss sums of the last evaluation of the evaluation set"],
      ["evalW", "ptr", "weights of that evaluation (0 = stale: a step ran since)"],
      ["evalLoss", "f64", "its mean loss"],
      ["jobW", "ptr", "pass: trainable weights"],
      ["jobG", "ptr", "pass: gradient out (0 = loss only)"],
      ["jobStarts", "ptr", "pass: window starts (i32)"],
      ["jobWindows", "i32", "pass: windows"],
      ["jobFeatures", "ptr", "pass: cached final-LayerNorm outputs of these windows (0 = run the body)"],
      ["jobClass", "ptr", "pass: per-class loss sums out (f64 V; 0 = none)"],
      ["jobScale", "f64", "pass: 1/(windows·T), the mean's factor in the gradient"],
    ],
    kernels: {
      module: "problems/transformer/problem",
      gradient: "transformerGradient(prob, w, g)",
      loss: "transformerLoss(prob, w)",
    },
  },
};

/**
 * The transforms of optimizer chains, in the order of their codes (TransformCode: 1, 2, …).
 * Each names its slots in the op block — `params` (p0…, constants the TS side writes, in this
 * order), `scalars` (q0…, per-step values its prepare derives), `exact` (d0, d1: f64) — so that
 * a kernel reads SCALE_BY_ADAM_EPS and a twin op.params[TRANSFORMS.scaleByAdam.params.eps],
 * never a bare p4. `kernel` gives its module (under assembly/optimizers/) and the calls the
 * generated dispatch (assembly/optimizers/dispatch.ts) makes, in terms of its arguments: run
 * (one segment: op, w and u at the segment, off its byte offset in the state arrays, len),
 * prepare (per step: op, w, t, factor), reduce (a global reduction over a segment) and finish.
 * `reads` and `writes` are the f32 arrays its pass moves per parameter (bench/traffic.ts);
 * `rowLocal: false` for a transform that cannot run row by row inside a problem's pass.
 */
export const TRANSFORMS = {
  apply: {
    doc: "w ← w + u: the end of every unfused chain",
    kernel: { module: "apply", run: "apply(w, u, len)" },
    reads: "u w", writes: "w",
  },
  scale: {
    doc: "u ← s·u, s = step · schedule factor",
    params: ["step"], scalars: ["stepFactor"],
    kernel: { module: "scale", run: "scale(op, u, len)", prepare: "scalePrepare(op, factor)" },
    reads: "u", writes: "u",
  },
  sign: {
    doc: "u ← sign(u)",
    kernel: { module: "sign", run: "sign(u, len)" },
    reads: "u", writes: "u",
  },
  normalize: {
    doc: "u ← u / ‖u‖₂ over every parameter the step touches",
    scalars: ["inverseNorm"], exact: ["sumSquares"],
    kernel: { module: "normalize", run: "normalize(op, u, len)", prepare: "normalizePrepare(op)", reduce: "normalizeReduce(op, u, len)", finish: "normalizeFinish(op)" },
    reads: "u u", writes: "u",
  },
  rescaledSign: {
    doc: "u ← sign(u)·‖u‖₁",
    scalars: ["l1Norm"], exact: ["sumAbs"],
    kernel: { module: "rescaled-sign", run: "rescaledSign(op, u, len)", prepare: "rescaledSignPrepare(op)", reduce: "rescaledSignReduce(op, u, len)", finish: "rescaledSignFinish(op)" },
    reads: "u u", writes: "u",
  },
  trace: {
    doc: "m ← βm + u; u ← m (Nesterov: u + βm)",
    params: ["beta"], flags: { nesterov: 1 },
    kernel: { module: "momentum", run: "trace(op, u, off, len)" },
    reads: "u m", writes: "m u",
  },
  ema: {
    doc: "m ← βm + (1−β)u; u ← m",
    params: ["beta", "oneMinusBeta"],
    kernel: { module: "momentum", run: "ema(op, u, off, len)" },
    reads: "u m", writes: "m u",
  },
  scaleByAdam: {
    doc: "Adam's direction m̂/(√v̂ + ε)",
    params: ["b1", "oneMinusB1", "b2", "oneMinusB2", "eps"], scalars: ["c1", "c2"], exact: ["b1", "b2"],
    kernel: { module: "adam", run: "scaleByAdam(op, u, off, len)", prepare: "adamPrepare(op, t, factor)" },
    reads: "u m v", writes: "m v u",
  },
  scaleByRms: {
    doc: "RMSprop's u/(√v + ε)",
    params: ["alpha", "oneMinusAlpha", "eps"],
    kernel: { module: "rmsprop", run: "scaleByRms(op, u, off, len)" },
    reads: "u v", writes: "v u",
  },
  scaleByAdagrad: {
    doc: "Adagrad's u/(√Σu² + ε)",
    params: ["eps"],
    kernel: { module: "adagrad", run: "scaleByAdagrad(op, u, off, len)" },
    reads: "u s", writes: "s u",
  },
  addDecayedWeights: {
    doc: "u ← u + λw: AdamW's decoupled decay, before the scale",
    params: ["lambda"],
    kernel: { module: "weight-decay", run: "addDecayedWeights(op, w, u, len)" },
    reads: "u w", writes: "u",
  },
  fusedSgd: {
    doc: "w ← w − η·g in one pass (= scale, apply)",
    params: ["step"], scalars: ["stepFactor"],
    kernel: { module: "sgd", run: "fusedSgd(op, w, u, len)", prepare: "scalePrepare(op, factor)" },
    reads: "g w", writes: "w",
  },
  fusedSign: {
    doc: "w ← w − η·sign(g) in one pass (= sign, scale, apply)",
    params: ["step"], scalars: ["stepFactor"],
    kernel: { module: "sign", run: "fusedSign(op, w, u, len)", prepare: "scalePrepare(op, factor)" },
    reads: "g w", writes: "w",
  },
  fusedAdam: {
    doc: "Adam's m, v and w in one pass (= scale_by_adam, scale, apply)",
    params: ["b1", "oneMinusB1", "b2", "oneMinusB2", "eps", "step"], scalars: ["c1", "c2", "stepFactor"], exact: ["b1", "b2"],
    kernel: { module: "adam", run: "fusedAdam(op, w, u, off, len)", prepare: "adamPrepare(op, t, factor)" },
    reads: "g m v w", writes: "m v w",
  },
  lazyAdam: {
    doc: "fused Adam over the touched rows, untouched rows caught up exactly (lazy-adam.ts)",
    params: ["b1", "oneMinusB1", "b2", "oneMinusB2", "eps", "step"], scalars: ["c1", "c2", "stepFactor"], exact: ["b1", "b2"],
    // rows by their offset from the bases: never through chainRow (not row-local)
    kernel: { module: "lazy-adam", run: "lazyAdam(op, w - off, u - off, off, len)", prepare: "lazyAdamPrepare(op, w, t, factor)" },
    reads: "g m v w", writes: "m v w", rowLocal: false,
  },
};

/** Numbers both sides use, [value, meaning]. */
export const CONSTANTS = {
  classBlocks: [16, "fixed row blocks of a per-class sum (rows ⌊b·d/16⌋ … ⌊(b+1)·d/16⌋ − 1), added in block order: the same bits for any thread count"],
  threadChunkRows: [32, "rows a thread claims at once when no class partials are recorded: the last claim leaves the other thread little to wait for (a class block of d/16 rows left up to a sixteenth of a step), and claiming costs nothing"],
};

export const ENUMS = {
  BigramData: { Zipf: 0, Counts: 1 },
  LrScheduleKind: { Constant: 0, Cosine: 1, Step: 2, InverseSqrt: 3 },
};
