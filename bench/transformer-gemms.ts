// The matrix products of one transformer training step, as assembly/problems/transformer/
// model.ts calls them (per block of windows, per layer, per window and head): the list the
// benchmark times shape by shape to get the step's GEMM time.
import type { Dims } from "../src/problems/transformer/layout.js";

/** One product C (M × N) over K: NN = A·B, TN = Aᵀ·B, NT = A·Bᵀ (packed transpose, then NN). */
export interface GemmCall {
  M: number;
  N: number;
  K: number;
  kind: "NN" | "TN" | "NT";
  count: number;
}

export function stepGemms(d: Dims, windows: number, blockWindows: number): GemmCall[] {
  const { V, T, D, L, H } = d;
  const hd = D / H;
  const out: GemmCall[] = [];
  const add = (M: number, N: number, K: number, kind: GemmCall["kind"], count = 1) => out.push({ M, N, K, kind, count });
  for (let w0 = 0; w0 < windows; w0 += blockWindows) {
    const nw = Math.min(blockWindows, windows - w0);
    const P = nw * T;
    for (let l = 0; l < L; l++) {
      add(P, 3 * D, D, "NN"); // qkv
      add(T, T, hd, "NT", nw * H); // scores
      add(T, hd, T, "NN", nw * H); // P·V
      add(P, D, D, "NN"); // projection
      add(P, 4 * D, D, "NN"); // W₁
      add(P, D, 4 * D, "NN"); // W₂
    }
    add(P, V, D, "NN"); // logits
    add(D, V, P, "TN"); // dU
    add(P, D, V, "NN"); // dh = dz·Uᵀ
    for (let l = 0; l < L; l++) {
      add(4 * D, D, P, "TN"); // dW₂
      add(P, 4 * D, D, "NN"); // d(GELU out)
      add(D, 4 * D, P, "TN"); // dW₁
      add(P, D, 4 * D, "NN"); // d(LN₂ out)
      add(D, D, P, "TN"); // dW_o
      add(P, D, D, "NN"); // d(attention out)
      add(T, T, hd, "NT", nw * H); // dP
      add(T, hd, T, "TN", nw * H); // dV
      add(T, hd, T, "NN", nw * H); // dQ
      add(T, hd, T, "TN", nw * H); // dK
      add(D, 3 * D, P, "TN"); // dW_qkv
      add(P, D, 3 * D, "NN"); // d(LN₁ out)
    }
  }
  return out;
}
