// Where a result's steps ran (its `backend` field): the WASM core, or its plain-TS twin, which
// computes the same bits.
export type Backend = "wasm" | "twin";
