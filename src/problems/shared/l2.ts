// Twin of assembly/problems/shared/l2.ts: g += λw over n parameters (when g is given); returns λ/2‖w‖².
import { sumSquares } from "../../math/reduce.js";

export function addL2(lambda: number, w: Float32Array, g: Float32Array | null, n: number): number {
  if (g) for (let i = 0; i < n; i++) g[i] = Math.fround(g[i] + Math.fround(lambda * w[i]));
  return 0.5 * lambda * sumSquares(w, 0, n);
}
