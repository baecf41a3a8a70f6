// Every file a command reads goes through here. An input is a regular file, or a pipe given
// as `-` (stdin) or by the shell's process substitution `<(…)` (/dev/fd/N), which is read
// once, into memory, up to a size limit. Anything else is refused with a named error before
// it is opened: a named pipe (FIFO) would block the open until some writer comes, forever if
// none does; a device reads nothing (/dev/null), never ends (/dev/zero, /dev/urandom: a read
// until memory runs out) or waits on hardware; a socket is not a file. Only stat is used to
// decide (it never blocks); a regular file is then opened O_NONBLOCK and checked again with
// fstat, so a file swapped for a FIFO in between cannot block either.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { isatty } from "node:tty";
import { fileTypeName, statOrNull } from "./file-type.js";
import { ConfigError } from "../config/error.js";

/** The most an input is read into memory: V8's longest string is 2^29 − 24 characters. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** Paths that name an already open descriptor: stdin, or /dev/fd/N from `<(…)`. */
const DESCRIPTOR_PATH = /^\/(?:dev\/(?:fd\/\d+|stdin)|proc\/(?:self|thread-self|\d+)\/fd\/\d+)$/;

export type InputSource = "file" | "pipe" | "folder";

/** True for `-` and the paths of already open descriptors (/dev/stdin, /dev/fd/N): no file name to go by. */
export function isDescriptorPath(path: string): boolean {
  return path === "-" || DESCRIPTOR_PATH.test(path);
}

export interface CheckInputOptions {
  /** A folder is a valid input (a folder of Brown files). */
  folder?: boolean;
}

function formatBytes(n: number): string {
  return n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1)} GiB` : `${(n / (1 << 20)).toFixed(0)} MiB`;
}

/**
 * What `path` is, as an input named by `option` (its value as the user typed it): a regular
 * file, a pipe (`-`, /dev/stdin, /dev/fd/N), or with `folder` a folder. Throws ConfigError for
 * a missing path or anything else, without opening it.
 */
export function checkInput(path: string, option: string, options: CheckInputOptions = {}): InputSource {
  if (path === "-") {
    // stdin: a pipe, a redirected file or a terminal; `< /dev/zero` would be read until the limit.
    const stdin = fstatSync(0);
    if (stdin.isCharacterDevice() && !isatty(0))
      throw new ConfigError(option, "- (stdin) is a character device, not a pipe, file or terminal; zipflab does not read one");
    if (stdin.isBlockDevice() || stdin.isDirectory())
      throw new ConfigError(option, `- (stdin) is ${fileTypeName(stdin)}; zipflab reads a pipe, a file or a terminal`);
    return "pipe";
  }
  if (path.trim() === "") throw new ConfigError(option, `must name a file (got ${JSON.stringify(path)})`);
  const stats = statOrNull(path);
  if (!stats) throw new ConfigError(option, `cannot read ${path}: no such file or folder`);
  if (stats.isFile()) return "file";
  if (stats.isDirectory()) {
    if (options.folder) return "folder";
    throw new ConfigError(option, `${path} is a folder; name a file`);
  }
  if (stats.isFIFO() && DESCRIPTOR_PATH.test(path)) return "pipe";
  if (stats.isFIFO()) {
    throw new ConfigError(
      option,
      `${path} is a named pipe (FIFO); zipflab does not open one (it would wait for a writer, forever if none comes): ` +
        "give the data as - (stdin) or <(…), or as a regular file",
    );
  }
  throw new ConfigError(
    option,
    `${path} is ${fileTypeName(stats)}, not a regular file; zipflab reads regular files, or a pipe given as - or <(…)`,
  );
}

/** Sleeps `ms` (a non-blocking stdin with no data yet answers EAGAIN). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Reads a descriptor to its end, refusing more than `maxBytes`. */
function readAll(fd: number, path: string, option: string, maxBytes: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") {
        pause(5);
        continue;
      }
      throw new ConfigError(option, `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    if (n === 0) break;
    total += n;
    if (total > maxBytes)
      throw new ConfigError(option, `${path} holds more than ${formatBytes(maxBytes)}; zipflab reads at most that much of an input`);
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks, total);
}

/**
 * Opens a checked input for reading and returns its descriptor (the caller closes it; stdin's
 * 0 is never closed by readInput). A regular file is opened O_NONBLOCK and re-checked.
 */
export function openInput(path: string, option: string): { fd: number; source: "file" | "pipe" } {
  const source = checkInput(path, option);
  if (source === "folder") throw new ConfigError(option, `${path} is a folder; name a file`);
  if (path === "-") return { fd: 0, source };
  let fd: number;
  try {
    fd = openSync(path, source === "file" ? constants.O_RDONLY | constants.O_NONBLOCK : constants.O_RDONLY);
  } catch (e) {
    throw new ConfigError(option, `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const stats = fstatSync(fd);
  if (source === "file" && !stats.isFile()) {
    closeSync(fd);
    throw new ConfigError(option, `${path} is ${fileTypeName(stats)}, not a regular file`);
  }
  return { fd, source };
}

/** The whole content of an input (a regular file or a pipe, read once), at most `maxBytes`. */
export function readInput(path: string, option: string, maxBytes = MAX_INPUT_BYTES): Buffer {
  const { fd, source } = openInput(path, option);
  try {
    if (source === "file") {
      const size = fstatSync(fd).size;
      if (size > maxBytes)
        throw new ConfigError(option, `${path} is ${formatBytes(size)}; zipflab reads at most ${formatBytes(maxBytes)} of an input`);
    }
    return readAll(fd, path, option, maxBytes);
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

/** An input as UTF-8 text (invalid bytes refused, not replaced). */
export function readInputText(path: string, option: string, maxBytes = MAX_INPUT_BYTES): string {
  const bytes = readInput(path, option, maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigError(option, `${path} is not valid UTF-8 text`);
  }
}
