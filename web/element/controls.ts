// The element's controls, built from the registries (experiments, optimizers, each problem's
// declared options): a control edits one attribute; the element re-runs.
import { OPTIMIZER_NAMES } from "../../src/optimizers/registry.js";
import { attributeOf, type OptionDeclaration } from "../../src/problems/declaration.js";
import { TOKENS_DEFAULTS } from "../../src/experiments/tokens/config.js";
import { RUN_DEFAULTS } from "../../src/experiments/run/config.js";
import { PROBLEMS, pageOptions, problemAttributes } from "../../src/problems/registry.js";
import { DEFAULT_OPT, EXPERIMENTS, experimentOf, optimizerArgs, type Attributes } from "./attributes.js";

export const CONTROL_NAMES = ["experiment", "opt", "lr", "steps", "seed", "batch", "options", "view", "run"];

/** Step sizes on the sliders: 10^-5 … 10^1 in twentieths of a decade. */
const LOG_LR = { min: -5, max: 1, step: 0.05 };

export interface ControlHost {
  attrs(): Attributes;
  set(name: string, value: string | null): void;
  configure(attributes: Record<string, string | null>): void;
  figures(): string[];
  run(): void;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

const roundLr = (x: number) => Number(x.toPrecision(2));

function labeled(text: string, control: Node, value?: HTMLElement, wide = false): HTMLLabelElement {
  const head = el("span", {}, text, ...(value ? [" ", value] : []));
  return el("label", { className: wide ? "control wide" : "control" }, head, control);
}

function numberBox(host: ControlHost, name: string, fallback: string, meta: { min?: number; max?: number } = {}): HTMLInputElement {
  const input = el("input", { type: "number", value: host.attrs()[name] ?? fallback, name });
  if (meta.min !== undefined) input.min = String(meta.min);
  if (meta.max !== undefined) input.max = String(meta.max);
  input.addEventListener("change", () => host.set(name, input.value === "" ? null : input.value));
  return input;
}

function logSlider(value: number, onInput: (x: number) => void, range = LOG_LR): HTMLInputElement {
  const input = el("input", {
    type: "range",
    min: String(range.min),
    max: String(range.max),
    step: String(range.step),
    value: String(Math.log10(value)),
  });
  input.addEventListener("input", () => onInput(roundLr(10 ** Number(input.value))));
  return input;
}

/** One row per optimizer: its spec, a log-scale step-size slider writing `lr=` into the spec, remove. */
function optimizerRows(host: ControlHost, experiment: string): HTMLElement {
  const a = host.attrs();
  const specs = optimizerArgs(a.opt ?? (experiment === "tokens" ? DEFAULT_OPT.tokens : DEFAULT_OPT.run));
  const globalLr = Number(a.lr ?? (experiment === "tokens" ? TOKENS_DEFAULTS.lr : RUN_DEFAULTS.lr)) || 0.01;
  const write = (next: string[]) => host.set("opt", next.join(" "));
  const rows = specs.map((spec, i) => {
    const [name, rest = ""] = spec.split(":");
    const params = rest ? rest.split(",") : [];
    const lrParam = params.find((p) => p.startsWith("lr="));
    const lr = lrParam ? Number(lrParam.slice(3)) : globalLr;
    const shown = el("span", { className: "value" }, String(lr));
    const slider = logSlider(lr > 0 ? lr : globalLr, (x) => {
      shown.textContent = String(x);
      const others = params.filter((p) => !p.startsWith("lr="));
      const next = [...specs];
      next[i] = `${name}:${[`lr=${x}`, ...others].join(",")}`;
      write(next);
    });
    slider.setAttribute("aria-label", `${name} step size`);
    const remove = el("button", { className: "ghost", type: "button", title: `remove ${name}`, textContent: "×" });
    remove.disabled = specs.length === 1;
    remove.addEventListener("click", () => write(specs.filter((_, j) => j !== i)));
    return el("div", { className: "optimizer" }, el("code", { title: spec }, spec.split(":")[0]), slider, shown, remove);
  });
  const add = el(
    "select",
    { name: "add-optimizer" },
    el("option", { value: "", textContent: "+ add optimizer" }),
    ...OPTIMIZER_NAMES.map((n) => el("option", { value: n, textContent: n })),
  );
  add.addEventListener("change", () => {
    if (add.value) write([...specs, add.value]);
  });
  const text = el("input", { type: "text", value: specs.join(" "), name: "opt", spellcheck: false });
  text.addEventListener("change", () => host.set("opt", text.value.trim() === "" ? null : text.value));
  return el("div", { className: "optimizers" }, ...rows, el("div", { className: "row" }, text, add));
}

function problemOption(host: ControlHost, o: OptionDeclaration): HTMLElement {
  const attribute = attributeOf(o)!;
  const a = host.attrs();
  const current = a[attribute] ?? String(o.default);
  const range = o.control ?? {};
  // the attribute's words: "data seed", "held out"
  const label = attribute.replace(/-/g, " ");
  if (o.kind === "choice") {
    const select = el(
      "select",
      { name: attribute },
      ...o.choices!.map((c) => el("option", { value: c, textContent: c, selected: c === current })),
    );
    select.addEventListener("change", () => host.set(attribute, select.value));
    return labeled(label, select);
  }
  if (o.kind === "batch") {
    const full = el("input", { type: "checkbox", checked: current === "full", name: "full-batch" });
    const size = numberBox(host, attribute, current === "full" ? "32" : current, range);
    size.disabled = current === "full";
    full.addEventListener("change", () => host.set(attribute, full.checked ? "full" : size.value || "32"));
    return labeled("batch", el("div", { className: "row" }, size, el("label", {}, full, " full")));
  }
  if (range.log || range.slider) {
    const shown = el("span", { className: "value" }, current);
    const x = Number(current);
    const slider = range.log
      ? logSlider(
          x,
          (v) => {
            const r = Math.round(v);
            shown.textContent = String(r);
            host.set(attribute, String(r));
          },
          { min: Math.log10(range.min ?? 1), max: Math.log10(range.max ?? 1e4), step: 0.02 },
        )
      : el("input", { type: "range", min: String(range.min ?? 0), max: String(range.max ?? 3), step: "0.05", value: String(x) });
    slider.name = attribute;
    if (!range.log)
      slider.addEventListener("input", () => {
        shown.textContent = slider.value;
        host.set(attribute, slider.value);
      });
    slider.title = o.help;
    return labeled(label, slider, shown);
  }
  const box = numberBox(host, attribute, current, range);
  box.title = o.help;
  return labeled(label, box);
}

/** Switching experiment: drop the settings that belong to the old one, apply the new one's preset. */
function switchExperiment(a: Attributes, experiment: string): Record<string, string | null> {
  const next: Record<string, string | null> = { experiment };
  for (const name of ["opt", "lr", "batch", "record", "noise", "groups", "schedule", "per-class", "view", ...problemAttributes().keys()]) {
    if (a[name] !== null && a[name] !== undefined) next[name] = null;
  }
  // a problem's preset: an interactive starting point (its CLI defaults may take tens of seconds)
  return { ...next, ...(experiment === "tokens" ? {} : PROBLEMS[experiment]?.preset) };
}

/** The controls the `controls` attribute asks for ("all", "none" or a list of names). */
export function buildControls(host: ControlHost, wanted: Set<string>): HTMLElement[] {
  const a = host.attrs();
  let experiment: string;
  try {
    experiment = experimentOf(a);
  } catch {
    experiment = "tokens";
  }
  const show = (name: string) => wanted.has("all") || wanted.has(name);
  const out: HTMLElement[] = [];
  if (show("experiment")) {
    const select = el(
      "select",
      { name: "experiment" },
      ...EXPERIMENTS.map((e) => el("option", { value: e, textContent: e, selected: e === experiment })),
    );
    select.addEventListener("change", () => host.configure(switchExperiment(host.attrs(), select.value)));
    out.push(labeled("experiment", select));
  }
  const isTokens = experiment === "tokens";
  if (show("lr")) {
    const lr = Number(a.lr ?? (isTokens ? TOKENS_DEFAULTS.lr : RUN_DEFAULTS.lr));
    const shown = el("span", { className: "value" }, String(lr));
    const slider = logSlider(lr, (x) => {
      shown.textContent = String(x);
      host.set("lr", String(x));
    });
    slider.name = "lr";
    out.push(labeled("step size η (all)", slider, shown));
  }
  if (show("steps"))
    out.push(labeled("steps", numberBox(host, "steps", String(isTokens ? TOKENS_DEFAULTS.steps : RUN_DEFAULTS.steps), { min: 1 })));
  if (show("seed")) out.push(labeled("seed", numberBox(host, "seed", "0", { min: 0 })));
  if (isTokens && show("batch")) out.push(labeled("batch", numberBox(host, "batch", String(TOKENS_DEFAULTS.batch), { min: 1 })));
  if (!isTokens) {
    for (const o of pageOptions(PROBLEMS[experiment])) {
      if (show(attributeOf(o)!) || show("options") || (o.field === "batch" && show("batch"))) out.push(problemOption(host, o));
    }
  }
  if (show("view")) {
    const figures = host.figures();
    const select = el(
      "select",
      { name: "view" },
      ...figures.map((f) => el("option", { value: f, textContent: f, selected: f === a.view })),
    );
    select.disabled = figures.length < 2;
    select.addEventListener("change", () => host.set("view", select.value));
    out.push(labeled("figure", select));
  }
  if (show("opt")) out.push(labeled("optimizers (as --opt takes them)", optimizerRows(host, experiment), undefined, true));
  return out;
}
