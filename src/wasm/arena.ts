// The TS side owns the layout of linear memory: a bump allocator over the space after the
// module's static data, growing memory as needed. Typed views are made on demand from the
// current buffer, because growing memory detaches every view made before. A layout writes
// through LayoutArena, which a ByteCounter also implements: the same layout code, run dry,
// gives the exact bytes a run will allocate (the memory estimate, src/loop/memory.ts).
import { writeBlock, type BlockLayout } from "../layout/block.js";
import type { CoreExports } from "./exports.js";
import { ConfigError } from "../config/error.js";

const PAGE = 65536;

type Typed = Float32Array | Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/** What a memory layout (a problem's, a chain's, the loop's) allocates and writes through. */
export interface LayoutArena {
  /** The core's kernels, for layouts that fill large tables in WASM; null without a core. */
  readonly kernels: CoreExports | null;
  /** A dry run: allocations are counted, writes ignored; a layout skips work that only fills memory. */
  readonly dryRun: boolean;
  /** How many times the arena was reset (see Arena.epoch). */
  readonly epoch: number;
  /** Bytes allocated so far. */
  readonly used: number;
  /** Reserves `bytes` (aligned, zeroed) and returns the pointer. */
  alloc(bytes: number, alignment?: number): number;
  /** alloc() without the zeroing. */
  reserve(bytes: number, alignment?: number): number;
  allocF32(n: number): number;
  /** A copy of a 4-byte typed array in fresh memory (4 bytes at least); returns its pointer. */
  put(data: Float32Array | Int32Array | Uint32Array): number;
  /** Copies `data` to `ptr`. */
  write(ptr: number, data: Typed): void;
  /** Sets n f32 at ptr to `value`. */
  fillF32(ptr: number, n: number, value: number): void;
  /** Writes every field of a block (src/layout/blocks.mjs) at ptr. */
  writeBlock<F extends string>(ptr: number, block: BlockLayout<F>, values: Record<F, number>): void;
}

export class Arena implements LayoutArena {
  readonly dryRun = false;
  /**
   * The core's kernels, for layouts that fill large tables in WASM (the rankings); null for a
   * bare arena (tests), where layouts fall back to their TS twins.
   */
  kernels: CoreExports | null = null;
  private top: number;
  private resets = 0;
  /**
   * The end of everything ever handed out: memory past it has not been written since the
   * module started (kernels write only what was allocated to them), so it is still zero.
   */
  private written: number;

  constructor(
    readonly memory: WebAssembly.Memory,
    readonly base: number,
  ) {
    this.base = align(base, 16);
    this.top = this.base;
    this.written = this.base;
  }

  /** Reserves `bytes` (16-byte aligned, zeroed) and returns the pointer. */
  alloc(bytes: number, alignment = 16): number {
    const written = this.written;
    const ptr = this.reserve(bytes, alignment);
    // zero only what an earlier allocation may have written (fresh memory is zero): filling
    // freshly grown memory cost a second pass over it (≈ 1 s of a d = 10⁴ run's set-up)
    const dirty = Math.min(ptr + bytes, written) - ptr;
    if (dirty > 0) new Uint8Array(this.memory.buffer, ptr, dirty).fill(0);
    return ptr;
  }

  /**
   * alloc() without the zeroing: the bytes keep whatever they held (for a caller that writes
   * before it reads, or that knows what an earlier run left there — see `epoch`).
   */
  reserve(bytes: number, alignment = 16): number {
    const ptr = align(this.top, alignment);
    const end = ptr + bytes;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      try {
        this.memory.grow(pages);
      } catch {
        // The sizes a config asks for are estimated before any run (run/memory.ts); this is where
        // an estimate that fell short still stops with the sizes named, not a crash.
        throw new ConfigError(
          "memory",
          `the problem needs ${formatBytes(end)} of WebAssembly memory; its limit is 4 GiB: choose smaller sizes`,
        );
      }
    }
    this.top = end;
    this.written = Math.max(this.written, end);
    return ptr;
  }

  allocF32(n: number): number {
    return this.alloc(4 * n);
  }

  /** Frees everything allocated so far (memory stays grown). */
  reset(): void {
    this.top = this.base;
    this.resets++;
  }

  /**
   * How many times reset() was called. Memory written after reset number e is untouched as
   * long as epoch is still e: everything allocated later lies past it.
   */
  get epoch(): number {
    return this.resets;
  }

  get used(): number {
    return this.top - this.base;
  }

  f32(ptr: number, n: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, n);
  }
  f64(ptr: number, n: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, n);
  }
  i32(ptr: number, n: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, n);
  }
  u32(ptr: number, n: number): Uint32Array {
    return new Uint32Array(this.memory.buffer, ptr, n);
  }
  u16(ptr: number, n: number): Uint16Array {
    return new Uint16Array(this.memory.buffer, ptr, n);
  }
  u8(ptr: number, n: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, ptr, n);
  }
  put(data: Float32Array | Int32Array | Uint32Array): number {
    const p = this.alloc(4 * Math.max(data.length, 1));
    this.write(p, data);
    return p;
  }
  /** A DataView for writing struct fields (little-endian, as WASM). */
  view(): DataView {
    return new DataView(this.memory.buffer);
  }
  write(ptr: number, data: Typed): void {
    this.u8(ptr, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  fillF32(ptr: number, n: number, value: number): void {
    this.f32(ptr, n).fill(value);
  }
  writeBlock<F extends string>(ptr: number, block: BlockLayout<F>, values: Record<F, number>): void {
    writeBlock(this.view(), ptr, block, values);
  }
}

/**
 * An arena that only counts: the allocations of a layout, aligned as Arena aligns them, with
 * no memory behind them. A layout run on it (dryRun) gives the exact bytes it will allocate.
 */
export class ByteCounter implements LayoutArena {
  readonly kernels = null;
  readonly dryRun = true;
  readonly epoch = 0;
  private top = 0;

  get used(): number {
    return this.top;
  }
  alloc(bytes: number, alignment = 16): number {
    return this.reserve(bytes, alignment);
  }
  reserve(bytes: number, alignment = 16): number {
    const ptr = align(this.top, alignment);
    this.top = ptr + bytes;
    return ptr;
  }
  allocF32(n: number): number {
    return this.alloc(4 * n);
  }
  put(data: Float32Array | Int32Array | Uint32Array): number {
    return this.alloc(4 * Math.max(data.length, 1));
  }
  write(): void {}
  fillF32(): void {}
  writeBlock(): void {}
}

export function align(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  if (bytes >= 2 ** 10) return `${(bytes / 2 ** 10).toFixed(1)} KiB`;
  return `${bytes} B`;
}
