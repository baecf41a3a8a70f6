// Kernel codes, the same numbers as assembly/optimizers/codes.ts (the twin-agreement tests
// would fail on any mismatch, since each transform runs through both).
export const enum Code {
  Apply = 1,
  Scale = 2,
  Sign = 3,
  Normalize = 4,
  RescaledSign = 5,
  Trace = 6,
  Ema = 7,
  ScaleByAdam = 8,
  ScaleByRms = 9,
  ScaleByAdagrad = 10,
  AddDecayedWeights = 11,
  FusedSgd = 12,
  FusedSign = 13,
  FusedAdam = 14,
  LazyAdam = 15,
}
