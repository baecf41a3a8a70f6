// Tokenizers: text → word tokens (browser-safe, no Node modules).
//   brown  tokens are whitespace-separated `word/tag`; the word is the part before the LAST "/"
//          ("1-1/2/cd" → "1-1/2", "//in" → "/"), lower-cased. A tag-only token ("/nn") has an
//          empty word and is skipped; a token without "/" is kept whole.
//   text   Unicode-aware words: NFC, then maximal runs of letters, marks and digits, joined by
//          single inner apostrophes or hyphens ("don't", "state-of-the-art"), lower-cased;
//          with punctuation "keep" every other non-space character (\p{P}, \p{S}) is a token of
//          its own, with "drop" they are discarded.
import { argList, argOptionalObject, argString } from "../config/args.js";
import { ConfigError } from "../config/error.js";

export type Punctuation = "keep" | "drop";

export interface TextTokenizerOptions {
  /** Punctuation and symbols as tokens of their own ("keep", the default) or dropped. */
  punctuation?: Punctuation;
}

/** Word tokens of a tagged Brown text (one file, or the concatenation of several). */
export function brownTokens(text: string, out: string[] = []): string[] {
  argString("text", text);
  if (!Array.isArray(out)) argList("out", out);
  // Lower-casing the whole text first is the same as lower-casing each word (tags are dropped
  // anyway); one scan finds each token's end and last "/", one slice per word.
  const s = text.toLowerCase();
  const n = s.length;
  let t = 0;
  while (t < n) {
    let c = s.charCodeAt(t);
    if (isSpace(c)) {
      t++;
      continue;
    }
    const start = t;
    let slash = -1;
    while (t < n && !isSpace((c = s.charCodeAt(t)))) {
      if (c === 47) slash = t; // "/"
      t++;
    }
    if (slash < 0) out.push(s.slice(start, t));
    else if (slash > start) out.push(s.slice(start, slash));
  }
  return out;
}

/** JavaScript's \s for the characters a latin-1 text can hold. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 160 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Tokenizer options: an object whose punctuation, if given, is "keep" or "drop". */
export function checkTokenizerOptions(options: unknown, name = "options"): TextTokenizerOptions {
  const o = argOptionalObject<TextTokenizerOptions>(name, options) ?? {};
  if (o.punctuation !== undefined && o.punctuation !== "keep" && o.punctuation !== "drop") {
    throw new ConfigError("punctuation", `must be "keep" or "drop" (got ${JSON.stringify(o.punctuation)})`);
  }
  return o;
}

const WORD = "[\\p{L}\\p{M}\\p{N}]+(?:['’\\-][\\p{L}\\p{M}\\p{N}]+)*";
const WORD_ONLY = new RegExp(WORD, "gu");
const WORD_OR_MARK = new RegExp(`${WORD}|[\\p{P}\\p{S}]`, "gu");

/** Word tokens of plain text by the documented Unicode rule (above). */
export function textTokens(text: string, options: TextTokenizerOptions = {}, out: string[] = []): string[] {
  argString("text", text);
  checkTokenizerOptions(options);
  if (!Array.isArray(out)) argList("out", out);
  const pattern = (options.punctuation ?? "keep") === "keep" ? WORD_OR_MARK : WORD_ONLY;
  for (const m of text.normalize("NFC").matchAll(pattern)) out.push(m[0].toLowerCase());
  return out;
}
