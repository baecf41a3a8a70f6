// The flat parameter vector of the transformer (assembly/problems/transformer/model.ts lays
// out the same): E (V·D) | Π (T·D) | per layer: LN₁ w, b | W_qkv (D·3D) | b_qkv | W_o (D·D) | b_o
// | LN₂ w, b | W₁ (D·4D) | b₁ | W₂ (4D·D) | b₂ | LN_f w, b | U (D·V) | c (V). Weights are stored
// input × output, row-major.

export interface Dims {
  V: number;
  T: number;
  D: number;
  L: number;
  H: number;
}

/** Parameters of one layer: 12D² + 13D. */
export const layerFloats = (D: number) => 12 * D * D + 13 * D;

/** Offsets within a layer's parameters, in floats. */
export function layerParts(D: number) {
  return {
    ln1w: 0,
    ln1b: D,
    wqkv: 2 * D,
    bqkv: 2 * D + 3 * D * D,
    wproj: 5 * D + 3 * D * D,
    bproj: 5 * D + 4 * D * D,
    ln2w: 6 * D + 4 * D * D,
    ln2b: 7 * D + 4 * D * D,
    wfc: 8 * D + 4 * D * D,
    bfc: 8 * D + 8 * D * D,
    wfc2: 12 * D + 8 * D * D,
    bfc2: 12 * D + 12 * D * D,
  };
}

/** First float of layer l (l = L: the final LayerNorm). */
export const layerOffset = (d: Dims, l: number) => d.V * d.D + d.T * d.D + l * layerFloats(d.D);

/** First float of the unembedding U. */
export const headOffset = (d: Dims) => layerOffset(d, d.L) + 2 * d.D;

/** Every parameter of the model. */
export const modelParams = (d: Dims) => headOffset(d) + d.D * d.V + d.V;

/** Floats of the transposed weights (per layer W_qkvᵀ, W_oᵀ, W₁ᵀ, W₂ᵀ; then Uᵀ). */
export const transposedFloats = (d: Dims) => d.L * 12 * d.D * d.D + d.V * d.D;

/** One named tensor of the flat vector. */
export interface Tensor {
  name: string;
  offset: number;
  length: number;
  /** How GPT-2 initializes it: N(0, 0.02), N(0, 0.02/√(2L)) (the residual projections), ones or zeros. */
  init: "normal" | "residual" | "ones" | "zeros";
}

/** The tensors in order (they tile the vector). */
export function tensors(d: Dims): Tensor[] {
  const { V, T, D, L } = d;
  const out: Tensor[] = [
    { name: "wte", offset: 0, length: V * D, init: "normal" },
    { name: "wpe", offset: V * D, length: T * D, init: "normal" },
  ];
  const parts = layerParts(D);
  const sizes: Record<keyof typeof parts, [number, Tensor["init"]]> = {
    ln1w: [D, "ones"],
    ln1b: [D, "zeros"],
    wqkv: [3 * D * D, "normal"],
    bqkv: [3 * D, "zeros"],
    wproj: [D * D, "residual"],
    bproj: [D, "zeros"],
    ln2w: [D, "ones"],
    ln2b: [D, "zeros"],
    wfc: [4 * D * D, "normal"],
    bfc: [4 * D, "zeros"],
    wfc2: [4 * D * D, "residual"],
    bfc2: [D, "zeros"],
  };
  for (let l = 0; l < L; l++) {
    for (const [name, off] of Object.entries(parts) as [keyof typeof parts, number][]) {
      out.push({ name: `h${l}.${name}`, offset: layerOffset(d, l) + off, length: sizes[name][0], init: sizes[name][1] });
    }
  }
  const f = layerOffset(d, L);
  out.push({ name: "lnfw", offset: f, length: D, init: "ones" }, { name: "lnfb", offset: f + D, length: D, init: "zeros" });
  out.push(
    { name: "wout", offset: headOffset(d), length: D * V, init: "normal" },
    { name: "bout", offset: headOffset(d) + D * V, length: V, init: "zeros" },
  );
  return out;
}
