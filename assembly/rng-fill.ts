// Bulk draws, for tests and benchmarks of the generator against its twin.
import { nextU32, normal, uniformF32 } from "./rng";
import { fillLanes } from "./rng-lanes";
import { boxMuller4 } from "./sampling/box-muller";

export function fillU32(state: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u32>(out + (<usize>i << 2), nextU32(state));
}

export function fillUniform(state: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(out + (<usize>i << 2), uniformF32(state));
}

export function fillNormal(state: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), normal(state));
}

/** `count` outputs of the four-lane generator (16 bytes each): fillLanes as an export. */
export function fillLanesU32(state: usize, out: usize, count: i32): void {
  fillLanes(state, out, count);
}

/** 8·groups f32 normals from the four-lane generator: per group two outputs, one Box–Muller. */
export function fillNormalsF32(state: usize, out: usize, groups: i32, scratch: usize): void {
  for (let g = 0; g < groups; g++) {
    fillLanes(state, scratch, 2);
    boxMuller4(v128.load(scratch), v128.load(scratch, 16), out + (<usize>g << 5));
  }
}
