// What every peer of the transformer benchmark gets: the model's sizes, zipflab's initial
// weights by tensor (weights stored input × output), the windows' tokens and next tokens, the
// step size of the Adam step; and what each returns.
import { tensors, type Dims } from "../../src/problems/transformer/layout.js";

export interface PeerModel extends Dims {
  /** Windows of the batch. */
  B: number;
  lr: number;
  /** Inputs and next tokens, B·T each, window after window. */
  tokens: Int32Array;
  targets: Int32Array;
  /** The initial values of a tensor of the flat vector (src/problems/transformer/layout.ts), e.g. "h0.wqkv". */
  tensor(name: string): Float32Array;
}

export interface PeerResult {
  /** Loss at the initial weights, and after one Adam step. */
  loss0: number;
  loss1: number;
  /** Milliseconds of each timed training step (forward, backward, Adam). */
  ms: number[];
}

/** An in-process peer after its check: the losses, and one more training step on demand (for timing in rounds). */
export interface PeerStepper {
  loss0: number;
  loss1: number;
  step(): void;
}

export function peerModel(d: Dims, flat: Float32Array, stream: Int32Array, starts: ArrayLike<number>, lr: number): PeerModel {
  const B = starts.length;
  const tokens = new Int32Array(B * d.T),
    targets = new Int32Array(B * d.T);
  for (let j = 0; j < B; j++) {
    tokens.set(stream.subarray(starts[j], starts[j] + d.T), j * d.T);
    targets.set(stream.subarray(starts[j] + 1, starts[j] + d.T + 1), j * d.T);
  }
  const byName = new Map(tensors(d).map((t) => [t.name, t]));
  return {
    ...d,
    B,
    lr,
    tokens,
    targets,
    tensor: (name) => {
      const t = byName.get(name);
      if (!t) throw new Error(`no tensor ${name}`);
      return flat.slice(t.offset, t.offset + t.length);
    },
  };
}
