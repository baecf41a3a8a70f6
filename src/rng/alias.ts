// Walker's alias method, Vose's construction; the twin of assembly/sampling/alias.ts.
// Column j keeps outcome j with probability q_j and otherwise gives alias_j; a draw picks the
// column from one 32-bit word and decides from a second:
//   j = ⌊u₁·n / 2³²⌋,   j if u₂ < threshold_j = round(q_j·2³²) else alias_j.
// Full columns (q_j = 1) have alias_j = j. Thresholds resolve q_j to 2⁻³², so an outcome's
// probability is exact to about 2⁻³²/n.
import { scaledIndexOf } from "./scaled-index.js";
import { Xoshiro128 } from "./xoshiro.js";
import { argInstance, argNumbers, argObject } from "../config/args.js";
import { ConfigError } from "../config/error.js";

export interface AliasTable {
  readonly n: number;
  readonly threshold: Uint32Array;
  readonly alias: Int32Array;
}

const TWO32 = 4294967296;

/** The table for weights w (any positive scale): finite, ≥ 0, not all zero; at most 2³¹ − 1 of them. */
export function buildAliasTable(weights: ArrayLike<number>): AliasTable {
  argNumbers("weights", weights, { min: 0 });
  const n = weights.length;
  if (n > 0x7fffffff) throw new ConfigError("weights", `must list at most 2^31 − 1 weights (got ${n})`);
  let total = 0;
  for (let j = 0; j < n; j++) total += weights[j];
  if (!(total > 0 && Number.isFinite(total))) throw new ConfigError("weights", `must have a positive, finite sum (got ${total})`);
  const scaled = Float64Array.from(weights, (x) => (x * n) / total);
  const threshold = new Uint32Array(n).fill(0xffffffff);
  const alias = Int32Array.from({ length: n }, (_, j) => j);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let j = 0; j < n; j++) {
    if (scaled[j] < 1) small[ns++] = j;
    else large[nl++] = j;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns];
    const l = large[--nl];
    threshold[s] = Math.min(Math.round(scaled[s] * TWO32), 0xffffffff);
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    if (scaled[l] < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  return { n, threshold, alias };
}

/** Entries of 8 bytes as the kernel reads them: threshold u32, alias i32. */
export function packAliasTable(table: AliasTable): Uint32Array {
  const packed = new Uint32Array(2 * table.n);
  for (let j = 0; j < table.n; j++) {
    packed[2 * j] = table.threshold[j];
    packed[2 * j + 1] = table.alias[j];
  }
  return packed;
}

/** One draw; same two words, same order as the kernel. */
export function sampleAlias(rng: Xoshiro128, table: AliasTable): number {
  argInstance("rng", rng, Xoshiro128, "a Xoshiro128 generator");
  const t = argObject<AliasTable>("table", table, "an alias table (buildAliasTable)");
  if (
    !(t.threshold instanceof Uint32Array) ||
    !(t.alias instanceof Int32Array) ||
    !(t.n >= 1) ||
    t.threshold.length !== t.n ||
    t.alias.length !== t.n
  ) {
    throw new ConfigError("table", "must be an alias table (buildAliasTable)");
  }
  return drawAlias(rng, table);
}

/** sampleAlias without the argument checks: the samplers' inner loops. */
export function drawAlias(rng: Xoshiro128, table: AliasTable): number {
  const j = scaledIndexOf(rng.nextU32(), table.n);
  return rng.nextU32() < table.threshold[j] ? j : table.alias[j];
}
