// Tokenizers: text → word tokens (browser-safe, no Node modules).
//   brown  tokens are whitespace-separated `word/tag`; the word is the part before the LAST "/"
//          ("1-1/2/cd" → "1-1/2", "//in" → "/"), lower-cased. A tag-only token ("/nn") has an
//          empty word and is skipped; a token without "/" is kept whole.
//   text   Unicode-aware words: NFC, then maximal runs of letters, marks and digits, joined by
//          single inner apostrophes or hyphens ("don't", "state-of-the-art"), lower-cased;
//          with punctuation "keep" every other non-space character (\p{P}, \p{S}) is a token of
//          its own, with "drop" they are discarded.
export type Punctuation = "keep" | "drop";

export interface TextTokenizerOptions {
  /** Punctuation and symbols as tokens of their own ("keep", the default) or dropped. */
  punctuation?: Punctuation;
}

/** Word tokens of a tagged Brown text (one file, or the concatenation of several). */
export function brownTokens(text: string, out: string[] = []): string[] {
  for (const token of text.split(/\s+/)) {
    if (token === "") continue;
    const slash = token.lastIndexOf("/");
    const word = slash < 0 ? token : token.slice(0, slash);
    if (word !== "") out.push(word.toLowerCase());
  }
  return out;
}

const WORD = "[\\p{L}\\p{M}\\p{N}]+(?:['’\\-][\\p{L}\\p{M}\\p{N}]+)*";
const WORD_ONLY = new RegExp(WORD, "gu");
const WORD_OR_MARK = new RegExp(`${WORD}|[\\p{P}\\p{S}]`, "gu");

/** Word tokens of plain text by the documented Unicode rule (above). */
export function textTokens(text: string, options: TextTokenizerOptions = {}, out: string[] = []): string[] {
  const pattern = (options.punctuation ?? "keep") === "keep" ? WORD_OR_MARK : WORD_ONLY;
  for (const m of text.normalize("NFC").matchAll(pattern)) out.push(m[0].toLowerCase());
  return out;
}
