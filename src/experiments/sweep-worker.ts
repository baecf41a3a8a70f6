// A sweep worker thread (started by src/sweep/pool.ts): the cells of SWEEP_RUNNERS' problems.
import { serveCells } from "../sweep/worker.js";
import { SWEEP_RUNNERS } from "./sweep-runners.js";
// Problems on a corpus (brown, files) need the Node corpus loader in the worker too.
import "../corpus/node/load.js";

await serveCells(SWEEP_RUNNERS);
