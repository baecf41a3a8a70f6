// `zipflab serve`: the built web page at / and the <zipflab-demo> module at /zipflab-demo.js,
// from the installed package (dist/web/), on localhost only, with CORS headers so that a page
// on another origin can embed the element as it would from a CDN.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readFile, realpath, stat } from "node:fs/promises";
import { realpathSync } from "node:fs";
import { extname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { ConfigError } from "../config/error.js";

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/** dist/web/ next to this file's dist/src/cli/ (or, from the sources in tests, ../../dist/web). */
export function webRoot(): string {
  return fileURLToPath(new URL(import.meta.url.includes("/dist/") ? "../../web/" : "../../dist/web/", import.meta.url));
}

/** A TCP port as typed: digits only, 0 to 65535 (no sign, space, fraction or exponent). */
export function parsePort(text: string): number {
  if (!/^(0|[1-9]\d{0,4})$/.test(text) || Number(text) > 65535) {
    throw new ConfigError("port", `must be an integer in [0, 65535], digits only (got ${JSON.stringify(text)})`);
  }
  return Number(text);
}

const inside = (file: string, root: string) => file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * The file under `root` that a request path names, or a status: 400 for a path that is not
 * valid percent-encoded UTF-8 or holds a NUL, 403 for one that leaves the folder (by "..",
 * or by a symbolic link pointing out of it), 404 for nothing there.
 */
async function fileFor(root: string, realRoot: string, url: string): Promise<string | 400 | 403 | 404> {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, "http://localhost").pathname);
  } catch {
    return 400;
  }
  if (path.includes("\0")) return 400;
  let file = resolve(root, "." + (path.endsWith("/") ? path + "index.html" : path));
  if (!inside(file, root)) return 403;
  try {
    if ((await stat(file)).isDirectory()) file = resolve(file, "index.html");
    const real = await realpath(file);
    if (!inside(real, realRoot)) return 403;
    if (!(await stat(real)).isFile()) return 404;
    return real;
  } catch {
    return 404;
  }
}

/** A static file server for `root` on 127.0.0.1; resolves once listening. */
export function serveStatic(root: string, port: number): Promise<Server> {
  const realRoot = realpathSync(root);
  // Every failure of a request ends in its response (the catch below): nothing is left to await.
  const server = createServer((req, res) => void respond(req, res));
  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      res.setHeader("Access-Control-Allow-Origin", "*");
      res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
      res.setHeader("X-Content-Type-Options", "nosniff");
      if (req.method === "OPTIONS") {
        res.writeHead(204, { "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS", "Access-Control-Allow-Headers": "*" });
        return void res.end();
      }
      if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405).end();
      const file = await fileFor(root, realRoot, req.url ?? "/");
      if (typeof file === "number") {
        const text =
          file === 400 ? "bad request: the path is not valid percent-encoded UTF-8\n" : file === 403 ? "forbidden\n" : "not found\n";
        return void res.writeHead(file, { "Content-Type": "text/plain; charset=utf-8" }).end(text);
      }
      const body = await readFile(file);
      res.writeHead(200, {
        "Content-Type": MIME[extname(file)] ?? "application/octet-stream",
        "Content-Length": body.length,
        "Cache-Control": "no-cache",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      // Whatever one request does, the server keeps serving the others.
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end();
    }
  }
  // A malformed request (bad HTTP) closes that connection only.
  server.on("clientError", (_e, socket) => socket.destroy());
  return new Promise((ok, fail) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      fail(
        e.code === "EADDRINUSE"
          ? new ConfigError("port", `${port} is already in use on 127.0.0.1 (pick another with --port N, or --port 0 for any free port)`)
          : e.code === "EACCES"
            ? new ConfigError(
                "port",
                `${port} may not be opened by this user (ports below 1024 need privileges; pick one above 1024, or --port 0 for any free port)`,
              )
            : e.code
              ? new ConfigError("port", `cannot listen on 127.0.0.1:${port} (${e.code})`)
              : e,
      ),
    );
    server.listen(port, "127.0.0.1", () => ok(server));
  });
}

async function openBrowser(url: string): Promise<void> {
  const { spawn } = await import("node:child_process");
  const command = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  spawn(command, [url], { stdio: "ignore", detached: true })
    .on("error", () => console.error(`could not start ${command}; open ${url} yourself`))
    .unref();
}

export function serveCommand(): Command {
  return new Command("serve")
    .description(
      "Serves the built page (dist/web/) at / and the element's module at /zipflab-demo.js on 127.0.0.1,\n" +
        "with CORS headers, so a page on any other origin can embed the element:\n\n" +
        '  <script type="module" src="http://localhost:8787/zipflab-demo.js"></script>\n' +
        '  <zipflab-demo experiment="tokens" opt="sgd adam" autorun></zipflab-demo>\n\n' +
        "Examples:\n" +
        "  npx zipflab serve                 the playground at http://localhost:8787/\n" +
        "  npx zipflab serve --port 9000 --open\n" +
        "  npx zipflab serve --port 0        any free port (printed)",
    )
    .option("--port <N>", "TCP port on 127.0.0.1 (0: any free port)", "8787")
    .option("--open", "open the page in the default browser")
    .action(async (o: { port: string; open?: boolean }) => {
      const port = parsePort(o.port);
      const root = webRoot();
      try {
        await stat(resolve(root, "zipflab-demo.js"));
      } catch {
        throw new ConfigError("serve", `the web build is missing (${root}); run \`npm run build\``);
      }
      const server = await serveStatic(root, port);
      const address = server.address();
      const url = `http://localhost:${typeof address === "object" && address ? address.port : port}/`;
      console.log(`zipflab: serving ${url} (element: ${url}zipflab-demo.js, example: ${url}examples/embed.html); Ctrl-C stops`);
      if (o.open) await openBrowser(url);
      // Ctrl-C (SIGINT) or SIGTERM: stop listening and drop open connections at once (a slow or
      // idle keep-alive client would otherwise hold the process for its timeout); exit 130 / 143.
      const signal = await new Promise<NodeJS.Signals>((done) => {
        const stop = (s: NodeJS.Signals) => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          server.close(() => done(s));
          server.closeAllConnections();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      process.exitCode = signal === "SIGINT" ? 130 : 143;
    });
}
