// The <zipflab-demo> module: one file a page loads with <script type="module">. In a page it
// defines the element; loaded as the element's worker it runs experiments. The WASM core is
// fetched from next to this module (zipflab.wasm), whatever page embeds it.
import { ZipflabDemo } from "./element/element.js";
import { startWorker } from "./element/worker.js";

/** Kept out of a string literal next to import.meta.url so bundlers leave the URL alone. */
const WASM_FILE = ["zipflab", "wasm"].join(".");

if (typeof document === "undefined") {
  startWorker(new URL(WASM_FILE, import.meta.url));
} else {
  ZipflabDemo.moduleUrl = import.meta.url;
  if (!customElements.get("zipflab-demo")) customElements.define("zipflab-demo", ZipflabDemo);
}

export { ZipflabDemo };
