// Combining results files of one sweep (typically its shards) into one, cell by cell: every
// file must carry the same spec fingerprint; a cell found twice is a duplicate (harmless when
// the numbers agree, a conflict when they do not); a cell found nowhere is missing.
import { canonicalJson } from "../io/canonical-json.js";
import { expandSweep, type SweepCell } from "./expand.js";
import { readResults, type ResultLine, type ResultsHeader } from "./results.js";
import { ConfigError } from "../config/error.js";

export interface CellCopies {
  index: number;
  key: string;
  /** The files holding the cell (a file twice if it holds the cell twice). */
  files: string[];
}

export interface MergeResult {
  header: ResultsHeader;
  /** One line per cell found, by cell index. */
  lines: ResultLine[];
  missing: SweepCell[];
  /** Found more than once with the same numbers (the first copy is kept). */
  duplicates: CellCopies[];
  /** Found more than once with different numbers. */
  conflicts: CellCopies[];
  /** Files whose torn last line (a crash mid-write) was ignored. */
  torn: string[];
  /** Each input's shard ("i/n", or null for a whole sweep), in input order. */
  shards: (string | null)[];
}

/** What must agree between two runs of a cell: everything but the wall-clock time. */
function numbers(line: ResultLine): string {
  const { seconds: _seconds, ...rest } = line.summary;
  return canonicalJson(rest);
}

/** `fields[i]` names files[i] in errors (default: the file itself). */
export async function mergeResults(files: readonly string[], fields: readonly string[] = files): Promise<MergeResult> {
  if (files.length === 0) throw new ConfigError("files", "name at least one results file");
  const read = [];
  for (const [i, file] of files.entries()) read.push({ file, ...(await readResults(file, fields[i] ?? file)) });
  const first = read[0];
  for (const r of read) {
    if (r.header.fingerprint !== first.header.fingerprint) {
      throw new ConfigError(
        r.file,
        `holds sweep ${r.header.fingerprint} but ${first.file} holds sweep ${first.header.fingerprint}; only files of one sweep merge`,
      );
    }
  }
  const sweep = expandSweep(first.header.spec, null);
  const cellsByKey = new Map(sweep.cells.map((c) => [c.key, c]));
  const kept = new Map<string, { line: ResultLine; copies: CellCopies; conflict: boolean }>();
  for (const { file, lines } of read) {
    for (const line of lines) {
      const cell = cellsByKey.get(line.key);
      if (!cell || cell.index !== line.index)
        throw new ConfigError(file, `holds cell ${line.key} (index ${line.index}), which is not a cell of sweep ${sweep.fingerprint}`);
      const seen = kept.get(line.key);
      if (!seen) {
        kept.set(line.key, { line, copies: { index: line.index, key: line.key, files: [file] }, conflict: false });
      } else {
        seen.copies.files.push(file);
        seen.conflict ||= numbers(seen.line) !== numbers(line);
      }
    }
  }
  const entries = [...kept.values()].sort((a, b) => a.line.index - b.line.index);
  const repeated = entries.filter((e) => e.copies.files.length > 1);
  return {
    header: { ...first.header, shard: null, cells: sweep.cells.length },
    lines: entries.map((e) => e.line),
    missing: sweep.cells.filter((c) => !kept.has(c.key)),
    duplicates: repeated.filter((e) => !e.conflict).map((e) => e.copies),
    conflicts: repeated.filter((e) => e.conflict).map((e) => e.copies),
    torn: read.filter((r) => r.tornBytes > 0).map((r) => r.file),
    shards: read.map((r) => r.header.shard),
  };
}
