// The web page and <zipflab-demo> in a real headless Chromium (test/helpers/chromium.mjs: the one
// bundled by @sparticuz/chromium, or $ZIPFLAB_CHROMIUM), driven by playwright-core: same numbers
// as the CLI bit for bit, URL state, named errors, two elements embedded cross-origin, and no
// long task on the main thread during a run. A browser that cannot start fails the suite.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic, webRoot } from "../../src/cli/serve.js";
import { launchChromium } from "../helpers/chromium.mjs";
import { cli } from "../helpers/cli.js";

const OUT = resolve("out/web");

let browser: Browser;
let site: Server;
let embedder: Server;
let siteUrl: string;
let embedderUrl: string;

const urlOf = (server: Server) => `http://localhost:${(server.address() as { port: number }).port}/`;

/** A result without its timing fields (the only part allowed to differ between runs). */
function untimed(result: unknown): unknown {
  return JSON.parse(JSON.stringify(result), (key, value) => (key === "seconds" ? undefined : value));
}

async function cliJson(name: string, ...args: string[]): Promise<unknown> {
  const file = resolve(OUT, `${name}.json`);
  const outcome = await cli(...args, "--json", file, "-q");
  expect(outcome.code, outcome.err).toBe(0);
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Opens a page, recording console errors and uncaught exceptions. */
async function open(url: string, width = 1100): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}

/** The result of the element's current run, or of the one it starts now. */
const result = (page: Page, selector = "zipflab-demo") =>
  page.evaluate(async (s) => {
    const demo = document.querySelector(s) as HTMLElement & { result: unknown; run(): Promise<unknown> };
    await customElements.whenDefined("zipflab-demo");
    return (
      demo.result ??
      new Promise<unknown>((ok) => demo.addEventListener("zipflab-result", (e) => ok((e as CustomEvent).detail), { once: true }))
    );
  }, selector);

beforeAll(async () => {
  if (!existsSync(resolve(webRoot(), "zipflab-demo.js")))
    throw new Error(`the web build is missing in ${webRoot()}: run npm run build:web`);
  mkdirSync(OUT, { recursive: true });
  // A page on another origin that knows nothing of zipflab but the script tag and the elements.
  const embedDir = resolve(OUT, "embedder");
  mkdirSync(embedDir, { recursive: true });
  site = await serveStatic(webRoot(), 0);
  siteUrl = urlOf(site);
  writeFileSync(
    resolve(embedDir, "index.html"),
    `<!doctype html><meta charset="utf-8"><title>blog</title><link rel="icon" href="data:,">
<script type="module" src="${siteUrl}zipflab-demo.js"></script>
<p>Two live figures:</p>
<zipflab-demo id="one" experiment="tokens" seed="1" steps="1000" autorun></zipflab-demo>
<zipflab-demo id="two" experiment="bigram-softmax" d="50" steps="100" opt="sgd sign" lr="0.5" autorun></zipflab-demo>\n`,
  );
  embedder = await serveStatic(embedDir, 0);
  embedderUrl = urlOf(embedder);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  site?.close();
  embedder?.close();
});

