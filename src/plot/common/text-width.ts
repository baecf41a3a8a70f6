// Text widths in DejaVu Sans, the font the PNG renderer embeds (fonts.ts). Vega lays out
// titles, legends and axis labels from text widths; without a canvas (Node) it guesses
// 0.8 em per character, ~30% too wide for DejaVu, which leaves wide gaps between panels
// and truncates legend labels. These advance widths (font units, 2048 per em) were read
// from the hmtx tables of DejaVuSans.ttf and DejaVuSans-Bold.ttf (2.37); kerning ignored.
// A table rather than reading the font at run time keeps the SVG layout the same on every
// machine, with or without the font installed.

const UNITS_PER_EM = 2048;

/** Advance widths of U+0020 … U+007E. */
const ASCII_REGULAR = [
  651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303,
  1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532,
  1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716, 1024, 1024, 1255, 1300, 1126, 1300, 1260,
  721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298, 1253, 1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303,
  1716,
];

const ASCII_BOLD = [
  713, 934, 1067, 1716, 1425, 2052, 1786, 627, 936, 936, 1071, 1716, 778, 850, 778, 748, 1425, 1425, 1425, 1425, 1425, 1425, 1425, 1425,
  1425, 1425, 819, 819, 1716, 1716, 1716, 1188, 2048, 1585, 1561, 1503, 1700, 1399, 1399, 1681, 1714, 762, 762, 1587, 1305, 2038, 1714,
  1741, 1501, 1741, 1577, 1475, 1397, 1663, 1585, 2259, 1579, 1483, 1485, 936, 748, 936, 1716, 1024, 1024, 1382, 1466, 1214, 1466, 1389,
  891, 1466, 1458, 702, 702, 1362, 702, 2134, 1458, 1407, 1466, 1466, 1010, 1219, 979, 1458, 1335, 1892, 1321, 1335, 1192, 1458, 748, 1458,
  1716,
];

/** The non-ASCII characters zipflab's figures use. */
const EXTRA_REGULAR: Record<string, number> = {
  η: 1298,
  ε: 1107,
  σ: 1298,
  π: 1233,
  α: 1350,
  β: 1307,
  "√": 1305,
  "·": 651,
  "→": 1716,
  "←": 1716,
  "−": 1716,
  "×": 1716,
  "…": 2048,
  "≠": 1716,
  "≈": 1716,
  "∞": 1706,
  "–": 1024,
  "—": 2048,
  "‖": 1024,
  "≤": 1716,
  "≥": 1716,
  Δ: 1401,
  Σ: 1294,
  "²": 821,
  "³": 821,
  "¹": 821,
  "⁰": 821,
  "⁻": 1081,
  ŵ: 1675,
  "‑": 739,
};

const EXTRA_BOLD: Record<string, number> = {
  η: 1458,
  ε: 1140,
  σ: 1595,
  π: 1620,
  α: 1407,
  β: 1466,
  "√": 1366,
  "·": 778,
  "→": 1716,
  "←": 1716,
  "−": 1716,
  "×": 1716,
  "…": 2048,
  "≠": 1716,
  "≈": 1716,
  "∞": 1706,
  "–": 1024,
  "—": 2048,
  "‖": 1024,
  "≤": 1716,
  "≥": 1716,
  Δ: 1585,
  Σ: 1399,
  "²": 897,
  "³": 897,
  "¹": 897,
  "⁰": 897,
  "⁻": 1081,
  ŵ: 1892,
  "‑": 850,
};

/** Anything else: the width of a digit. */
const FALLBACK = 1303;

/** Combining marks (the hat of v̂) take no width of their own. */
const COMBINING = /[\u0300-\u036f]/;

function advance(ch: string, bold: boolean): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 0x20 && code <= 0x7e) return (bold ? ASCII_BOLD : ASCII_REGULAR)[code - 0x20];
  if (COMBINING.test(ch)) return 0;
  return (bold ? EXTRA_BOLD : EXTRA_REGULAR)[ch] ?? FALLBACK;
}

/** Width in pixels of `text` set in DejaVu Sans at `fontSize` px. */
export function dejaVuSansWidth(text: string, fontSize: number, bold = false): number {
  let units = 0;
  for (const ch of text) units += advance(ch, bold);
  return (units * fontSize) / UNITS_PER_EM;
}

/** CSS font-weight → the bold face or not (DejaVu Sans has only the two). */
export function isBold(weight: string | number | undefined): boolean {
  if (weight === "bold" || weight === "bolder") return true;
  return weight !== undefined && Number(weight) >= 600;
}
