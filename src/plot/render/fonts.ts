// Fonts for the PNG rasterizer. The SVG names "DejaVu Sans" first (theme.ts); resvg is handed
// those exact files so the PNG does not depend on what the system font config happens to
// resolve. Where DejaVu is missing, resvg falls back to the system fonts and the theme's
// fallback list (Verdana, Helvetica, Arial, sans-serif).
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ResvgRenderOptions } from "@resvg/resvg-js";

/** Where distributions put DejaVu (Debian/Ubuntu first: the CI image). */
export const DEJAVU_DIRS = [
  "/usr/share/fonts/truetype/dejavu",
  "/usr/share/fonts/dejavu",
  "/usr/share/fonts/TTF",
  "/usr/local/share/fonts/dejavu",
];

const DEJAVU_SANS = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"];

export type FontOptions = NonNullable<ResvgRenderOptions["font"]>;

/** The DejaVu Sans files in the first directory that has the regular face, or [] if none does. */
export function findDejaVuSans(dirs: readonly string[] = DEJAVU_DIRS): string[] {
  for (const dir of dirs) {
    if (!existsSync(join(dir, DEJAVU_SANS[0]))) continue;
    return DEJAVU_SANS.map((f) => join(dir, f)).filter((p) => existsSync(p));
  }
  return [];
}

/** resvg font options: DejaVu Sans only (fast, reproducible) when found, else the system fonts. */
export function pngFontOptions(dirs: readonly string[] = DEJAVU_DIRS): FontOptions {
  const files = findDejaVuSans(dirs);
  if (files.length === 0) return { loadSystemFonts: true, sansSerifFamily: "DejaVu Sans" };
  return { loadSystemFonts: false, fontFiles: files, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" };
}
