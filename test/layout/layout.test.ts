import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM without types, the build-time generator
import { BLOCKS, TRANSFORMS } from "../../src/layout/blocks.mjs";
// @ts-expect-error: plain ESM without types, the build-time generator
import { OUTPUTS, allBlocks, layout } from "../../src/layout/generate.mjs";
import { readField, writeBlock } from "../../src/layout/block.js";
import { LINEAR_MODEL_BLOCK, LR_SCHEDULE_BLOCK, OP_BLOCK, QUADRATIC_BLOCK, TRANSFORMS as SLOTS } from "../../src/layout/generated.js";

const outputs = OUTPUTS as [string, () => string][];
const ROOT = join(import.meta.dirname, "../..");
const SIZE: Record<string, number> = { i32: 4, u32: 4, f32: 4, f64: 8, ptr: 4 };

describe("struct layouts declared once (src/layout/blocks.mjs)", () => {
  it.each(outputs)("%s is what the generator writes (not stale, not hand-edited)", (file, source) => {
    expect(readFileSync(join(ROOT, file), "utf8")).toBe(source());
  });

  const blocks = allBlocks() as Record<string, { fields: unknown[] }>;
  it.each(Object.keys(blocks))("block %s: fields aligned, disjoint, inside the block", (name) => {
    const { fields, bytes } = layout(blocks[name].fields);
    let end = 0;
    for (const f of fields as { offset: number; type: string }[]) {
      expect(f.offset % SIZE[f.type]).toBe(0);
      expect(f.offset).toBeGreaterThanOrEqual(end);
      end = f.offset + SIZE[f.type];
    }
    expect(bytes).toBeGreaterThanOrEqual(end);
  });

  it("the touched-rows view a problem kernel gets is the loop block's rowLen…nTouched, in order", () => {
    const run = layout(BLOCKS.loop.fields).fields as { name: string; offset: number; type: string }[];
    const view = layout(BLOCKS.touchedRows.fields).fields as { name: string; offset: number; type: string }[];
    const base = run.find((f) => f.name === "rowLen")!.offset;
    const names = { rowLen: "rowLen", mark: "mark", rows: "touched", nTouched: "nTouched" } as Record<string, string>;
    for (const f of view) {
      const inRun = run.find((r) => r.name === names[f.name])!;
      expect(inRun.offset - base, f.name).toBe(f.offset);
      expect(inRun.type, f.name).toBe(f.type);
    }
  });

  it("writeBlock writes every field where readField (and the kernel) reads it", () => {
    const view = new DataView(new ArrayBuffer(256));
    writeBlock(view, 64, LR_SCHEDULE_BLOCK, { kind: 1, warmup: 7, every: 3, total: 100, final: 0.1, gamma: 0.5 });
    expect(readField(view, 64, LR_SCHEDULE_BLOCK, "final")).toBe(0.1);
    expect(view.getFloat64(64 + 16, true)).toBe(0.1);
    expect(readField(view, 64, LR_SCHEDULE_BLOCK, "total")).toBe(100);
    writeBlock(view, 0, QUADRATIC_BLOCK, { d: -1, pi: 8, target: 12 });
    expect(readField(view, 0, QUADRATIC_BLOCK, "d")).toBe(-1);
    expect(LINEAR_MODEL_BLOCK.fields.lambda.type).toBe("f32");
  });

  it("each transform's named slots are distinct slots of the op block, in declaration order", () => {
    for (const [name, t] of Object.entries(TRANSFORMS as Record<string, { params?: string[]; scalars?: string[]; exact?: string[] }>)) {
      const slots = (
        SLOTS as unknown as Record<
          string,
          { params: Record<string, number>; scalars: Record<string, number>; exact: Record<string, number> }
        >
      )[name];
      expect(Object.entries(slots.params), name).toEqual((t.params ?? []).map((p, i) => [p, i]));
      expect(Object.entries(slots.scalars), name).toEqual((t.scalars ?? []).map((p, i) => [p, i]));
      expect(Object.entries(slots.exact), name).toEqual((t.exact ?? []).map((p, i) => [p, i]));
      expect(Object.keys(slots.params).length, name).toBeLessThanOrEqual(8);
    }
    // p0 sits where the op block says, so the kernel's SCALE_BY_ADAM_EPS is p4
    expect(OP_BLOCK.fields.p4.offset - OP_BLOCK.fields.p0.offset).toBe(4 * SLOTS.scaleByAdam.params.eps);
  });
});
