// Bulk draws, for tests and benchmarks of the generator against its twin.
import { nextU32, normal, uniformF32 } from "./rng";

export function fillU32(state: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u32>(out + (<usize>i << 2), nextU32(state));
}

export function fillUniform(state: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(out + (<usize>i << 2), uniformF32(state));
}

export function fillNormal(state: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), normal(state));
}
