// The playground's URL parameters are hostile input: a link anyone can send. In Chromium, for
// hand-written attacks and fast-check-generated parameters: no script runs (no handler fires,
// no dialog opens, no global is set), and <zipflab-demo> carries no attribute outside its
// declared set (its observedAttributes, plus the page's own id, controls and autorun).
import type { Server } from "node:http";
import fc from "fast-check";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic, webRoot } from "../../src/cli/serve.js";
import { launchChromium } from "../helpers/chromium.mjs";

let browser: Browser;
let site: Server;
let siteUrl: string;
let page: Page;
let dialogs: string[] = [];
let allowed: Set<string>;

const seed = Number(process.env.FUZZ_SEED ?? 20261201);
const PAYLOAD = "window.__xss=(window.__xss||0)+1";

beforeAll(async () => {
  site = await serveStatic(webRoot(), 0);
  siteUrl = `http://localhost:${(site.address() as { port: number }).port}/`;
  browser = await launchChromium();
  page = await browser.newPage();
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(siteUrl);
  await page.evaluate(() => customElements.whenDefined("zipflab-demo"));
  const declared = await page.evaluate(
    () => (customElements.get("zipflab-demo") as unknown as { observedAttributes: string[] }).observedAttributes,
  );
  allowed = new Set([...declared, "id", "controls", "autorun"]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  site?.close();
});

/** Opens the page at `query`, pokes the element (hover, focus, click), and reports what happened. */
async function visit(query: string): Promise<{ xss: unknown; attributes: string[]; dialogs: string[] }> {
  dialogs = [];
  await page.goto(`${siteUrl}${query}`);
  await page.evaluate(() => customElements.whenDefined("zipflab-demo"));
  // The page sets the URL's state right after the element's module loads.
  await page.waitForFunction(
    () => typeof (document.getElementById("demo") as unknown as { cliCommand?: unknown }).cliCommand === "function",
  );
  await page.evaluate(() => {
    const demo = document.getElementById("demo")!;
    for (const type of ["mouseover", "mouseenter", "focus", "click", "error", "load", "animationstart"])
      demo.dispatchEvent(new Event(type));
  });
  await page.waitForTimeout(50);
  return {
    xss: await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
    attributes: await page.evaluate(() => document.getElementById("demo")!.getAttributeNames()),
    dialogs: [...dialogs],
  };
}

function expectSafe(query: string, seen: { xss: unknown; attributes: string[]; dialogs: string[] }): void {
  expect(seen.xss, `script ran for ${query}`).toBeUndefined();
  expect(seen.dialogs, `a dialog opened for ${query}`).toEqual([]);
  expect(
    seen.attributes.filter((a) => !allowed.has(a)),
    `undeclared attributes for ${query}`,
  ).toEqual([]);
}

describe("the page's URL parameters cannot run script or set undeclared attributes", () => {
  it.each([
    `?onmouseover=${encodeURIComponent(PAYLOAD)}`,
    `?onclick=${encodeURIComponent(PAYLOAD)}&onfocus=${encodeURIComponent(PAYLOAD)}&tabindex=0`,
    `?onerror=${encodeURIComponent(PAYLOAD)}&style=${encodeURIComponent("background:url(javascript:alert(1))")}`,
    `?experiment=${encodeURIComponent(`"><img src=x onerror="${PAYLOAD}">`)}`,
    `?opt=${encodeURIComponent(`<script>${PAYLOAD}</script>`)}`,
    `?lr=${encodeURIComponent(`1" onmouseover="${PAYLOAD}`)}&view=${encodeURIComponent("<svg onload=alert(1)>")}`,
    `?ONMOUSEOVER=${encodeURIComponent(PAYLOAD)}&OnClick=${encodeURIComponent(PAYLOAD)}`,
    `?id=evil&controls=none&autorun=&class=x`,
  ])(
    "%s",
    async (query) => {
      expectSafe(query, await visit(query));
      // The page's own settings stay as the page wrote them.
      expect(
        await page.evaluate(() => [document.getElementById("demo")?.id, document.getElementById("demo")?.getAttribute("controls")]),
      ).toEqual(["demo", "all"]);
    },
    30_000,
  );

  it("generated parameters (names from the declared set, event handlers and random text; values with markup and quotes)", async () => {
    const name = fc.oneof(
      fc.constantFrom(
        "onmouseover",
        "onclick",
        "onfocus",
        "onload",
        "onerror",
        "style",
        "slot",
        "is",
        "part",
        "hidden",
        "contenteditable",
        "tabindex",
        "experiment",
        "opt",
        "lr",
        "steps",
        "d",
        "alpha",
        "view",
        "controls",
        "autorun",
        "id",
        "class",
      ),
      fc.string({ minLength: 1, maxLength: 12 }),
    );
    const value = fc.oneof(
      fc.constantFrom(
        PAYLOAD,
        `"><script>${PAYLOAD}</script>`,
        "javascript:alert(1)",
        "' onmouseover='alert(1)",
        "sgd --figure=/x --force",
        "1e3",
      ),
      fc.string({ maxLength: 20 }),
    );
    const queries = fc.sample(fc.array(fc.tuple(name, value), { minLength: 1, maxLength: 4 }), { numRuns: 25, seed });
    for (const pairs of queries) {
      const query = `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`;
      expectSafe(query, await visit(query));
    }
  }, 180_000);
});
