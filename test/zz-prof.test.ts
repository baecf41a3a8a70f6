import { it } from "vitest";
import { instantiateCore } from "../src/wasm/load.js";
it("gemm shapes", async () => {
  const { exports: ex, arena } = await instantiateCore();
  const A = arena.allocF32(1 << 20), B = arena.allocF32(1 << 20), C = arena.allocF32(1 << 20), S = arena.allocF32(1 << 20);
  arena.f32(A, 1 << 20).fill(0.5); arena.f32(B, 1 << 20).fill(0.25);
  const shapes: [string, number, number, number, boolean][] = [
    ["qkv", 256, 384, 128, false], ["proj", 256, 128, 128, false], ["fc", 256, 512, 128, false], ["fc2", 256, 128, 512, false],
    ["head", 256, 2000, 128, false], ["dU TN", 128, 2000, 256, true], ["dh", 256, 128, 2000, false], ["dW2 TN", 512, 128, 256, true],
    ["dW1 TN", 128, 512, 256, true], ["dWqkv TN", 128, 384, 256, true], ["att S", 64, 64, 32, false], ["att O", 64, 32, 64, false],
  ];
  let total = 0;
  for (const [name, M, N, K, tn] of shapes) {
    const run = () => tn ? ex.gemm(M, N, K, A, 1, M, B, N, C, N, 2, 0) : ex.gemm(M, N, K, A, K, 1, B, N, C, N, 0, 0);
    let t0 = performance.now(); while (performance.now() - t0 < 300) run();
    let reps = 0; t0 = performance.now(); const c0 = process.cpuUsage(); while (performance.now() - t0 < 800) { run(); reps++; }
    const c = process.cpuUsage(c0); const s = (c.user + c.system) / 1e6 / reps;
    console.log(name.padEnd(10), `${M}x${N}x${K}`.padEnd(14), (2 * M * N * K / s / 1e9).toFixed(1), "GFLOP/s", (s * 1e3).toFixed(3), "ms");
  }
}, 120000);
