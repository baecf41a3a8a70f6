// Twin of assembly/nn/vector.ts: elementwise sums and bias-gradient column sums.
import { F32, type Arith, type Vec } from "./arith.js";

export function addVectors(a: Vec, ao: number, b: Vec, bo: number, out: Vec, oo: number, n: number, ar: Arith = F32): void {
  const r = ar.r;
  for (let i = 0; i < n; i++) out[oo + i] = r(a[ao + i] + b[bo + i]);
}

/** db[j] += Σ_p dy[p·N + j] (rows in order). */
export function addColumnSums(dy: Vec, dyo: number, P: number, N: number, db: Vec, dbo: number, ar: Arith = F32): void {
  const r = ar.r;
  for (let j = 0; j < N; j++) {
    let a = db[dbo + j];
    for (let p = 0; p < P; p++) a = r(a + dy[dyo + p * N + j]);
    db[dbo + j] = a;
  }
}
