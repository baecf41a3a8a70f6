// The run block: the one struct the TS side writes and the WASM run loop reads and advances
// (assembly/loop.ts, whose header is the same table). All fields 4 bytes unless noted.
//   +0 problem code   +4 problem ptr   +8 chain ptr   +12 nOps
//   +16 w ptr         +20 g ptr        +24 n          +28 t (steps done; advanced by the loop)
//   +32 record-steps ptr (i32, ascending)  +36 nRecord  +40 record cursor (advanced)
//   +44 trajectory ptr (f32 nRecord×n; 0 = weights not recorded)  +48 loss-trace ptr (f32 nRecord)
//   +52 non-zero-gradient counts ptr (u32 n, 0 = off)
//   +56 diverged at step (i32, 0 = finite so far)  +60 last batch loss (f32)
//   touched-row block (the view a row-sparse problem kernel gets, at +64):
//   +64 rowLen (i32; 0 = dense gradient)  +68 mark ptr (u8 per row)  +72 touched-rows ptr (i32 per row)
//   +76 nTouched (i32; set by the problem kernel each step, reset by the loop)
//   +80 row updates (u32; 1 = the optimizer visits only the touched rows)
//   +84 exact-loss trace ptr (f64 nRecord; 0 = off)   +88 lr-schedule ptr (0 = factor 1)
//   +92 last schedule factor (f32)
//   +96 fused (1 = the problem kernel runs the row-local chain)   +100 class-loss trace ptr
//   (f64 nRecord × classes)   +104 deferred (exact loss of a recorded step from the next pass)
//   +108 classes
//   +112 rng ptr (exact lazy Adam replays the batch's draws)
export const RUN_BYTES = 116;

export const RUN = {
  code: 0, problem: 4, chain: 8, nOps: 12,
  w: 16, g: 20, n: 24, t: 28,
  recordSteps: 32, nRecord: 36, cursor: 40,
  trajectory: 44, lossTrace: 48, counts: 52,
  divergedAt: 56, lastLoss: 60,
  rowLen: 64, mark: 68, touched: 72, nTouched: 76,
  rowUpdates: 80, exactLossTrace: 84, lrSchedule: 88, lastFactor: 92,
  fused: 96, classTrace: 100, deferred: 104, classes: 108, rng: 112,
} as const;

export type RunField = keyof typeof RUN;
