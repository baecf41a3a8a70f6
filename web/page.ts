// The playground page around one <zipflab-demo controls="all">: the element's attributes live
// in the URL (shareable, back/forward), plus the CLI command, the embed snippet and exports.
interface Demo extends HTMLElement {
  result: unknown;
  configure?(attributes: Record<string, string | null>): void;
  cliCommand(): string;
  exportFigure(format: "svg" | "png"): Promise<string>;
}

/** What to look for in each experiment (problems registered later get their summary line). */
const EXPLAIN: Record<string, [string, string]> = {
  tokens: ["Six tokens, from “the” (95% of samples) to “thalweg” (0.1%)",
    "SGD learns the frequent tokens and stalls on the rare ones: xenobiotic ends near 0.5 and thalweg near 0.15, since their gradient is non-zero in only 15% and 3% of steps. Adam reaches 1 for all six: its effective step size lr/(√v̂+ε) grows as frequency falls (panel d)."],
  quadratic: ["Weighted quadratic, weights π_k ∝ k^(−α)",
    "Gradient descent moves coordinate k at speed π_k, so the rare coordinates crawl; sign descent moves every coordinate at the same speed. Raise α to make the tail heavier."],
  "bigram-square": ["Linear bigram model, square loss, Zipf inputs and outputs",
    "Full-batch GD follows W_ki(t) = π_k|i·(1 − (1 − ηπ_i)^t): rare input tokens need ~1/π_i steps. Compare the loss of the rarest frequency group (darkest curve) under GD, Adam and sign descent."],
  "bigram-softmax": ["Bigram next-token softmax on synthetic Zipf pairs",
    "Classes are cut into 10 frequency groups with equal sample share. GD's loss on the rare groups barely moves while Adam and sign descent reduce every group. Try d = 300 and vary α."],
  "linear-model": ["The paper's linear softmax model: levels of 2^i classes",
    "Each level holds the same number of samples, so rare classes are many. GD leaves the rare levels near their initial loss; Adam and sign descent bring all levels down."],
  transformer: ["A small GPT on the Brown corpus, trained here in your browser",
    "Token and position embeddings, pre-LayerNorm attention and MLP blocks, an unembedding over the V most frequent words; next-word cross-entropy on windows of the corpus. Groups are next words by frequency. SGD lowers the frequent groups and leaves the rare ones near their start; Adam lowers every group (the papers' Figure 1). The corpus (3 MB) loads with the first run; Stop ends a long run and keeps its curves."],
};

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
  const [title, text] = EXPLAIN[experiment] ?? [experiment, "A heavy-tailed problem from zipflab's registry: compare the frequency groups' losses across optimizers."];
  const box = document.getElementById("explain")!;
  box.replaceChildren(Object.assign(document.createElement("h2"), { textContent: title }), Object.assign(document.createElement("p"), { textContent: text }));
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
  const attrs = TRACKED.filter((n) => demo.getAttribute(n) !== null).map((n) => ` ${n}="${escapeAttribute(demo.getAttribute(n)!)}"`).join("");
  return `<script type="module" src="${moduleUrl}"></script>\n<zipflab-demo${attrs} controls="run" autorun></zipflab-demo>`;
}

function flash(text: string): void {
  const note = document.getElementById("copied")!;
  note.textContent = text;
  setTimeout(() => { if (note.textContent === text) note.textContent = ""; }, 2000);
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
document.getElementById("export-svg")!.addEventListener("click", async () => download("zipflab-figure.svg", blobUrl(await demo.exportFigure("svg"), "image/svg+xml")));
document.getElementById("export-png")!.addEventListener("click", async () => download("zipflab-figure.png", await demo.exportFigure("png")));
document.getElementById("export-json")!.addEventListener("click", () => {
  if (demo.result) download("zipflab-result.json", blobUrl(JSON.stringify(demo.result, null, 2) + "\n", "application/json"));
});

// The element's module is not bundled into the page: the page uses it exactly as an embedder would.
const { ZipflabDemo } = await import(/* @vite-ignore */ moduleUrl) as { ZipflabDemo: { observedAttributes: string[] } };
TRACKED = ZipflabDemo.observedAttributes.filter((name) => !FIXED.has(name));
// Right after the definition, before any timer fires: the element's first run uses the URL's state.
stateFromUrl();
observer.observe(demo, { attributes: true, attributeFilter: TRACKED });
addEventListener("popstate", () => stateFromUrl());
refresh();
