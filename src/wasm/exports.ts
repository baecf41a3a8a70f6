// The typed surface of build/zipflab.wasm (assembly/index.ts). Pointers are byte offsets
// into the module's one linear memory.
export interface CoreExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  chainStep(
    chain: number,
    nOps: number,
    w: number,
    u: number,
    n: number,
    rows: number,
    nRows: number,
    rowLen: number,
    t: number,
    factor: number,
  ): void;
  /** Exact lazy Adam: brings every lagging row to step t. */
  chainFlush(chain: number, nOps: number, w: number, t: number): void;
  runSteps(run: number, steps: number): number;
  scatterAddRows(
    g: number,
    rowLen: number,
    rows: number,
    coeffs: number,
    src: number,
    count: number,
    mark: number,
    touched: number,
    nTouched: number,
  ): number;
  clearRows(g: number, rowLen: number, mark: number, touched: number, nTouched: number): void;
  tokensGradient(prob: number, w: number, g: number): number;
  ceilingAdamPattern(a: number, b: number, c: number, d: number, len: number): void;
  floorExp(src: number, dst: number, len: number, reps: number): void;
  floorTraffic(arrays: number, nRw: number, n: number, readOnly: number, readBytes: number): number;
  ln(x: number): number;
  sumSquares(u: number, len: number): number;
  sumAbs(u: number, len: number): number;
  fillU32(state: number, out: number, n: number): void;
  fillUniform(state: number, out: number, n: number): void;
  fillNormal(state: number, out: number, n: number): void;
  /** `count` outputs of the four-lane xoshiro128** (16 bytes each). */
  fillLanesU32(state: number, out: number, count: number): void;
  /** 8·groups f32 Box–Muller normals from the four-lane generator (scratch: 32 bytes). */
  fillNormalsF32(state: number, out: number, groups: number, scratch: number): void;
  drawTokenSamples(
    lanes: number,
    K: number,
    groups: number,
    sigma: number,
    thresholds: number,
    wTrue: number,
    draws: number,
    masks: number,
    stride: number,
    targets: number,
    normals: number,
  ): void;
  problemGradient(code: number, prob: number, w: number, g: number, touched: number): number;
  problemLoss(code: number, prob: number, w: number): number;
  quadraticGradient(prob: number, w: number, g: number): number;
  quadraticLoss(prob: number, w: number): number;
  bigramSquareGradient(prob: number, w: number, g: number, touched: number): number;
  bigramSquareLoss(prob: number, w: number): number;
  /** ℓ_i of every input token i into out (f64 d). */
  bigramSquareClassLoss(prob: number, w: number, out: number): void;
  lrFactor(schedule: number, t: number): number;
  cosPi(p: number): number;
  linearModelGradient(prob: number, w: number, g: number): number;
  linearModelLoss(prob: number, w: number): number;
  linearModelClassStats(prob: number, w: number, g: number, out: number): number;
  bigramSoftmaxGradient(prob: number, w: number, g: number, touched: number): number;
  bigramSoftmaxLoss(prob: number, w: number): number;
  bigramSoftmaxClassLoss(prob: number, w: number, out: number): number;
  bigramSoftmaxRows(
    prob: number,
    w: number,
    g: number,
    i0: number,
    i1: number,
    scratch: number,
    chain: number,
    nOps: number,
    counts: number,
    classLoss: number,
    rowLoss: number,
  ): number;
  bigramSoftmaxStep(
    prob: number,
    w: number,
    g: number,
    touched: number,
    chain: number,
    nOps: number,
    counts: number,
    classLoss: number,
  ): number;
  problemStep(
    code: number,
    prob: number,
    w: number,
    g: number,
    touched: number,
    chain: number,
    nOps: number,
    counts: number,
    classLoss: number,
  ): number;
  problemClassLoss(code: number, prob: number, w: number, out: number): number;
  /** A fused full-batch pass over rows i0..i1 (the threaded loop's share); returns their loss. */
  problemRows(
    code: number,
    prob: number,
    w: number,
    g: number,
    i0: number,
    i1: number,
    scratch: number,
    chain: number,
    nOps: number,
    counts: number,
    classLoss: number,
    rowLoss: number,
  ): number;
  addClassPartial(classLoss: number, partial: number, d: number): void;
  chainPrepare(chain: number, nOps: number, t: number, factor: number): void;
  chainRow(chain: number, nOps: number, w: number, u: number, off: number, len: number): void;
  softmaxRow(z: number, out: number, len: number, scale: number): number;
  rankingRows(rng: number, d: number, i0: number, i1: number, classOfRank: number, ranks: number, row: number): void;
  expectedTargetRows(
    rng: number,
    d: number,
    i0: number,
    i1: number,
    row: number,
    targets: number,
    a: number,
    b: number,
    omega: number,
  ): void;
  expf(x: number): number;
  // nn kernels (assembly/nn/; twins in src/nn/)
  gemm(
    M: number,
    N: number,
    K: number,
    A: number,
    rsA: number,
    csA: number,
    B: number,
    ldb: number,
    C: number,
    ldc: number,
    init: number,
    bias: number,
  ): void;
  gemmNT(
    M: number,
    N: number,
    K: number,
    A: number,
    lda: number,
    B: number,
    ldb: number,
    C: number,
    ldc: number,
    init: number,
    bias: number,
    scratch: number,
  ): void;
  transpose(src: number, lds: number, R: number, S: number, out: number, ldo: number): void;
  /** 64·K·reps flops of the GEMM's 4×8 tile on L1-resident operands (bench: the ceiling). */
  gemmTileCeiling(a: number, b: number, c: number, K: number, reps: number): void;
  layerNormForward(x: number, y: number, mean: number, rstd: number, w: number, b: number, P: number, D: number): void;
  layerNormBackward(
    dy: number,
    x: number,
    mean: number,
    rstd: number,
    w: number,
    dx: number,
    dw: number,
    db: number,
    P: number,
    D: number,
  ): void;
  geluForward(x: number, y: number, n: number): void;
  geluBackward(x: number, dy: number, dx: number, n: number): void;
  attentionForward(qkv: number, probs: number, out: number, T: number, D: number, H: number, scratch: number): void;
  attentionBackward(qkv: number, probs: number, dout: number, dqkv: number, T: number, D: number, H: number, scratch: number): void;
  embeddingForward(tokens: number, E: number, Pi: number, x: number, P: number, T: number, D: number): void;
  embeddingBackward(
    tokens: number,
    dx: number,
    dE: number,
    dPi: number,
    P: number,
    T: number,
    D: number,
    ones: number,
    mark: number,
    touched: number,
    nTouched: number,
  ): number;
  crossEntropyRows(z: number, targets: number, P: number, V: number, scale: number, classLoss: number): number;
  addVectors(a: number, b: number, out: number, n: number): void;
  addColumnSums(dy: number, P: number, N: number, db: number): void;
  // the transformer problem (assembly/problems/transformer/) and the thread pool (assembly/parallel.ts)
  transformerGradient(prob: number, w: number, g: number): number;
  transformerLoss(prob: number, w: number): number;
  transformerClassLoss(prob: number, w: number, out: number): number;
  transformerValidationLoss(prob: number, w: number): number;
  transformerFeatures(prob: number, params: number, starts: number, windows: number, out: number): void;
  poolAttach(control: number): void;
  poolThreads(): number;
  poolWorker(control: number, thread: number): void;
}
