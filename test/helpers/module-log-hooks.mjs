// Module hooks for cli-module-log.mjs: record each resolved URL.
import { appendFileSync } from "node:fs";

let log = null;

export function initialize(data) {
  log = data?.log ?? null;
}

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (log) appendFileSync(log, `${resolved.url}\n`);
  return resolved;
}
