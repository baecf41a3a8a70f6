// <zipflab-demo>: one experiment, run in a Web Worker with its own WASM instance, drawn live
// in a second worker from the CLI's own figure specs (Vega-Lite → SVG → a bitmap). Attributes mirror the CLI's flags; the
// `zipflab-result` event's detail is what `zipflab … --json` writes for the same options.
import { resolveProblemRunConfig } from "../../src/experiments/run/config.js";
import { resolveTokensConfig } from "../../src/experiments/tokens/config.js";
import { FIGURE_NAMES } from "../../src/plot/figures.js";
import { PROBLEMS, problemAttributes } from "../../src/problems/registry.js";
import {
  COMMON_ATTRIBUTES,
  cliCommand,
  optimizerArgs,
  requestFromAttributes,
  type Attributes,
  type ExperimentRequest,
} from "./attributes.js";
import { Chart } from "./chart.js";
import { DrawQueue } from "./draw-queue.js";
import { startModuleWorker } from "./worker-start.js";
import { buildControls } from "./controls.js";
import type { FromWorker } from "./protocol.js";
import { STYLE } from "./style.js";
import { ConfigError } from "../../src/config/error.js";

/** Attribute changes closer together than this start one run. */
const DEBOUNCE_MS = 200;

const OBSERVED = [...new Set([...COMMON_ATTRIBUTES, ...problemAttributes().keys(), "controls", "autorun", "view"])];

// In a worker there is no HTMLElement; the class is only defined (customElements) in a page.
const Base = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

interface PendingRun {
  id: number;
  /** Set once the worker sent it; resolved after its figure is drawn. */
  result?: unknown;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export class ZipflabDemo extends Base {
  static readonly observedAttributes = OBSERVED;

  /** What a reader should look for in an experiment: its problem's page text. */
  static pageText(experiment: string): { title: string; text: string } | null {
    return Object.hasOwn(PROBLEMS, experiment) ? PROBLEMS[experiment].page : null;
  }
  /** The module's URL: the worker imports it, and the WASM sits next to it. */
  static moduleUrl = "";

  /** The last complete result (the `zipflab-result` detail). */
  result: unknown = null;
  /** Milliseconds the last run took in the worker, WASM already loaded. */
  lastRunMs: number | null = null;

  private readonly root = this.attachShadow({ mode: "open" });
  private readonly controlsBox = document.createElement("div");
  private readonly chartBox = document.createElement("div");
  private readonly progress = document.createElement("progress");
  private readonly message = document.createElement("span");
  private readonly runButton = document.createElement("button");
  private readonly errorBox = document.createElement("div");
  private readonly chart = new Chart(this.chartBox);
  private worker: Promise<Worker> | null = null;
  private drawWorker: Promise<Worker> | null = null;
  private readonly draws = new DrawQueue((request) => this.drawer().then((w) => w.postMessage(request)));
  private lastJson: string | null = null;
  private figureNames: string[] = [];
  private pending: PendingRun | null = null;
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private fromControl = false;
  private batching = false;
  private hasRun = false;

  constructor() {
    super();
    const style = document.createElement("style");
    style.textContent = STYLE;
    this.controlsBox.className = "controls";
    this.chartBox.className = "chart";
    this.chartBox.setAttribute("part", "chart");
    this.chartBox.innerHTML = `<div class="placeholder">Press Run to train.</div>`;
    this.progress.hidden = true;
    this.progress.max = 1;
    this.runButton.textContent = "Run";
    this.runButton.type = "button";
    // Run, or Stop while a run is in flight (the curves so far stay)
    this.runButton.addEventListener("click", () =>
      this.pending && this.pending.result === undefined ? this.stopRun() : void this.run().catch(() => {}),
    );
    this.errorBox.className = "error";
    this.errorBox.setAttribute("role", "alert");
    this.errorBox.hidden = true;
    const status = document.createElement("div");
    status.className = "status";
    status.append(this.runButton, this.progress, this.message);
    this.root.append(style, this.controlsBox, this.chartBox, status, this.errorBox);
  }

  connectedCallback(): void {
    this.renderControls();
    if (this.validate() && this.hasAttribute("autorun")) this.schedule(0);
    // The drawing worker loads Vega before the first figure is due.
    void this.drawer().catch(() => {});
  }

  disconnectedCallback(): void {
    this.stop();
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (!this.isConnected || old === value || this.batching) return;
    const structural =
      name === "experiment" ||
      name === "controls" ||
      (name === "opt" &&
        optimizerArgs(old ?? "")
          .map((s) => s.split(":")[0])
          .join() !==
          optimizerArgs(value ?? "")
            .map((s) => s.split(":")[0])
            .join());
    if (!this.fromControl || structural) this.renderControls();
    if (name === "controls") return;
    if (!this.validate()) return;
    if (name === "view") {
      if (this.lastJson) this.requestDraw(this.seq, this.lastJson, true);
      return;
    }
    if (this.hasRun || this.hasAttribute("autorun")) this.schedule(DEBOUNCE_MS);
  }

  /**
   * Sets several attributes at once (null removes one), then validates and re-runs once:
   * no error flashes for a half-changed state (say, a new experiment with the old options).
   */
  configure(attributes: Record<string, string | null>): void {
    this.batching = true;
    try {
      for (const [name, value] of Object.entries(attributes)) {
        if (value === null) this.removeAttribute(name);
        else this.setAttribute(name, value);
      }
    } finally {
      this.batching = false;
    }
    this.renderControls();
    if (this.validate() && (this.hasRun || this.hasAttribute("autorun"))) this.schedule(DEBOUNCE_MS);
  }

  /** Attributes as the parser reads them. */
  attrs(): Attributes {
    return Object.fromEntries(OBSERVED.map((n) => [n, this.getAttribute(n)]));
  }

  /** The `npx zipflab …` line that reproduces this element's run. */
  cliCommand(): string {
    return cliCommand(this.attrs());
  }

  /** Runs the experiment; resolves with the result (as `--json` writes it) once drawn. */
  run(): Promise<unknown> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let request: ExperimentRequest;
    try {
      request = this.request();
    } catch (e) {
      this.showError(e);
      return Promise.reject(e);
    }
    this.cancel();
    this.hasRun = true;
    const id = ++this.seq;
    this.showError(null);
    this.progress.hidden = false;
    this.progress.value = 0;
    this.message.textContent = "running…";
    this.runButton.textContent = "Stop";
    return new Promise((resolve, reject) => {
      this.pending = { id, resolve, reject };
      this.runner().then((w) => w.postMessage({ id, type: "run", request }), reject);
    });
  }

