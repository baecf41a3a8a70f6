// Tasks of one job split across the threads of a pool on one shared memory (build/
// zipflab-shared.wasm; the Node side starts the workers: src/run/pool.ts). Without a pool —
// the single-threaded build, the browser, a core without workers — parallelFor runs the tasks
// in order on the calling thread, and the results are the same bits: a kernel that uses the
// pool makes every task's output its own and combines them in task order, in an ordered
// section (waitTurn … passTurn) that task t enters only after task t − 1 left it.
//
// Control block: `pool` in src/layout/blocks.mjs. The calling thread is thread 0; workers
// 1 … workers each sit in poolWorker, waiting for the generation to change.
import { POOL_COUNT, POOL_DONE, POOL_FAILED, POOL_GENERATION, POOL_JOB, POOL_NEXT, POOL_STOP, POOL_TASK, POOL_TURN, POOL_WORKERS } from "./layout";

/** One task of a job: `thread` indexes the caller's per-thread scratch (0 … workers). */
export type Task = (job: usize, task: i32, thread: i32) => void;

/** This instance's pool (0 = none): set by poolAttach on the main thread, by poolWorker on a worker. */
let pool: usize = 0;

/** Makes parallelFor on this instance use the pool at `control` (0 detaches). */
export function poolAttach(control: usize): void {
  pool = control;
}

/** Threads a parallelFor on this instance runs on (1 without a pool). */
export function poolThreads(): i32 {
  return pool == 0 ? 1 : load<i32>(pool + POOL_WORKERS) + 1;
}

/** Runs task(job, t, thread) for t = 0 … count − 1, on the pool's threads where there is one. */
export function parallelFor(task: Task, job: usize, count: i32): void {
  if (ASC_FEATURE_THREADS) {
    if (pool != 0 && count > 1 && load<i32>(pool + POOL_WORKERS) > 0) {
      const p = pool;
      store<usize>(p + POOL_TASK, changetype<usize>(task));
      store<usize>(p + POOL_JOB, job);
      store<i32>(p + POOL_COUNT, count);
      atomic.store<i32>(p + POOL_NEXT, 0);
      atomic.store<i32>(p + POOL_DONE, 0);
      atomic.store<i32>(p + POOL_TURN, 0);
      atomic.add<i32>(p + POOL_GENERATION, 1);
      atomic.notify(p + POOL_GENERATION);
      runTasks(p, 0);
      const workers = load<i32>(p + POOL_WORKERS);
      for (let done = atomic.load<i32>(p + POOL_DONE); done < workers; done = atomic.load<i32>(p + POOL_DONE)) {
        atomic.wait<i32>(p + POOL_DONE, done);
      }
      if (atomic.load<i32>(p + POOL_FAILED) != 0) unreachable();
      return;
    }
  }
  if (ASC_FEATURE_THREADS) {
    if (pool != 0) atomic.store<i32>(pool + POOL_TURN, 0);
  }
  for (let t = 0; t < count; t++) task(job, t, 0);
}

/** Claims tasks one at a time (a faster thread takes more); which thread runs a task never changes its bits. */
function runTasks(p: usize, thread: i32): void {
  if (ASC_FEATURE_THREADS) {
    const task = changetype<Task>(load<usize>(p + POOL_TASK));
    const job = load<usize>(p + POOL_JOB);
    const count = load<i32>(p + POOL_COUNT);
    for (let t = atomic.add<i32>(p + POOL_NEXT, 1); t < count; t = atomic.add<i32>(p + POOL_NEXT, 1)) {
      if (atomic.load<i32>(p + POOL_FAILED) != 0) return;
      task(job, t, thread);
    }
  }
}

/** A worker's life: run the tasks of each new generation until stopped (thread ≥ 1). */
export function poolWorker(control: usize, thread: i32): void {
  if (ASC_FEATURE_THREADS) {
    pool = control;
    // 0, not the current value: a parallelFor may have started before this worker got here
    let generation = 0;
    for (;;) {
      atomic.wait<i32>(control + POOL_GENERATION, generation);
      const now = atomic.load<i32>(control + POOL_GENERATION);
      if (now == generation) continue; // spurious wake-up
      generation = now;
      if (atomic.load<i32>(control + POOL_STOP) != 0) return;
      runTasks(control, thread);
      atomic.add<i32>(control + POOL_DONE, 1);
      atomic.notify(control + POOL_DONE);
    }
  }
}

/** Enters task t's ordered section: returns once tasks 0 … t − 1 have left theirs. */
export function waitTurn(t: i32): void {
  if (ASC_FEATURE_THREADS) {
    const p = pool;
    if (p == 0) return; // serial: tasks run in order
    for (let turn = atomic.load<i32>(p + POOL_TURN); turn != t; turn = atomic.load<i32>(p + POOL_TURN)) {
      if (atomic.load<i32>(p + POOL_FAILED) != 0) return;
      atomic.wait<i32>(p + POOL_TURN, turn);
    }
  }
}

/** Leaves task t's ordered section. */
export function passTurn(t: i32): void {
  if (ASC_FEATURE_THREADS) {
    const p = pool;
    if (p == 0) return;
    atomic.store<i32>(p + POOL_TURN, t + 1);
    atomic.notify(p + POOL_TURN);
  }
}
