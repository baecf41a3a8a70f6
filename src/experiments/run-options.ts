// The options object of runTokensExperiment and runProblemExperiment: a backend name, a core,
// callbacks. Checked before any work, so a library caller's mistake is a ConfigError naming it.
import { argFunction, argHas, argOptionalObject } from "../config/args.js";
import { ConfigError } from "../config/error.js";

interface RunOptionsShape {
  backend?: unknown;
  core?: unknown;
  onProgress?: unknown;
  onPartial?: unknown;
}

export function checkRunOptions(options: unknown): void {
  const o = argOptionalObject<RunOptionsShape>("options", options) ?? {};
  if (o.backend !== undefined && o.backend !== "wasm" && o.backend !== "twin") {
    throw new ConfigError("options.backend", `must be "wasm" or "twin" (got ${JSON.stringify(o.backend) ?? String(o.backend)})`);
  }
  if (o.core !== undefined) argHas("options.core", o.core, ["exports", "arena"], "a loaded core (loadCore())");
  if (o.onProgress !== undefined) argFunction("options.onProgress", o.onProgress);
  if (o.onPartial !== undefined) argFunction("options.onPartial", o.onPartial);
}
