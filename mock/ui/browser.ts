// Test helper: headless Chromium (the Debian package's /usr/bin/chromium) driven by playwright-core, with a fresh
// profile per launch, or one launch per test file and a fresh context (cookies, storage, cache) per test. No browser
// download: `.ci/run` installs the package when it is missing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser as Chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium with a new user-data-dir (removed on close). */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "ec-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 800 } });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** One Chromium for the tests of a file: each asks it for a fresh context of its own, as isolated as a new profile. */
export interface SharedBrowser {
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Launches Chromium once (a start costs about a second of CPU; a context a small part of it). */
export async function launchSharedBrowser(): Promise<SharedBrowser> {
  const browser: Chromium = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return {
    newContext: () => browser.newContext({ viewport: { width: 1280, height: 800 } }),
    close: () => browser.close(),
  };
}
