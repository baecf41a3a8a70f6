// Decoupled weight decay (AdamW): u ← u + λw, before scale(−η), so w ← w − η(u + λw).
import { Code } from "./codes.js";
import { f32, transform, type Transform, type TwinKernel } from "./transform.js";

const twin: TwinKernel = {
  run(op, w, u, off, len) {
    const l = op.params[0];
    for (let i = off; i < off + len; i++) u[i] = f32(u[i] + f32(l * w[i]));
  },
};

export function addDecayedWeights(lambda: number): Transform {
  return transform({ name: "add_decayed_weights", code: Code.AddDecayedWeights, params: [lambda], twin });
}
