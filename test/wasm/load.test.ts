import { describe, expect, it } from "vitest";
import { Arena } from "../../src/wasm/arena.js";
import { instantiateCore, simdSupported } from "../../src/wasm/load.js";

describe("loading the core and owning its memory", () => {
  it("this runtime validates WebAssembly SIMD", () => {
    expect(simdSupported()).toBe(true);
  });

  it("allocations are 16-byte aligned, zeroed, and grow memory; views made after growth see the data", async () => {
    const core = await instantiateCore();
    const { arena, exports } = core;
    const base = exports.heapBase();
    const a = arena.allocF32(5);
    expect(a % 16).toBe(0);
    expect(a).toBeGreaterThanOrEqual(base);
    arena.f32(a, 5).set([1, 2, 3, 4, 5]);
    const before = exports.memory.buffer.byteLength;
    const big = arena.allocF32(4_000_000); // 16 MB: forces memory.grow
    expect(exports.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(Array.from(arena.f32(a, 5))).toEqual([1, 2, 3, 4, 5]);
    expect(arena.f32(big, 4_000_000).every((x) => x === 0)).toBe(true);
    arena.reset();
    expect(arena.allocF32(1)).toBe(a);
  });

  it("an impossible allocation fails with the size in the message", () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
    const arena = new Arena(memory, 0);
    expect(() => arena.alloc(3 * 65536)).toThrow(/needs 192\.0 KiB/);
  });
});
