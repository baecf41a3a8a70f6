// Writing and reading a struct block whose layout is declared in src/layout/blocks.mjs.
// Every field must be given: a block is never half-written.

export type FieldType = "i32" | "u32" | "f32" | "f64" | "ptr";

export interface FieldLayout {
  offset: number;
  type: FieldType;
}

export interface BlockLayout<F extends string> {
  name: string;
  bytes: number;
  fields: Record<F, FieldLayout>;
}

function set(view: DataView, at: number, type: FieldType, value: number): void {
  switch (type) {
    case "i32":
      view.setInt32(at, value, true);
      break;
    case "u32":
    case "ptr":
      view.setUint32(at, value, true);
      break;
    case "f32":
      view.setFloat32(at, value, true);
      break;
    case "f64":
      view.setFloat64(at, value, true);
      break;
  }
}

/** Writes every field of `block` at `ptr`. */
export function writeBlock<F extends string>(view: DataView, ptr: number, block: BlockLayout<F>, values: Record<F, number>): void {
  for (const name of Object.keys(block.fields) as F[]) set(view, ptr + block.fields[name].offset, block.fields[name].type, values[name]);
}

/** One field of the block at `ptr`. */
export function readField<F extends string>(view: DataView, ptr: number, block: BlockLayout<F>, name: F): number {
  const { offset, type } = block.fields[name];
  switch (type) {
    case "i32":
      return view.getInt32(ptr + offset, true);
    case "u32":
    case "ptr":
      return view.getUint32(ptr + offset, true);
    case "f32":
      return view.getFloat32(ptr + offset, true);
    case "f64":
      return view.getFloat64(ptr + offset, true);
  }
}
