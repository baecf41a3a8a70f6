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

  it("memory handed out before is zeroed again on a later alloc, also where it overlaps fresh memory, and reserve keeps it", () => {
    const arena = new Arena(new WebAssembly.Memory({ initial: 1, maximum: 8 }), 16);
    const a = arena.allocF32(1000);
    arena.f32(a, 1000).fill(7);
    arena.reset();
    const kept = arena.reserve(400);
    expect(arena.f32(kept, 100).every((x) => x === 7)).toBe(true);
    arena.reset();
    // overlaps the written 4000 bytes and runs 100 000 bytes past them into grown memory
    const b = arena.allocF32(26_000);
    expect(b).toBe(a);
    expect(arena.f32(b, 26_000).every((x) => x === 0)).toBe(true);
  });

  it("an impossible allocation fails with the size in the message", () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
    const arena = new Arena(memory, 0);
    expect(() => arena.alloc(3 * 65536)).toThrow(/needs 192\.0 KiB/);
  });
});