describe("the web page in Chromium", () => {
  it("loads with no console error, runs the six-token experiment with the CLI's numbers bit for bit, and takes a screenshot", async () => {
    const { page, errors } = await open(siteUrl);
    const detail = await result(page);
    const expected = await cliJson("tokens", "tokens");
    expect(untimed(detail)).toEqual(untimed(expected));
    expect(JSON.stringify(untimed(detail))).toBe(JSON.stringify(untimed(expected)));
    await page.waitForSelector("zipflab-demo canvas");
    await page.screenshot({ path: resolve(OUT, "page.png"), fullPage: true });
    const ms = await page.evaluate(() => (document.querySelector("zipflab-demo") as HTMLElement & { lastRunMs: number }).lastRunMs);
    writeFileSync(resolve(OUT, "timing.json"), JSON.stringify({ tokensRunMs: ms }) + "\n");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("at phone width the page still shows the figure within the screen", async () => {
    const { page, errors } = await open(siteUrl, 390);
    await result(page);
    await page.waitForSelector("zipflab-demo canvas");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: resolve(OUT, "page-phone.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("bigram softmax at d = 300: the page's result equals `zipflab run bigram-softmax --d 300`, with no main-thread task over 50 ms", async () => {
    const { page, errors } = await open(`${siteUrl}?experiment=bigram-softmax&d=300`);
    await result(page);
    // A second run, everything loaded, watched for long tasks (> 50 ms) on the main thread.
    const { detail, longTasks } = await page.evaluate(async () => {
      const longTasks: number[] = [];
      const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
      observer.observe({ type: "longtask" });
      const detail = await (document.querySelector("zipflab-demo") as HTMLElement & { run(): Promise<unknown> }).run();
      await new Promise((ok) => setTimeout(ok, 100));
      observer.disconnect();
      return { detail, longTasks };
    });
    const expected = await cliJson("bigram-softmax", "run", "bigram-softmax", "--d", "300");
    expect(untimed(detail)).toEqual(untimed(expected));
    expect(longTasks).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the transformer preset: the CLI's numbers; a long run draws its curves while it trains, and Stop ends it keeping them", async () => {
    const preset =
      "vocab=500&context=16&width=32&layers=1&heads=2&batch=8&windows=32&validation=16&record=log%3A20&opt=sgd%3Alr%3D0.3+adam%3Alr%3D0.003";
    const { page, errors } = await open(`${siteUrl}?experiment=transformer&${preset}&steps=200`);
    const detail = await result(page);
    const expected = await cliJson(
      "transformer",
      "run",
      "transformer",
      "--vocab",
      "500",
      "--context",
      "16",
      "--width",
      "32",
      "--layers",
      "1",
      "--heads",
      "2",
      "--batch",
      "8",
      "--windows",
      "32",
      "--validation",
      "16",
      "--steps",
      "200",
      "--record",
      "log:20",
      "--opt",
      "sgd:lr=0.3",
      "adam:lr=0.003",
    );
    expect(untimed(detail)).toEqual(untimed(expected));
    await page.waitForSelector("zipflab-demo canvas");
    await page.screenshot({ path: resolve(OUT, "transformer.png"), fullPage: true });
    await page.close();

    const long = await open(`${siteUrl}?experiment=transformer&${preset}&steps=100000`);
    const stopped = await long.page.evaluate(async () => {
      await customElements.whenDefined("zipflab-demo");
      const demo = document.querySelector("zipflab-demo") as HTMLElement & { result: unknown };
      const shadow = demo.shadowRoot!;
      const button = () => Array.from(shadow.querySelectorAll("button")).find((b) => b.textContent === "Stop" || b.textContent === "Run")!;
      // a figure drawn from a partial result while the run goes on
      await new Promise<void>((ok) => {
        const t = setInterval(() => {
          if (shadow.querySelector("canvas")) {
            clearInterval(t);
            ok();
          }
        }, 20);
      });
      const live = demo.result === null && button().textContent === "Stop";
      button().click();
      await new Promise((ok) => setTimeout(ok, 100));
      return {
        live,
        after: button().textContent,
        status: shadow.querySelector(".status span")?.textContent ?? "",
        canvas: shadow.querySelector("canvas") !== null,
        error: (shadow.querySelector(".error") as HTMLElement).hidden,
      };
    });
    expect(stopped.live).toBe(true);
    expect(stopped.after).toBe("Run");
    expect(stopped.status).toMatch(/^stopped at step [\d,]+ of 200,000$/); // progress counts the steps of both optimizers
    expect(stopped.canvas).toBe(true);
    expect(stopped.error).toBe(true);
    await long.page.screenshot({ path: resolve(OUT, "transformer-stopped.png"), fullPage: true });
    expect([...errors, ...long.errors]).toEqual([]);
    await long.page.close();
  });

  it("a control change updates the URL, reloading that URL restores the state, and back returns to the previous one", async () => {
    const { page } = await open(siteUrl);
    await result(page);
    await page.locator("zipflab-demo input[name=steps]").fill("500");
    await page.locator("zipflab-demo input[name=steps]").dispatchEvent("change");
    await page.waitForURL(/steps=500/);
    await page.reload();
    // The page copies the URL's declared attributes once the element's module has loaded.
    await expect.poll(() => page.locator("zipflab-demo").getAttribute("steps")).toBe("500");
    await expect.poll(() => page.locator("zipflab-demo input[name=steps]").inputValue()).toBe("500");
    const detail = (await result(page)) as { config: { steps: number } };
    expect(detail.config.steps).toBe(500);
    // Back: the address without steps, and the element follows it.
    await page.goBack();
    await expect.poll(() => page.locator("zipflab-demo").getAttribute("steps")).toBe(null);
    await page.close();
  });

  it("an invalid attribute shows the CLI's named error in the element", async () => {
    const { page } = await open(`${siteUrl}?lr=abc`);
    const error = page.locator("zipflab-demo .error");
    await expect.poll(() => error.textContent()).toBe('zipflab: error: lr: must be a decimal number (got "abc")');
    await page.evaluate(() => document.querySelector("zipflab-demo")!.setAttribute("lr", "0.05"));
    await page.evaluate(() => document.querySelector("zipflab-demo")!.setAttribute("experiment", "bigram-softmax"));
    await page.evaluate(() => document.querySelector("zipflab-demo")!.setAttribute("levels", "3"));
    await expect.poll(() => error.textContent()).toMatch(/^zipflab: error: problem\.levels: is not an option of bigram-softmax/);
    await page.close();
  });

  it("two elements on a page of another origin run independently", async () => {
    const { page, errors } = await open(embedderUrl);
    const [one, two] = (await Promise.all([result(page, "#one"), result(page, "#two")])) as [
      { experiment: string; config: { seed: number; steps: number } },
      { experiment: string; config: { problem: string; config: { d: number }; steps: number } },
    ];
    expect([one.experiment, one.config.seed, one.config.steps]).toEqual(["tokens", 1, 1000]);
    expect([two.experiment, two.config.problem, two.config.config.d, two.config.steps]).toEqual(["run", "bigram-softmax", 50, 100]);
    expect(untimed(one)).toEqual(untimed(await cliJson("tokens-seed1", "tokens", "--seed", "1", "--steps", "1000")));
    await page.screenshot({ path: resolve(OUT, "embed.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
