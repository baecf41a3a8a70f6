// The folder of an output path checked before any computation (outputs.ts checks the files),
// so that a bad path fails in milliseconds and not after a long run whose results would then
// be lost; and the folders on the way created one level at a time. Node's recursive mkdir spins forever under /proc (procfs answers EEXIST/
// ENOENT in a loop), so nothing here ever calls it, and pseudo file systems are refused outright.
import { accessSync, constants, mkdirSync, statfsSync, statSync, type Stats } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { ConfigError } from "../config/error.js";

/** statfs f_type of kernel pseudo file systems: no user files can live there. */
const PSEUDO_FS = new Map<number, string>([
  [0x9fa0, "procfs"],
  [0x62656572, "sysfs"],
  [0x27e0eb, "cgroup"],
  [0x63677270, "cgroup2"],
  [0x64626720, "debugfs"],
  [0x74726163, "tracefs"],
  [0x73636673, "securityfs"],
  [0x1cd1, "devpts"],
  [0x6165676c, "pstorefs"],
  [0xcafe4a11, "bpf"],
  [0x42494e4d, "binfmt_misc"],
]);

function stat(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** The nearest existing ancestor of `path` (itself if it exists), and the parts below it. */
function nearestExisting(path: string): { existing: string; stats: Stats; missing: string[] } {
  const missing: string[] = [];
  let at = path;
  for (;;) {
    const stats = stat(at);
    if (stats) return { existing: at, stats, missing };
    const up = dirname(at);
    if (up === at) throw new Error(`no existing ancestor of ${path}`); // "/" always exists
    missing.unshift(at);
    at = up;
  }
}

function pseudoFs(path: string): string | null {
  if (path === "/proc" || path.startsWith(`/proc${sep}`)) return "procfs";
  if (path === "/sys" || path.startsWith(`/sys${sep}`)) return "sysfs";
  try {
    return PSEUDO_FS.get(Number(statfsSync(path).type)) ?? null;
  } catch {
    return null;
  }
}

/**
 * Checks that folder `dir` exists or can be created: its nearest existing ancestor is a
 * writable folder on a real file system. Returns the folders that would have to be created.
 */
export function checkFolder(dir: string, option: string, shown = dir): string[] {
  const target = resolve(dir);
  const { existing, stats, missing } = nearestExisting(target);
  const fs = pseudoFs(existing);
  if (fs) throw new ConfigError(option, `cannot write under ${existing} (a ${fs} kernel file system), so not ${shown}`);
  if (!stats.isDirectory()) {
    throw new ConfigError(
      option,
      shown === dir ? `${shown} is not a folder` : `cannot create ${shown}: ${existing} is a file, not a folder`,
    );
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch (e) {
    throw new ConfigError(option, `cannot write to ${shown}: ${existing} is not writable (${(e as NodeJS.ErrnoException).code})`);
  }
  return missing;
}

/** Creates `dir` and any missing folders above it, one level at a time (never recursive mkdir). */
export function makeFolders(dir: string, option = "output", shown = dir): void {
  for (const level of checkFolder(dir, option, shown)) {
    try {
      mkdirSync(level);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || !stat(level)?.isDirectory()) throw e;
    }
  }
}
