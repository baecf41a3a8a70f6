// The six-token experiment (3000 steps, SGD and Adam) in <zipflab-demo>'s worker (WASM
// loaded) against the same run in Node, interleaved so both see the same machine load.
// Usage: npm run bench:web [-- runs]   (the browser: test/helpers/chromium.mjs — the Chromium
// bundled by @sparticuz/chromium, or $ZIPFLAB_CHROMIUM)
import { serveStatic, webRoot } from "../dist/src/cli/serve.js";
import { runTokensExperiment } from "../dist/src/index.js";
import { launchChromium } from "../test/helpers/chromium.mjs";

const runs = Number(process.argv[2] ?? 9);
const server = await serveStatic(webRoot(), 0);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${server.address().port}/`);
  await page.evaluate(
    () => new Promise((ok) => document.querySelector("zipflab-demo").addEventListener("zipflab-result", ok, { once: true })),
  );
  const web = [],
    node = [];
  for (let i = 0; i < runs; i++) {
    web.push(
      await page.evaluate(async () => {
        const d = document.querySelector("zipflab-demo");
        await d.run();
        return d.lastRunMs;
      }),
    );
    const start = performance.now();
    await runTokensExperiment({ optimizers: [{ name: "sgd" }, { name: "adam" }] }, { backend: "wasm" });
    node.push(performance.now() - start);
  }
  const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
  console.log(`page worker ms: ${web.map((x) => x.toFixed(0)).join(" ")}  median ${median(web).toFixed(0)}`);
  console.log(`node ms:        ${node.map((x) => x.toFixed(0)).join(" ")}  median ${median(node).toFixed(0)}`);
  console.log(`page / node (medians): ${(median(web) / median(node)).toFixed(2)}×`);
} finally {
  await browser.close();
  server.close();
}
