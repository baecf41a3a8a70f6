// `zipflab serve`: the built page and element on localhost, CORS for embedding from any
// origin, application/wasm, and a named error (exit 2) when the port is taken.
import { createServer, get, type Server } from "node:http";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../sweep/helpers.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic, webRoot } from "../../src/cli/serve.js";
import { cli } from "../helpers/cli.js";

let server: Server;
let base: string;

beforeAll(async () => {
  server = await serveStatic(webRoot(), 0);
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => server?.close());

describe("zipflab serve", () => {
  it("serves the page at / and the element's module and WASM with CORS headers and their MIME types", async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("<zipflab-demo");
    const module = await fetch(`${base}/zipflab-demo.js`, { headers: { Origin: "http://example.test" } });
    expect(module.headers.get("access-control-allow-origin")).toBe("*");
    expect(module.headers.get("content-type")).toMatch(/^text\/javascript/);
    const wasm = await fetch(`${base}/zipflab.wasm`);
    expect(wasm.headers.get("content-type")).toBe("application/wasm");
    expect(WebAssembly.validate(new Uint8Array(await wasm.arrayBuffer()))).toBe(true);
    expect((await fetch(`${base}/examples/embed.html`)).status).toBe(200);
  });

  it("answers 404 for missing files and never serves outside its folder", async () => {
    expect((await fetch(`${base}/nope.js`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/%2e%2e/package.json`)).status).not.toBe(200);
  });

  it("a path that is not valid percent-encoding is 400, and the server keeps serving (a URIError must not kill it)", async () => {
    const status = (path: string) =>
      new Promise<number>((ok, fail) => {
        get({ host: "127.0.0.1", port: (server.address() as { port: number }).port, path }, (res) => {
          res.resume();
          ok(res.statusCode!);
        }).on("error", fail);
      });
    for (const path of ["/%", "/%E0%A4%A", "/%zz", "/a%00b"]) expect(await status(path), path).toBe(400);
    expect(await status("/")).toBe(200);
  });

  it("sends X-Content-Type-Options: nosniff", async () => {
    expect((await fetch(`${base}/`)).headers.get("x-content-type-options")).toBe("nosniff");
    expect((await fetch(`${base}/nope.js`)).headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("never follows a symbolic link out of its folder", async () => {
    const dir = tempDir("serve-links");
    const site = join(dir, "site");
    mkdirSync(site);
    writeFileSync(join(dir, "secret.txt"), "outside the web folder\n");
    writeFileSync(join(site, "inside.txt"), "inside\n");
    symlinkSync(join(dir, "secret.txt"), join(site, "leak.txt"));
    symlinkSync(dir, join(site, "up"));
    symlinkSync(join(site, "inside.txt"), join(site, "alias.txt"));
    const s = await serveStatic(site, 0);
    const at = `http://127.0.0.1:${(s.address() as { port: number }).port}`;
    try {
      expect((await fetch(`${at}/leak.txt`)).status).toBe(403);
      expect((await fetch(`${at}/up/secret.txt`)).status).toBe(403);
      expect(await (await fetch(`${at}/alias.txt`)).text()).toBe("inside\n");
    } finally {
      s.close();
    }
  });

  it("a taken port is a named error with exit code 2", async () => {
    const taken = createServer();
    await new Promise<void>((ok) => taken.listen(0, "127.0.0.1", ok));
    const port = (taken.address() as { port: number }).port;
    const outcome = await cli("serve", "--port", String(port));
    taken.close();
    expect(outcome.code).toBe(2);
    expect(outcome.err).toMatch(new RegExp(`^zipflab: error: port: ${port} is already in use`));
  });

  it("rejects a bad port before listening", async () => {
    const outcome = await cli("serve", "--port", "70000");
    expect(outcome.code).toBe(2);
    expect(outcome.err).toContain("zipflab: error: port: must be an integer in [0, 65535], digits only");
  });

  it("--help shows examples", async () => {
    const outcome = await cli("serve", "--help");
    expect(outcome.out).toContain("npx zipflab serve --port 9000 --open");
    expect(outcome.out).toContain("zipflab-demo.js");
  });
});
