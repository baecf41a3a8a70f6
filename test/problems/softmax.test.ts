import { describe, expect, it } from "vitest";
import { expf } from "../../src/math/expf.js";
import { softmaxRow } from "../../src/math/softmax.js";
import { freshCore, put, randomArray } from "../helpers/core.js";

const f32 = Math.fround;

describe("exp and the softmax row shared by the cross-entropy kernels", () => {
  it("expf is within 1 f32 ulp of e^x on [−87, 88], is 0 below −87, and the kernel returns the twin's bits", async () => {
    const c = await freshCore();
    let worstUlps = 0;
    for (let i = 0; i <= 50_000; i++) {
      const x = f32(-87 + (175 * i) / 50_000);
      const y = expf(x);
      expect(c.exports.expf(x)).toBe(y);
      const exact = Math.exp(x);
      const ulp = 2 ** (Math.floor(Math.log2(exact)) - 23);
      worstUlps = Math.max(worstUlps, Math.abs(y - exact) / ulp);
    }
    expect(worstUlps).toBeLessThan(1);
    for (const x of [-87.5, -100, -1e30, -Infinity]) {
      expect(expf(f32(x))).toBe(0);
      expect(c.exports.expf(f32(x))).toBe(0);
    }
    expect(expf(0)).toBe(1);
    expect(Number.isNaN(c.exports.expf(NaN))).toBe(true);
  });

  it("the kernels' four-lane exp (x ≤ 0, no clamp: the bench's floorExp runs it alone) returns expf's bits, and 0 below −87", async () => {
    const c = await freshCore();
    const edges = [0, -0, -1e-45, -1e-38, -1e-7, -0.5, -0.34657359, -0.3465736, -1, -86.99999, -87, -87.00001, -88, -100, -1e30, -Infinity];
    const n = 200_000;
    const x = new Float32Array(n + 8 * Math.ceil(edges.length / 8));
    for (let i = 0; i < n; i++) x[i] = f32(-90 * Math.random() ** 2);
    x.set(edges, n);
    const src = put(c, x);
    const dst = c.arena.allocF32(x.length);
    c.exports.floorExp(src, dst, x.length, 1);
    const out = c.arena.f32(dst, x.length);
    for (let i = 0; i < x.length; i++) {
      if (!Object.is(out[i], expf(x[i]))) expect(`${out[i]} at x = ${x[i]}`).toBe(`${expf(x[i])} at x = ${x[i]}`);
    }
    expect(out[n + edges.indexOf(-87.00001)]).toBe(0);
    expect(out[n]).toBe(1);
  });

  it("softmaxRow: probabilities sum to 1, lse = log Σ e^z (f64 reference), kernel == twin bit for bit", async () => {
    for (const len of [1, 2, 3, 4, 5, 8, 13, 64, 127]) {
      const c = await freshCore();
      const z = randomArray(len, len, 8);
      const zPtr = put(c, z);
      const out = c.arena.allocF32(len);
      const scale = 0.3;
      const lse = c.exports.softmaxRow(zPtr, out, len, scale);
      const twin = new Float32Array(len);
      expect(softmaxRow(z, 0, twin, 0, len, scale)).toBe(lse);
      expect(Array.from(c.arena.f32(out, len))).toEqual(Array.from(twin));

      const max = Math.max(...z);
      let sum = 0;
      for (const v of z) sum += Math.exp(v - max);
      expect(Math.abs(lse - (max + Math.log(sum)))).toBeLessThan(1e-6);
      let total = 0;
      for (let k = 0; k < len; k++) {
        expect(Math.abs(twin[k] - (scale * Math.exp(z[k] - max)) / sum)).toBeLessThan(1e-6 * scale);
        total += twin[k];
      }
      expect(Math.abs(total - scale)).toBeLessThan(1e-6);
    }
  });

  it("softmaxRow is stable for huge logits (the max is subtracted first)", async () => {
    const c = await freshCore();
    const z = Float32Array.from([1e30, 1e30, -1e30, 0, 5e29]);
    const out = c.arena.allocF32(z.length);
    const lse = c.exports.softmaxRow(put(c, z), out, z.length, 1);
    expect(lse).toBe(f32(1e30) + Math.log(2));
    expect(Array.from(c.arena.f32(out, z.length))).toEqual([0.5, 0.5, 0, 0, 0]);
  });
});
