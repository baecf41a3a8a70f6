// The results file: JSON lines, append-only. Line 1 is a header naming the sweep (spec,
// fingerprint, shard); every other line is one finished cell and carries the fingerprint too,
// so that lines stay attributable after files are concatenated. Whole lines or nothing: the
// header appears by write-then-rename; each batch of cell lines is one append (once written
// it survives any kill of the process, SIGKILL included: it is in the OS's page cache), and
// fdatasync at most once a second bounds what an OS crash or power cut can take back. A line
// torn by either (no final newline) is cut off on resume, so its cell reruns.
// One writer at a time: a sweep holds an exclusive kernel lock on "<file>.lock" (src/io/lock.ts)
// from before it reads the file until it closes it, so a second sweep on the same file stops
// at once, naming the holder, instead of running every cell again; a killed holder's lock
// vanishes with it.
import { closeSync, fdatasyncSync, openSync, renameSync, rmSync, truncateSync, writeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { describeHolder, isLockFile, LockedError, lockFile, type FileLock } from "../io/lock.js";
import { fileTypeName, lstatOrNull } from "../io/file-type.js";
import type { Sweep } from "./expand.js";
import { scanLines } from "./lines.js";
import type { CellConfig, CellSummary } from "../tuning/cell.js";
import type { SweepSpec } from "./spec.js";
import { ConfigError } from "../config/error.js";

export const RESULTS_FORMAT = 1;
const SYNC_EVERY_MS = 1000;

export interface ResultsHeader {
  zipflabSweep: typeof RESULTS_FORMAT;
  fingerprint: string;
  problem: string;
  /** "i/n" for a shard's file, null for a whole sweep (or a merge). */
  shard: string | null;
  /** Cells in the whole sweep (all shards). */
  cells: number;
  spec: SweepSpec;
}

export interface ResultLine {
  /** The sweep's fingerprint. */
  sweep: string;
  index: number;
  key: string;
  cell: CellConfig;
  summary: CellSummary;
}

export interface ResultsFile {
  header: ResultsHeader;
  lines: ResultLine[];
  /** Bytes of a torn last line (0 if the file ends cleanly). */
  tornBytes: number;
  completeBytes: number;
}

export function makeHeader(sweep: Sweep, shard: string | null): ResultsHeader {
  return {
    zipflabSweep: RESULTS_FORMAT,
    fingerprint: sweep.fingerprint,
    problem: sweep.problem,
    shard,
    cells: sweep.cells.length,
    spec: sweep.spec,
  };
}

/** One line of JSON; NaN/Inf become null (JSON has neither). */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v)) + "\n";
}

function isHeader(x: unknown): x is ResultsHeader {
  const h = x as ResultsHeader;
  return (
    h !== null &&
    typeof h === "object" &&
    h.zipflabSweep === RESULTS_FORMAT &&
    typeof h.fingerprint === "string" &&
    typeof h.spec === "object"
  );
}

function isLine(x: unknown, fingerprint: string): x is ResultLine {
  const l = x as ResultLine;
  return (
    l !== null &&
    typeof l === "object" &&
    l.sweep === fingerprint &&
    Number.isSafeInteger(l.index) &&
    typeof l.key === "string" &&
    typeof l.cell === "object" &&
    typeof l.summary === "object"
  );
}

/** True if bytes read from a file start like a results file (its header line). */
export function looksLikeResults(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 16)).toString("utf8") === '{"zipflabSweep":';
}

/**
 * Reads a results file (field: the option or argument that named it, for errors), or its bytes
 * already read (`bytes`; `path` then only names it).
 */
export async function readResults(path: string, field: string, bytes?: Uint8Array): Promise<ResultsFile> {
  let header: ResultsHeader | null = null;
  const lines: ResultLine[] = [];
  const notResults = `${path} is not a zipflab sweep results file (its first line is not the header {"zipflabSweep": …} that zipflab sweep writes)`;
  const scan = await scanLines(
    bytes ?? path,
    ({ number, text }) => {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        if (number === 1) throw new ConfigError(field, notResults);
        throw new ConfigError(
          field,
          `${path} line ${number} is not JSON; the file is damaged (not by a crash, which only tears the last line)`,
        );
      }
      if (number === 1) {
        if (!isHeader(data)) throw new ConfigError(field, notResults);
        header = data;
      } else if (!isLine(data, header!.fingerprint)) {
        throw new ConfigError(field, `${path} line ${number} is not a cell result of sweep ${header!.fingerprint}`);
      } else lines.push(data);
    },
    field,
  );
  if (!header)
    throw new ConfigError(
      field,
      `${path} is not a zipflab sweep results file (${scan.tornBytes > 0 ? "no complete header line" : "it is empty"})`,
    );
  return { header, lines, ...scan };
}