  /** The drawn figure as SVG text or a PNG data URL. */
  exportFigure(format: "svg" | "png"): Promise<string> {
    return this.chart.export(format);
  }

  private request(): ExperimentRequest {
    const request = requestFromAttributes(this.attrs());
    // Validates everything that needs no WASM here, so a bad attribute shows at once.
    if (request.kind === "tokens") resolveTokensConfig(request.input);
    else resolveProblemRunConfig(request.input);
    const view = this.getAttribute("view");
    if (view !== null && !(FIGURE_NAMES as readonly string[]).includes(view)) {
      throw new ConfigError("view", `unknown figure ${JSON.stringify(view)} (one of: ${FIGURE_NAMES.join(", ")})`);
    }
    return request;
  }

  private validate(): boolean {
    try {
      this.request();
      this.showError(null);
      return true;
    } catch (e) {
      this.showError(e);
      return false;
    }
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run().catch(() => {}), ms);
  }

  private showError(e: unknown): void {
    if (e === null) {
      this.errorBox.hidden = true;
      this.errorBox.textContent = "";
      return;
    }
    const text =
      e instanceof ConfigError || e instanceof RangeError ? `zipflab: error: ${e.message}` : String(e instanceof Error ? e.message : e);
    this.errorBox.textContent = text;
    this.errorBox.hidden = false;
    this.progress.hidden = true;
    this.message.textContent = "";
    this.dispatchEvent(new CustomEvent("zipflab-error", { detail: { message: text }, bubbles: true, composed: true }));
  }

  private renderControls(): void {
    const raw = (this.getAttribute("controls") ?? "run").trim();
    const wanted = new Set(raw === "" ? [] : raw.split(/[\s,]+/));
    this.runButton.hidden = !(wanted.has("all") || wanted.has("run"));
    const host = {
      attrs: () => this.attrs(),
      set: (name: string, value: string | null) => {
        this.fromControl = true;
        try {
          if (value === null) this.removeAttribute(name);
          else this.setAttribute(name, value);
        } finally {
          this.fromControl = false;
        }
        this.hasRun = true;
      },
      figures: () => this.figureNames,
      configure: (attributes: Record<string, string | null>) => {
        this.hasRun = true;
        this.configure(attributes);
      },
      run: () => void this.run().catch(() => {}),
    };
    this.controlsBox.replaceChildren(...(wanted.has("none") ? [] : buildControls(host, wanted)));
  }

  private startWorker(onMessage: (m: FromWorker) => void): Promise<Worker> {
    return startModuleWorker(ZipflabDemo.moduleUrl, onMessage);
  }

  private runner(): Promise<Worker> {
    this.worker ??= this.startWorker((m) => this.onRunnerMessage(m)).catch((e: Error) => {
      this.worker = null;
      this.showError(e);
      throw e;
    });
    return this.worker;
  }

  private drawer(): Promise<Worker> {
    this.drawWorker ??= this.startWorker((m) => this.onDrawerMessage(m)).catch((e: Error) => {
      this.drawWorker = null;
      this.showError(e);
      throw e;
    });
    return this.drawWorker;
  }

  /** Asks the drawing worker for a figure of run `id` (queued while it is busy). */
  private requestDraw(id: number, json: string, final: boolean): void {
    const scale = Math.min(3, Math.max(1, Math.ceil(globalThis.devicePixelRatio ?? 1) || 1, 2));
    this.draws.request({ id, type: "draw", json, view: this.getAttribute("view"), final, scale });
  }

  private onRunnerMessage(m: FromWorker): void {
    if (!this.pending || m.id !== this.pending.id) return;
    if (m.type === "progress") {
      this.progress.value = m.done / m.total;
      this.message.textContent = `step ${m.done.toLocaleString("en")} of ${m.total.toLocaleString("en")}`;
    } else if (m.type === "partial") {
      this.requestDraw(m.id, m.json, false);
    } else if (m.type === "error") {
      const pending = this.pending;
      this.pending = null;
      this.runButton.textContent = "Run";
      this.showError(m.message);
      pending.reject(new Error(m.message));
    } else if (m.type === "result") {
      this.runButton.textContent = "Run";
      this.pending.result = JSON.parse(m.json) as unknown;
      this.lastJson = m.json;
      this.lastRunMs = m.ms;
      this.progress.hidden = true;
      this.message.textContent = `ran in ${m.ms < 10 ? m.ms.toFixed(1) : Math.round(m.ms)} ms (WebAssembly, in a worker)`;
      this.requestDraw(m.id, m.json, true);
    }
  }

  private onDrawerMessage(m: FromWorker): void {
    this.draws.done(this.seq);
    if (m.type === "figure" && m.figure && m.id === this.seq) {
      this.chart.show(m.figure);
      const changed = m.figure.names.join() !== this.figureNames.join();
      this.figureNames = m.figure.names;
      if (changed) this.renderControls();
    } else if (m.type === "error") {
      this.showError(`zipflab: could not draw the figure: ${m.message}`);
    }
    if ((m.type === "figure" || m.type === "error") && "final" in m && m.final) this.finish(m.id);
    else if (m.type === "error") this.finish(m.id);
  }

  /** The run's result is in and its figure drawn: tell the page. */
  private finish(id: number): void {
    const pending = this.pending;
    if (!pending || pending.id !== id || pending.result === undefined) return;
    this.pending = null;
    this.result = pending.result;
    this.dispatchEvent(new CustomEvent("zipflab-result", { detail: pending.result, bubbles: true, composed: true }));
    pending.resolve(pending.result);
  }

  /** Abandons a run in flight: a synchronous WASM loop stops only with its worker. */
  private cancel(reason = "superseded by a newer run"): void {
    if (!this.pending) return;
    const pending = this.pending;
    this.pending = null;
    void this.worker?.then((w) => w.terminate());
    this.worker = null;
    this.runButton.textContent = "Run";
    pending.reject(new DOMException(reason, "AbortError"));
  }

  /** The Stop button: ends the run in flight; its figure so far stays, and Run starts afresh. */
  stopRun(): void {
    if (!this.pending || this.pending.result !== undefined) return;
    const at = this.message.textContent?.startsWith("step ") ? ` at ${this.message.textContent}` : "";
    this.cancel("stopped");
    this.progress.hidden = true;
    this.message.textContent = `stopped${at}`;
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.cancel();
    void this.worker?.then((w) => w.terminate());
    void this.drawWorker?.then((w) => w.terminate());
    this.worker = null;
    this.drawWorker = null;
    this.draws.reset();
  }
}
