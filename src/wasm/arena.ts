// The TS side owns the layout of linear memory: a bump allocator over the space after the
// module's static data, growing memory as needed. Typed views are made on demand from the
// current buffer, because growing memory detaches every view made before.

import type { CoreExports } from "./exports.js";
import { ConfigError } from "../config/fields.js";

const PAGE = 65536;

export class Arena {
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

  constructor(readonly memory: WebAssembly.Memory, readonly base: number) {
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
        throw new ConfigError("memory", `the problem needs ${formatBytes(end)} of WebAssembly memory; its limit is 4 GiB: choose smaller sizes`);
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
  /** A copy of a 4-byte typed array in fresh memory; returns its pointer (4 bytes at least). */
  put(data: Float32Array | Int32Array | Uint32Array): number {
    const p = this.alloc(4 * Math.max(data.length, 1));
    this.u8(p, 4 * data.length).set(new Uint8Array(data.buffer, data.byteOffset, 4 * data.length));
    return p;
  }
  /** A DataView for writing struct fields (little-endian, as WASM). */
  view(): DataView {
    return new DataView(this.memory.buffer);
  }
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
