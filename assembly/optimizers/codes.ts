// Kernel codes: the TS registry (src/optimizers/codes.ts) uses the same numbers.
export const enum Code {
  Apply = 1,        // w ← w + u
  Scale = 2,        // u ← s·u            (s = p0 · schedule factor)
  Sign = 3,         // u ← sign(u)
  Normalize = 4,    // u ← u / ‖u‖₂
  RescaledSign = 5, // u ← sign(u)·‖u‖₁
  Trace = 6,        // m ← βm + u; u ← m (or u + βm, Nesterov)
  Ema = 7,          // m ← βm + (1−β)u; u ← m
  ScaleByAdam = 8,  // Adam's m̂/(√v̂ + ε)
  ScaleByRms = 9,   // RMSprop's u/(√v + ε)
  ScaleByAdagrad = 10, // u/(√Σu² + ε)
  AddDecayedWeights = 11, // u ← u + λw (AdamW's decoupled decay, before the scale)
  FusedSgd = 12,    // w ← w − η·g in one pass
  FusedSign = 13,   // w ← w − η·sign(g) in one pass
  FusedAdam = 14,   // Adam's m, v and w in one pass
  LazyAdam = 15,    // fused Adam over touched rows, untouched rows caught up exactly (lazy-adam.ts)
}
