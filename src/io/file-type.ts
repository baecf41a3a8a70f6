// What kind of file system object a path is, in words for error messages, without ever
// opening it (opening a FIFO for reading blocks until a writer comes; stat never does).
import { lstatSync, statSync, type Stats } from "node:fs";

/** "a folder", "a character device", "a named pipe (FIFO)", … for a non-regular file. */
export function fileTypeName(stats: Stats): string {
  if (stats.isFile()) return "a regular file";
  if (stats.isDirectory()) return "a folder";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isSocket()) return "a socket";
  if (stats.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

/** stat (following symbolic links), or null if nothing is there (or a link points nowhere). */
export function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** lstat (the link itself), or null if nothing is there. */
export function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}
