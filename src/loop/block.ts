// The run block: the one struct the TS side writes and the WASM run loop reads and advances.
// Its fields are declared once, in src/layout/blocks.mjs (`run`), with what each means; this
// file names their offsets for the TS side (the kernels read assembly/layout.ts).
import { RUN_BLOCK } from "../layout/generated.js";

export const RUN_BYTES = RUN_BLOCK.bytes;

export type RunField = keyof typeof RUN_BLOCK.fields;

/** Field → byte offset in the run block. */
export const RUN = Object.fromEntries(
  Object.entries(RUN_BLOCK.fields).map(([name, f]) => [name, f.offset]),
) as Record<RunField, number>;
