// An exclusive lock on a file that the kernel releases when its holder dies, SIGKILL included,
// so no lock is ever stale. Node exposes neither flock(2) nor fcntl(2) locks; fs-native-extensions
// (prebuilt, no compiler needed) takes an open-file-description lock, fcntl(F_OFD_SETLK) on
// Linux and flock(2) on macOS. Why this and not a lock file:
// - O_EXCL lock files and proper-lockfile's mtime-refreshed lock directory outlive a SIGKILL; a
//   second process must then guess (is pid P alive? — unknowable from another Slurm node; has
//   the mtime gone stale? — wrong for a stalled NFS client, and a wait of the stale period).
// - fcntl locks go to the file server on NFS (NLM for v3, lease state for v4), Lustre (mounted
//   with -o flock) and GPFS, so two Slurm nodes exclude each other; the server drops a dead
//   node's locks when its lease expires. OFD locks, unlike classic POSIX ones, belong to the
//   open file, not the process: closing some other descriptor of the file does not drop them,
//   and two opens in one process exclude each other too.
// The lock is taken on a sidecar "<file>.lock" that holds the holder's pid and host for the
// message a second process prints; it is removed by the holder before it lets go.
import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { hostname } from "node:os";

interface NativeLocks {
  tryLock(fd: number, offset?: number, length?: number, opts?: { shared?: boolean }): boolean;
  unlock(fd: number, offset?: number, length?: number): void;
}

/** Who holds a lock, as its holder wrote it into the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

export interface FileLock {
  path: string;
  release(): void;
}

export class LockedError extends Error {
  constructor(
    readonly path: string,
    readonly holder: LockHolder | null,
  ) {
    super(`${path} is locked by ${describeHolder(holder)}`);
    this.name = "LockedError";
  }
}

export function describeHolder(holder: LockHolder | null): string {
  return holder ? `pid ${holder.pid} on host ${holder.host} (since ${holder.since})` : "another process (it has not written its pid yet)";
}

let native: NativeLocks | null | undefined;

/** The native binding, or null where no prebuilt binary fits this platform. */
function nativeLocks(): NativeLocks | null {
  if (native === undefined) {
    try {
      native = createRequire(import.meta.url)("fs-native-extensions") as NativeLocks;
    } catch {
      native = null;
    }
  }
  return native;
}

/** True if `path` holds what lockFile writes into a lock file (a holder's pid, host and time). */
export function isLockFile(path: string): boolean {
  return readHolder(path) !== null;
}

function readHolder(path: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(path, "utf8")) as LockHolder;
    return Number.isSafeInteger(h.pid) && typeof h.host === "string" ? h : null;
  } catch {
    return null;
  }
}

function sameFile(fd: number, path: string): boolean {
  try {
    const a = fstatSync(fd);
    const b = statSync(path);
    return a.ino === b.ino && a.dev === b.dev;
  } catch {
    return false;
  }
}

/**
 * Takes the exclusive lock `path` (created if missing) without waiting; throws LockedError
 * naming the holder if another open file holds it. `onUnsupported` is called (and a no-op lock
 * returned) where locks cannot be taken: no binary for the platform, or ENOLCK/ENOTSUP from a
 * filesystem without lock support.
 */
export function lockFile(path: string, onUnsupported: (why: string) => void = () => {}): FileLock {
  const locks = nativeLocks();
  if (!locks) {
    onUnsupported(`no file-lock support for ${process.platform}-${process.arch}`);
    return { path, release() {} };
  }
  // A holder unlinks the file before releasing it: a process that opened the old inode and then
  // got its lock must try again on the file now at `path` (else two processes could both "hold" it).
  for (let attempt = 0; ; attempt++) {
    const fd = openSync(path, "a+");
    let granted: boolean;
    try {
      granted = locks.tryLock(fd);
    } catch (e) {
      closeSync(fd);
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOLCK" || code === "ENOTSUP" || code === "EOPNOTSUPP") {
        onUnsupported(`the filesystem of ${path} refuses locks (${code})`);
        return { path, release() {} };
      }
      throw e;
    }
    if (!granted) {
      closeSync(fd);
      throw new LockedError(path, readHolder(path));
    }
    if (!sameFile(fd, path)) {
      closeSync(fd);
      if (attempt < 100) continue;
      throw new LockedError(path, readHolder(path));
    }
    const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    ftruncateSync(fd, 0);
    writeSync(fd, JSON.stringify(holder) + "\n", 0);
    let released = false;
    return {
      path,
      release() {
        if (released) return;
        released = true;
        try {
          unlinkSync(path);
        } finally {
          closeSync(fd); // closing the last descriptor of the open file drops the OFD lock
        }
      },
    };
  }
}
