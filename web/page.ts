// The playground page around one <zipflab-demo controls="all">: the element's attributes live
// in the URL (shareable, back/forward), plus the CLI command, the embed snippet and exports.
interface Demo extends HTMLElement {
  result: unknown;
  configure?(attributes: Record<string, string | null>): void;
  cliCommand(): string;
  exportFigure(format: "svg" | "png"): Promise<string>;
}

/** What to look for in an experiment: its problem's page text (src/problems/<name>/declaration.ts), from the element's module once loaded. */
let pageText: (experiment: string) => { title: string; text: string } | null = () => null;

const demo = document.getElementById("demo") as Demo;
/** The page's own settings of the element, never taken from the URL. */
const FIXED = new Set(["id", "controls", "autorun", "class", "style"]);
/**
 * The element's declared attributes (its observedAttributes, built from the registries) once
 * its module is loaded. Only these are ever set from the URL: any other parameter (an event
 * handler such as onmouseover, style, …) is ignored, so a link cannot run script in the page.
 */
let TRACKED: string[] = [];

/** The URL's state: the declared attributes it sets (others are left out), the rest removed. */
function stateFromUrl(): void {
  const params = new URLSearchParams(location.search);
  demo.configure!(Object.fromEntries(TRACKED.map((name) => [name, params.get(name)])));
}

function urlFromState(): string {
  const params = new URLSearchParams();
  for (const name of TRACKED) {
    const value = demo.getAttribute(name);
    if (value !== null) params.set(name, value);
  }
  const query = params.toString();
  return query ? `?${query}` : location.pathname;
}

function explain(): void {
  const experiment = demo.getAttribute("experiment") ?? "tokens";
  const { title, text } = pageText(experiment) ?? { title: experiment, text: "" };
  const box = document.getElementById("explain")!;
  box.replaceChildren(
    Object.assign(document.createElement("h2"), { textContent: title }),
    Object.assign(document.createElement("p"), { textContent: text }),
  );
}

function refresh(): void {
  explain();
  if (typeof demo.cliCommand !== "function") return; // the element's module is still loading
  try {
    document.getElementById("cli")!.textContent = demo.cliCommand();
  } catch (e) {
    document.getElementById("cli")!.textContent = String(e instanceof Error ? e.message : e);
  }
}

const moduleUrl = new URL("zipflab-demo.js", document.baseURI).href;

const escapeAttribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function embedSnippet(): string {
  const attrs = TRACKED.filter((n) => demo.getAttribute(n) !== null)
    .map((n) => ` ${n}="${escapeAttribute(demo.getAttribute(n)!)}"`)
    .join("");
  return `<script type="module" src="${moduleUrl}"></script>\n<zipflab-demo${attrs} controls="run" autorun></zipflab-demo>`;
}

function flash(text: string): void {
  const note = document.getElementById("copied")!;
  note.textContent = text;
  setTimeout(() => {
    if (note.textContent === text) note.textContent = "";
  }, 2000);
}

async function copy(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    flash(`${what} copied`);
  } catch {
    window.prompt(`Copy the ${what}:`, text);
  }
}

function download(name: string, href: string): void {
  const a = Object.assign(document.createElement("a"), { href, download: name });
  a.click();
  if (href.startsWith("blob:")) setTimeout(() => URL.revokeObjectURL(href), 1000);
}

const blobUrl = (text: string, type: string) => URL.createObjectURL(new Blob([text], { type }));

explain();
let pushTimer: ReturnType<typeof setTimeout> | null = null;
const observer = new MutationObserver(() => {
  refresh();
  if (pushTimer) clearTimeout(pushTimer);
  pushTimer = setTimeout(() => {
    const next = urlFromState();
    if (next !== location.search && !(next === location.pathname && location.search === "")) history.pushState(null, "", next);
  }, 300);
});

document.getElementById("copy-cli")!.addEventListener("click", () => {
  let command: string;
  try {
    command = demo.cliCommand();
  } catch (e) {
    flash(`not copied: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  void copy(command, "CLI command");
});
document.getElementById("copy-embed")!.addEventListener("click", () => void copy(embedSnippet(), "embed snippet"));
/** A click handler for an export: a failure is shown beside the buttons, not lost as an unhandled rejection. */
const exporting = (work: () => Promise<void>) => () => {
  work().catch((e: unknown) => flash(`export failed: ${e instanceof Error ? e.message : String(e)}`));
};
document.getElementById("export-svg")!.addEventListener(
  "click",
  exporting(async () => download("zipflab-figure.svg", blobUrl(await demo.exportFigure("svg"), "image/svg+xml"))),
);
document.getElementById("export-png")!.addEventListener(
  "click",
  exporting(async () => download("zipflab-figure.png", await demo.exportFigure("png"))),
);
document.getElementById("export-json")!.addEventListener("click", () => {
  if (demo.result) download("zipflab-result.json", blobUrl(JSON.stringify(demo.result, null, 2) + "\n", "application/json"));
});

// The element's module is not bundled into the page: the page uses it exactly as an embedder would.
const { ZipflabDemo } = (await import(/* @vite-ignore */ moduleUrl)) as {
  ZipflabDemo: { observedAttributes: string[]; pageText(experiment: string): { title: string; text: string } | null };
};
TRACKED = ZipflabDemo.observedAttributes.filter((name) => !FIXED.has(name));
pageText = (experiment) => ZipflabDemo.pageText(experiment);
// Right after the definition, before any timer fires: the element's first run uses the URL's state.
stateFromUrl();
observer.observe(demo, { attributes: true, attributeFilter: TRACKED });
addEventListener("popstate", () => stateFromUrl());
refresh();
