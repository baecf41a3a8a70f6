// Decoupled weight decay (AdamW): u ← u + λw, before scale(−η), so w ← w − η(u + λw).
import { TRANSFORMS } from "../layout/generated.js";
import { f32, transform, type Transform, type TwinKernel } from "./transform.js";

const twin: TwinKernel = {
  run(op, w, u, off, len) {
    const l = op.params[TRANSFORMS.addDecayedWeights.params.lambda];
    for (let i = off; i < off + len; i++) u[i] = f32(u[i] + f32(l * w[i]));
  },
};

export function addDecayedWeights(lambda: number): Transform {
  return transform({ kind: "addDecayedWeights", name: "add_decayed_weights", params: { lambda }, twin });
}
