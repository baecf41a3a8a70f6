// Struct layouts shared by the kernels (assembly/) and the TypeScript side (src/), declared once.
// Each block is a list of [field, type, meaning]; offsets follow from the order (natural
// alignment: f64 on 8 bytes). `node src/layout/generate.mjs` (run by `npm run build:wasm`) writes
// assembly/layout.ts (constants for the kernels) and src/layout/generated.ts (offsets and codes
// for the TS side); test/layout/layout.test.ts checks both are current.
// Types: i32, u32, f32, f64, ptr (a wasm32 pointer: u32).

export const BLOCKS = {
  run: {
    doc: "The run block: the TS side writes it, the run loop (assembly/loop.ts) reads and advances it",
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
      ["counts", "ptr", "non-zero-gradient counts (u32 n; 0 = off)"],
      ["divergedAt", "i32", "step whose loss was NaN/Inf (0 = finite so far)"],
      // touchedRows, in this order: the view a row-sparse problem kernel gets (run + RUN_ROW_LEN)
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
    ],
  },
  touchedRows: {
    doc: "Touched rows of a row-sparse step, as a problem kernel sees them (the run block's rowLen…nTouched)",
    fields: [
      ["rowLen", "i32", "row length"],
      ["mark", "ptr", "touched marks (u8 per row)"],
      ["rows", "ptr", "touched rows (i32 per row)"],
      ["nTouched", "i32", "touched rows this step"],
    ],
  },
  quadratic: {
    doc: "Weighted quadratic f(w) = Σ π_k ½(w_k − w*_k)² (assembly/problems/quadratic/problem.ts)",
    fields: [
      ["d", "i32", "coordinates"],
      ["pi", "ptr", "π (f32 d)"],
      ["target", "ptr", "w* (f32 d)"],
    ],
  },
  linearSoftmax: {
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
  },
  tokens: {
    doc: "The six-token problem (assembly/problems/tokens/problem.ts)",
    fields: [
      ["tokens", "i32", "K features"],
      ["batch", "i32", "B samples per step"],
      ["sigma", "f32", "target noise σ"],
      ["p", "ptr", "presence probabilities (f32 K)"],
      ["target", "ptr", "true weights w* (f32 K)"],
      ["scratch", "ptr", "uniforms (f32 K×S), normals (f64 S), residuals (f32 S); S = R rounded up to 4"],
      ["rng", "ptr", "generator state"],
      ["blockSamples", "i32", "R samples per block (1 ≤ R ≤ B)"],
      ["stream", "ptr", "shared sample stream: masks (i32 N+4) then targets (f32 N+4); 0 = none"],
      ["streamMode", "i32", "0 draw, 1 draw and record, 2 replay"],
      ["streamCursor", "i32", "samples done in the stream"],
      ["streamLength", "i32", "N samples in the stream"],
    ],
  },
  bigramSquare: {
    doc: "Linear bigram model, square loss, synthetic Zipf (assembly/problems/bigram-square/problem.ts)",
    fields: [
      ["d", "i32", "vocabulary size"],
      ["batch", "i32", "B sampled pairs per step (0 = full batch)"],
      ["pi", "ptr", "π (f32 d)"],
      ["aliasTable", "ptr", "alias table of π (d entries of 8 bytes, sampling/alias.ts)"],
      ["classOfRank", "ptr", "u16 d×d: row i lists the classes k by rank; 0 = identity"],
      ["rowScratch", "ptr", "conditional row scratch (f32 d)"],
      ["hits", "ptr", "hits per row (i32 d; zero between steps)"],
      ["samples", "ptr", "sampled pairs (i32 2B: i_b, k_b)"],
      ["rng", "ptr", "generator state"],
      ["coefficient", "f32", "scratch: a row's coefficient"],
      ["optimalLoss", "f64", "L* from the TS side, in f64 from the f64 π"],
    ],
  },
  bigramSquareCounts: {
    doc: "Linear bigram model, square loss, on a count matrix (assembly/problems/bigram-square/counts-problem.ts)",
    fields: [
      ["d", "i32", "vocabulary size"],
      ["batch", "i32", "B sampled positions per step (0 = full batch)"],
      ["nnz", "i32", "non-zero counts"],
      ["rowStart", "ptr", "CSR row starts (i32 d+1)"],
      ["cols", "ptr", "CSR columns (i32 nnz)"],
      ["q", "ptr", "c_e/N (f32 nnz)"],
      ["pi", "ptr", "π (f32 d)"],
      ["entryRows", "ptr", "row of each entry (i32 nnz; mini-batch)"],
      ["aliasTable", "ptr", "alias table of the entries (nnz entries, from c_e)"],
      ["hits", "ptr", "hits per row (i32 d; zero between steps)"],
      ["samples", "ptr", "sampled entries (i32 B)"],
      ["rng", "ptr", "generator state"],
      ["coefficient", "f32", "scratch: a row's coefficient"],
    ],
  },
  lrSchedule: {
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

export const ENUMS = {
  ProblemCode: { Tokens: 1, Quadratic: 2, BigramSquare: 3, LinearSoftmax: 4, BigramSoftmax: 5, BigramSquareCounts: 6 },
  LrScheduleKind: { Constant: 0, Cosine: 1, Step: 2, InverseSqrt: 3 },
};
