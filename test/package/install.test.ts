// The published package as a user gets it: `npm pack`, then installed into an empty project
// OFFLINE (the tarball, and its dependencies from the local npm cache that `npm install` of
// this repository filled), and used from there: the CLI through npx, `zipflab serve`, the
// library in Node, and the library bundled by Vite into a page run in Chromium, with the same
// numbers as the CLI.
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../src/cli/serve.js";
import { launchChromium } from "../helpers/chromium.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  license: string;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
  engines: unknown;
};
const dir = mkdtempSync(join(tmpdir(), "zipflab-install-"));
const app = join(dir, "app");
// npm never reaches the network in this test; its logs stay in the temporary folder.
const npmEnv = {
  ...process.env,
  npm_config_offline: "true",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  npm_config_logs_dir: join(dir, "npm-logs"),
};

let packed: string[] = [];
let browser: Browser | undefined;
let page: Server | undefined;

function run(command: string, args: string[], cwd = app, timeout = 120_000): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { cwd, env: npmEnv, encoding: "utf8", timeout });
  if (r.error) throw r.error;
  return r;
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  expect(r.status, `${what}\n${r.stderr}\n${r.stdout}`).toBe(0);
  return r.stdout;
}

/** A result without its timing fields, the only part allowed to differ between runs. */
function untimed(json: string): unknown {
  return JSON.parse(json, (key, value) => (key === "seconds" ? undefined : value));
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, "dist/src/index.js")) || !existsSync(join(ROOT, "dist/web/zipflab-demo.js"))) {
    throw new Error("the build is missing: run `npm run build` (npm test does)");
  }
  // The tree as built (npm test builds first): --ignore-scripts skips `prepare`, a second build.
  const out = ok(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], ROOT), "npm pack");
  packed = (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path);

  // An empty project depending on the tarball. `npm install --offline` would need the registry's
  // metadata to resolve version ranges, and a clone's `npm ci` caches only the tarballs its
  // lockfile names: so the project gets a lockfile made of the tarball and the runtime entries
  // of this repository's lockfile (the same tree `npm install zipflab` would get), and
  // `npm ci --offline` installs it from the cache alone.
  mkdirSync(app);
  const spec = `file:../${pkg.name}-${pkg.version}.tgz`;
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, { dev?: boolean; link?: boolean }>;
  };
  const packages: Record<string, unknown> = {
    "": { name: "app", dependencies: { [pkg.name]: spec } },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: spec,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== "" && !entry.dev && !entry.link) packages[path] = entry;
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "app", private: true, type: "module", dependencies: { [pkg.name]: spec } }, null, 2),
  );
  writeFileSync(join(app, "package-lock.json"), JSON.stringify({ name: "app", lockfileVersion: 3, requires: true, packages }, null, 2));
  const install = run("npm", ["ci", "--offline"], app, 300_000);
  if (install.status !== 0 && /ENOTCACHED/.test(install.stderr)) {
    throw new Error(
      `npm ci --offline: a dependency is not in the npm cache (${install.stderr.split("\n").find((l) => l.includes("ENOTCACHED"))}); ` +
        "run `npm ci` in the repository (it caches every tarball of the lockfile) and try again",
    );
  }
  ok(install, "npm ci --offline (the packed tarball into an empty project)");
}, 300_000);

