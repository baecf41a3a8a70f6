// The headless Chromium of the browser tests, started in one place so that every test that
// needs a browser gets the same one (Debian's /usr/bin/chromium, or $ZIPFLAB_CHROMIUM; a test
// without Chromium fails with how to get it).
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.ZIPFLAB_CHROMIUM ?? "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium; .ci/run does) or set ZIPFLAB_CHROMIUM`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
}
