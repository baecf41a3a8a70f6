// The error of a write that failed on the user's path, in a file of its own: the command line
// tells it apart from a bug (exit 2, no stack) without loading the writer and its modules.

/** A file-system failure on the user's path (never the temporary file's name). */
export class OutputError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    detail: string,
  ) {
    super(`cannot write ${path}: ${detail}`);
    this.name = "OutputError";
  }
}