afterAll(async () => {
  await browser?.close();
  page?.close();
  // The project's node_modules: thousands of files, seconds on a loaded machine.
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe("the packed package, installed offline into an empty project", () => {
  it("ships the library, the CLI, the WASM, the web page and the examples, and no benchmarks or tests", () => {
    for (const f of [
      "dist/src/index.js",
      "dist/src/index.d.ts",
      "dist/src/cli/main.js",
      "bin/zipflab.js",
      "build/zipflab.wasm",
      "dist/web/index.html",
      "dist/web/zipflab-demo.js",
      "dist/web/zipflab.wasm",
      "dist/web/examples/embed.html",
      "examples/embed.html",
    ]) {
      expect(packed, f).toContain(f);
    }
    expect(packed.filter((f) => /^(dist\/bench|dist\/test|test|bench|src|assembly)\//.test(f))).toEqual([]);
  });

  it("npx zipflab --version and --help", () => {
    expect(ok(run("npx", ["zipflab", "--version"]), "npx zipflab --version").trim()).toBe(pkg.version);
    expect(ok(run("npx", ["zipflab", "--help"]), "npx zipflab --help")).toMatch(/^Usage: zipflab \[options\] \[command\]/);
  });

  it("npx zipflab tokens prints the table, and its --json is what the library computes in Node", () => {
    const table = ok(run("npx", ["zipflab", "tokens", "--steps", "500"]), "npx zipflab tokens");
    expect(table).toMatch(/^thalweg +0\.001 /m);
    ok(run("npx", ["zipflab", "tokens", "--steps", "500", "--json", "cli.json", "-q"]), "npx zipflab tokens --json");
    // The library from the installed package, in Node.
    const script =
      'import { runTokensExperiment } from "zipflab";\n' +
      "const r = await runTokensExperiment({ steps: 500 });\n" +
      "process.stdout.write(JSON.stringify(r, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));\n";
    writeFileSync(join(app, "library.mjs"), script);
    const library = ok(run("node", ["library.mjs"]), 'import { runTokensExperiment } from "zipflab" in Node');
    expect(untimed(library)).toEqual(untimed(readFileSync(join(app, "cli.json"), "utf8")));
  });

  it("npx zipflab serve answers / (the playground), /zipflab-demo.js (the element) and /zipflab.wasm", async () => {
    const server = spawn("npx", ["zipflab", "serve", "--port", "0"], {
      cwd: app,
      env: npmEnv,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    server.stderr.on("data", (d: Buffer) => (err += d.toString()));
    try {
      const url = await new Promise<string>((ok, fail) => {
        let out = "";
        server.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /serving (http:\/\/localhost:\d+\/)/.exec(out);
          if (m) ok(m[1]);
        });
        server.once("exit", (code) => fail(new Error(`zipflab serve exited (${code}) before listening: ${err}`)));
        setTimeout(() => fail(new Error(`zipflab serve did not start within 30 s: ${out} ${err}`)), 30_000);
      });
      const index = await fetch(url);
      expect(index.status).toBe(200);
      expect(index.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await index.text()).toContain("<zipflab-demo");
      const element = await fetch(`${url}zipflab-demo.js`);
      expect(element.status).toBe(200);
      expect(element.headers.get("content-type")).toMatch(/^text\/javascript/);
      expect(await element.text()).toContain("zipflab-demo");
      const wasm = await fetch(`${url}zipflab.wasm`);
      expect([wasm.status, wasm.headers.get("content-type")]).toEqual([200, "application/wasm"]);
    } finally {
      // npx runs zipflab as its child: end the whole process group.
      if (server.pid !== undefined) process.kill(-server.pid, "SIGTERM");
    }
  });

  it("a page that imports zipflab, bundled by Vite, runs the six-token experiment in Chromium with the CLI's numbers", async () => {
    writeFileSync(
      join(app, "index.html"),
      '<!doctype html>\n<meta charset="utf-8">\n<title>app</title>\n<script type="module" src="./main.js"></script>\n',
    );
    writeFileSync(
      join(app, "main.js"),
      'import { runTokensExperiment } from "zipflab";\n\n' +
        "try {\n" +
        '  const result = await runTokensExperiment({}, { backend: "wasm" });\n' +
        "  window.zipflabResult = JSON.stringify(result, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));\n" +
        "} catch (e) {\n" +
        "  window.zipflabError = String(e?.stack ?? e);\n" +
        "}\n",
    );
    // Vite from this repository (a devDependency), run on the app: it resolves `zipflab` in the
    // app's node_modules, as the app's own Vite would. It must bundle without a warning (no
    // Node module to stub out, the WASM file found and emitted).
    const { build, createLogger } = await import("vite");
    const warnings: string[] = [];
    const logger = createLogger("warn");
    logger.warn = (message) => void warnings.push(message);
    logger.warnOnce = (message) => void warnings.push(message);
    logger.error = (message) => void warnings.push(message);
    const bundle = await build({
      root: app,
      logLevel: "warn",
      customLogger: logger,
      configFile: false,
      build: { outDir: join(app, "dist"), target: "es2022", emptyOutDir: true },
    });
    expect(warnings).toEqual([]);
    const emitted = [bundle].flat().flatMap((b) => ("output" in b ? b.output.map((o) => o.fileName) : []));
    expect(emitted.filter((f) => /^assets\/zipflab-[\w-]+\.wasm$/.test(f))).toHaveLength(1);
    ok(run("npx", ["zipflab", "tokens", "--json", "cli-defaults.json", "-q"]), "npx zipflab tokens --json");

    page = await serveStatic(join(app, "dist"), 0);
    browser = await launchChromium();
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (e) => errors.push(e.message));
    tab.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await tab.goto(`http://localhost:${(page.address() as { port: number }).port}/`);
    await tab.waitForFunction(() => "zipflabResult" in window || "zipflabError" in window, null, { timeout: 60_000 });
    const outcome = await tab.evaluate(() => ({
      result: (window as { zipflabResult?: string }).zipflabResult,
      error: (window as { zipflabError?: string }).zipflabError,
    }));
    expect(outcome.error).toBeUndefined();
    expect(errors).toEqual([]);
    const inPage = untimed(outcome.result!) as { backend: string };
    expect(inPage.backend).toBe("wasm");
    expect(inPage).toEqual(untimed(readFileSync(join(app, "cli-defaults.json"), "utf8")));
  });
});
