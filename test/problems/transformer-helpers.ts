// A small corpus for transformer tests: Zipf-distributed words with a bigram structure
// (each word's successor drawn from a word-specific shift), registered in memory.
import { registerCorpusText } from "../../src/corpus/registry.js";
import { Xoshiro128 } from "../../src/rng/xoshiro.js";

/** Registers (once) and returns the name of a text of `words` tokens over `types` word types. */
export function tinyCorpus(words = 6000, types = 60, seed = 1): string {
  const name = `tiny-${words}-${types}-${seed}`;
  const rng = Xoshiro128.seeded(seed, 3);
  const weights = Array.from({ length: types }, (_, k) => 1 / (k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = weights.map(
    (
      (s) => (w: number) =>
        (s += w / total)
    )(0),
  );
  const draw = () => {
    const u = rng.uniformF64();
    const k = cumulative.findIndex((c) => u < c);
    return k < 0 ? types - 1 : k;
  };
  const out: string[] = [];
  let prev = 0;
  for (let i = 0; i < words; i++) {
    // half the time the next word follows from the previous one: learnable context
    const k = rng.uniformF64() < 0.5 ? (prev * 7 + 3) % types : draw();
    out.push(`w${k}`);
    prev = k;
  }
  registerCorpusText(name, out.join(" "));
  return name;
}
