// The headless Chromium of the browser tests and `npm run bench:web`, driven by playwright-core.
//
// Which browser: $ZIPFLAB_CHROMIUM when set (any Chromium or Chrome binary, e.g. Debian's
// /usr/bin/chromium), else the Chromium shipped inside the npm package @sparticuz/chromium (a
// devDependency, so `npm install` brings it; Linux x64 and arm64). That one is Brotli-compressed
// in the package: the first launch unpacks it (~200 MB, a few seconds) into
// node_modules/.cache/zipflab/chromium-<version>/ (or, where that is not writable,
// <tmpdir>/zipflab-chromium-<version>-<uid>/), and every later launch, in any process, reuses it.
// The unpacking goes into a private folder renamed into place when complete, so a killed or
// concurrent unpack never leaves a half-written browser where a launch would find it, and a
// lock makes concurrent test files wait for one unpack instead of each doing its own.
import { mkdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { chromium as playwright } from "playwright-core";

const PACKAGE = "@sparticuz/chromium";

/**
 * Flags of the package's `args` (made for serverless functions) that a test browser must not
 * have: --single-process ends the whole browser when Playwright closes a page's context, and the
 * others turn off web security, site isolation or the cross-origin isolation that
 * SharedArrayBuffer needs, which would hide exactly the cross-origin failures the tests look for.
 */
const DROPPED_ARGS =
  /^--(single-process|disable-web-security|allow-running-insecure-content|disable-site-isolation-trials|disable-features=|enable-features=)/;

/** Where the bundled browser's files are, and its version (from its package.json). */
function bundledPackage() {
  let entry;
  try {
    entry = createRequire(import.meta.url).resolve(PACKAGE);
  } catch {
    throw new Error(
      `${PACKAGE} is not installed: run \`npm install\` (it is a devDependency), or set ZIPFLAB_CHROMIUM to a Chromium binary`,
    );
  }
  // …/node_modules/@sparticuz/chromium/build/cjs/index.cjs → the package root.
  let root = dirname(entry);
  while (!isPackageRoot(root)) {
    const up = dirname(root);
    if (up === root) throw new Error(`${PACKAGE}: no package.json above ${entry}`);
    root = up;
  }
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return { root, version, nodeModules: dirname(dirname(root)) };
}

function isPackageRoot(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name === PACKAGE;
  } catch {
    return false;
  }
}

function writableFolder(dir) {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folder the bundled browser is unpacked into (made if missing), one per package version. */
export function bundledChromiumFolder() {
  const { version, nodeModules } = bundledPackage();
  const cache = join(nodeModules, ".cache", "zipflab");
  if (writableFolder(cache)) return join(cache, `chromium-${version}`);
  const fallback = join(tmpdir(), `zipflab-chromium-${version}-${process.getuid?.() ?? "user"}`);
  mkdirSync(dirname(fallback), { recursive: true });
  return fallback;
}

const exists = (path) => {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Unpacks the bundled browser into `folder` unless it is there; returns the binary's path. */
async function unpackBundled(folder) {
  const binary = join(folder, "chromium");
  if (exists(binary)) return binary;
  // One unpacker at a time; the others wait for its rename. A lock older than two minutes
  // belongs to an unpack that died: take over (the rename below stays safe either way).
  const lock = `${folder}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      if (exists(binary)) return binary;
      let age;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > 120_000) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      await sleep(200);
    }
  }
  const staging = `${folder}.unpacking-${process.pid}-${Date.now()}`;
  try {
    if (exists(binary)) return binary;
    mkdirSync(staging, { recursive: true });
    const { default: Chromium } = await import(PACKAGE);
    // executablePath() unpacks into os.tmpdir() (which reads $TMPDIR), and takes the Amazon
    // Linux 2023 libraries (NSS, NSPR, expat: the binary's only libraries beyond glibc) only
    // where it detects that system. Both are read synchronously before its first await, so the
    // environment is set for that call alone and restored before anything else runs.
    const saved = { TMPDIR: process.env.TMPDIR, AWS_EXECUTION_ENV: process.env.AWS_EXECUTION_ENV };
    let pending;
    try {
      process.env.TMPDIR = staging;
      process.env.AWS_EXECUTION_ENV = "AWS_Lambda_nodejs20.x";
      pending = Chromium.executablePath();
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    const unpacked = await pending;
    if (unpacked !== join(staging, "chromium") || !exists(join(staging, "al2023", "lib", "libnss3.so"))) {
      throw new Error(`${PACKAGE} unpacked into an unexpected place (${unpacked}); expected ${staging}/chromium and ${staging}/al2023/lib`);
    }
    try {
      renameSync(staging, folder);
    } catch (e) {
      if (!exists(binary)) throw e; // someone else's unpack won the race: use theirs
    }
    return binary;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    try {
      rmdirSync(lock);
    } catch {
      // already taken over as stale
    }
  }
}

/**
 * The browser to launch: its path, the flags it needs, the environment it runs in, and a line
 * saying where it came from (for error messages and logs).
 */
export async function findChromium() {
  const override = process.env.ZIPFLAB_CHROMIUM;
  if (override !== undefined && override !== "") {
    if (!exists(override))
      throw new Error(`ZIPFLAB_CHROMIUM=${override}: no such file (unset it to use the Chromium bundled by ${PACKAGE})`);
    return { executablePath: override, args: ["--no-sandbox"], env: process.env, source: `ZIPFLAB_CHROMIUM=${override}` };
  }
  if (process.platform !== "linux" || !["x64", "arm64"].includes(process.arch)) {
    throw new Error(
      `the Chromium bundled by ${PACKAGE} runs on Linux x64/arm64 only (this is ${process.platform}-${process.arch}): set ZIPFLAB_CHROMIUM to a Chromium or Chrome binary`,
    );
  }
  const folder = bundledChromiumFolder();
  const executablePath = await unpackBundled(folder);
  const { default: Chromium } = await import(PACKAGE);
  const libs = join(folder, "al2023", "lib");
  const env = { ...process.env, LD_LIBRARY_PATH: [libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":") };
  const args = Chromium.args.filter((a) => !DROPPED_ARGS.test(a));
  return { executablePath, args, env, source: `${PACKAGE} ${bundledPackage().version}, unpacked in ${folder}` };
}

/** Launches headless Chromium (see the top of this file for which); a failure says which browser and why. */
export async function launchChromium() {
  const browser = await findChromium();
  try {
    return await playwright.launch({ executablePath: browser.executablePath, args: browser.args, env: browser.env, headless: true });
  } catch (e) {
    const hint = browser.source.startsWith("ZIPFLAB_CHROMIUM")
      ? "unset ZIPFLAB_CHROMIUM to use the bundled Chromium"
      : `remove ${dirname(browser.executablePath)} to unpack it again, or set ZIPFLAB_CHROMIUM to another Chromium`;
    throw new Error(`Chromium (${browser.source}) failed to start: ${e instanceof Error ? e.message : String(e)}\n(${hint})`, { cause: e });
  }
}