/** Writes the header as a new file, whole or not at all. */
function createWithHeader(path: string, header: ResultsHeader): void {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    const fd = openSync(tmp, "wx");
    try {
      writeSync(fd, jsonLine(header));
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export interface ResultsWriter {
  /** Keys of the cells already in the file (skipped on resume). */
  done: Set<string>;
  /** Cells found twice in the file (possible only if two sweeps appended to it at once). */
  duplicates: number;
  /** Bytes of a torn last line that were cut off. */
  repairedBytes: number;
  append(lines: readonly ResultLine[]): void;
  close(): void;
}

/**
 * Opens `path` for a sweep: creates it with a header, or resumes it after checking that it
 * belongs to the same sweep and shard (else it is left untouched and ConfigError names `field`).
 */
export async function openResults(
  path: string,
  header: ResultsHeader,
  field = "out",
  onWarning: (text: string) => void = (t) => console.warn(`zipflab: warning: ${t}`),
): Promise<ResultsWriter> {
  const lock = lockResults(path, field, onWarning);
  try {
    return await openLocked(path, header, field, lock);
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** The results file's lock; ConfigError naming `field` if another sweep holds it. */
function lockResults(path: string, field: string, onWarning: (text: string) => void): FileLock {
  // The lock file is written and then deleted: it must be nothing of the user's.
  const lockPath = `${path}.lock`;
  const existing = lstatOrNull(lockPath);
  if (existing && !(existing.isFile() && (existing.size === 0 || (existing.size < 4096 && isLockFile(lockPath))))) {
    throw new ConfigError(
      field,
      `${lockPath} exists and is not a zipflab lock file (${existing.isFile() ? "it holds something else" : fileTypeName(existing)}); ` +
        "zipflab locks a results file through <file>.lock: move it away or choose another results file",
    );
  }
  try {
    return lockFile(`${path}.lock`, (why) => onWarning(`${why}: nothing stops two sweeps from writing ${path} at once`));
  } catch (e) {
    if (e instanceof LockedError) {
      throw new ConfigError(
        field,
        `${path} is being written by another zipflab sweep: ${describeHolder(e.holder)}; ` +
          "wait for it to finish (or stop it), or write to another results file",
      );
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === "string") throw new ConfigError(field, `cannot write ${path}: ${code}`);
    throw e;
  }
}

async function openLocked(path: string, header: ResultsHeader, field: string, lock: FileLock): Promise<ResultsWriter> {
  const done = new Set<string>();
  let duplicates = 0;
  let repairedBytes = 0;
  const existing = lstatOrNull(path);
  if (existing && !existing.isFile()) {
    throw new ConfigError(field, `${path} is ${fileTypeName(existing)}, not a regular file; a results file must be one`);
  }
  if (!existing || existing.size === 0) {
    createWithHeader(path, header);
  } else {
    const file = await readResults(path, field);
    if (file.header.fingerprint !== header.fingerprint) {
      throw new ConfigError(
        field,
        `${path} holds results of a different sweep (spec fingerprint ${file.header.fingerprint}, this spec ${header.fingerprint}); ` +
          "it was left untouched: choose another results file or delete it",
      );
    }
    if (file.header.shard !== header.shard) {
      throw new ConfigError(
        field,
        `${path} holds shard ${file.header.shard ?? "(whole sweep)"}, not ${header.shard ?? "the whole sweep"}; it was left untouched`,
      );
    }
    for (const line of file.lines) {
      if (done.has(line.key)) duplicates++;
      done.add(line.key);
    }
    if (file.tornBytes > 0) {
      truncateSync(path, file.completeBytes);
      repairedBytes = file.tornBytes;
    }
  }
  const fd = openSync(path, "a");
  // Syncing every line would cap fast sweeps at a few hundred cells/s on an ordinary disk.
  let lastSync = Date.now();
  let unsynced = false;
  return {
    done,
    duplicates,
    repairedBytes,
    append(lines) {
      if (lines.length === 0) return;
      // One write for the batch; a crash inside it leaves complete lines plus one torn tail.
      const bytes = Buffer.from(lines.map(jsonLine).join(""));
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
      unsynced = true;
      if (Date.now() - lastSync >= SYNC_EVERY_MS) {
        fdatasyncSync(fd);
        lastSync = Date.now();
        unsynced = false;
      }
    },
    close() {
      try {
        if (unsynced) fdatasyncSync(fd);
        closeSync(fd);
      } finally {
        lock.release();
      }
    },
  };
}
