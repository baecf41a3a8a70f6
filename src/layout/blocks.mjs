// Struct layouts shared by the kernels (assembly/) and the TypeScript side (src/), declared once.
// Each block is a list of [field, type, meaning]; offsets follow from the order (natural
// alignment: f64 on 8 bytes). `node src/layout/generate.mjs` (run by `npm run build:wasm`) writes
// assembly/layout.ts (constants for the kernels) and src/layout/generated.ts (offsets and codes
// for the TS side); test/layout/layout.test.ts checks both are current.
// Types: i32, u32, f32, f64, ptr (a wasm32 pointer: u32).

export const BLOCKS = {
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
