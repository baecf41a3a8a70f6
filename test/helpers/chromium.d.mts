// Types of chromium.mjs (plain JavaScript so that bench/web-tokens.mjs runs it without a build).
import type { Browser } from "playwright-core";

export interface ChromiumToLaunch {
  executablePath: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Where the browser came from, for messages: "ZIPFLAB_CHROMIUM=…" or "@sparticuz/chromium <version>, unpacked in …". */
  source: string;
}

export function bundledChromiumFolder(): string;
export function findChromium(): Promise<ChromiumToLaunch>;
export function launchChromium(): Promise<Browser>;
