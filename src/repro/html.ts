// out/index.html for `zipflab repro all`: every figure (PNG, linking its SVG), each
// reproduction's headline numbers and links to its README and data files. Self-contained,
// no scripts, paths relative to the output folder.
import { relative } from "node:path";
import type { ReproOutcome } from "./types.js";

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Markdown bold (**x**) and code (`x`) in headline sentences, as HTML. */
function inline(markdown: string): string {
  return escape(markdown)
    .replace(/\*\*([^*]+)\*\*/g, "<b>$1</b>")
    .replace(/`([^`]+)`/g, "<code>$1</code>");
}

export function indexHtml(outRoot: string, outcomes: readonly ReproOutcome[], totalSeconds: number): string {
  const link = (o: ReproOutcome, file: string) => `${relative(outRoot, o.dir).split("\\").join("/")}/${file}`;
  const sections = outcomes
    .map(
      (o) => `
<section id="${escape(o.name)}">
  <h2>${escape(o.name)} <small>${escape(o.title)}</small></h2>
  <ul>${o.headline.map((h) => `<li>${inline(h)}</li>`).join("")}</ul>
  ${o.figures
    .map(
      (f) => `<figure>
    <a href="${escape(link(o, f.svg))}"><img src="${escape(link(o, f.png))}" alt="${escape(f.caption)}"></a>
    <figcaption><b>${escape(f.name)}</b>: ${escape(f.caption)} (<a href="${escape(link(o, f.svg))}">SVG</a>, <a href="${escape(link(o, f.png))}">PNG</a>)</figcaption>
  </figure>`,
    )
    .join("\n  ")}
  <p><a href="${escape(link(o, "README.md"))}">README</a> · ${o.files.map((f) => `<a href="${escape(link(o, f))}">${escape(f)}</a>`).join(" · ")} · ${o.seconds.toFixed(1)} s</p>
</section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="zipflab">
<title>zipflab reproductions</title>
<style>
  body { font-family: "DejaVu Sans", Verdana, sans-serif; max-width: 1400px; margin: 2em auto; padding: 0 1em; color: #222; }
  h2 small { font-weight: normal; color: #666; font-size: 0.7em; }
  img { max-width: 100%; border: 1px solid #ddd; }
  figure { margin: 1em 0 2em; }
  figcaption { color: #444; font-size: 0.9em; }
  nav a { margin-right: 1em; }
</style>
</head>
<body>
<h1>zipflab reproductions</h1>
<p>Why Adam and sign descent beat gradient descent under heavy-tailed class imbalance: ${outcomes.length} experiments, made by <code>zipflab repro all</code> in ${totalSeconds.toFixed(0)} s.</p>
<nav>${outcomes.map((o) => `<a href="#${escape(o.name)}">${escape(o.name)}</a>`).join("")}</nav>
${sections}
</body>
</html>
`;
}
