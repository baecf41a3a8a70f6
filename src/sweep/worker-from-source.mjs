// Development only (never part of the built package): starts a sweep worker from the
// TypeScript sources, for runs that themselves come from the sources (vitest). Registers the
// transpiling hooks in this thread, then imports the worker module named in workerData.
import { register } from "node:module";
import { workerData } from "node:worker_threads";

register(new URL("./ts-hooks.mjs", import.meta.url));
await import(workerData.entry);
