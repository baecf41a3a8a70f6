// Starting a module worker that runs <zipflab-demo>'s own module, from any origin.
import type { FromWorker } from "./protocol.js";

/**
 * A worker running the module at `moduleUrl`, resolved once it says "ready". A module worker
 * cannot be built from another origin's URL; a same-origin Blob that imports the module by
 * its absolute URL can (the module's server sends CORS headers).
 */
export function startModuleWorker(moduleUrl: string, onMessage: (m: FromWorker) => void): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const source = `import ${JSON.stringify(moduleUrl)};`;
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    const worker = new Worker(url, { type: "module", name: "zipflab" });
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      if (event.data.type !== "ready") return;
      URL.revokeObjectURL(url);
      worker.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
      resolve(worker);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(`zipflab: the worker failed to start (${event.message || "could not load " + moduleUrl})`));
    };
  });
}
