import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Debian's Chromium, installed by apt (CI installs it too). */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Whether the browser tests can run here, and why not when they cannot. */
function browserAvailability(): { ok: true } | { ok: false; reason: string } {
  if (existsSync(CHROMIUM_PATH)) return { ok: true };
  return {
    ok: false,
    reason: `no Chromium at ${CHROMIUM_PATH} (install it with: apt-get install -y chromium)`,
  };
}

/**
 * True when the browser tests of a file should run. Without Chromium they are skipped with a
 * printed reason, except on CI (CI=true), where a missing browser is a failure, not a skip.
 */
export function requireBrowser(file: string): boolean {
  const availability = browserAvailability();
  if (availability.ok) return true;
  if (process.env.CI === "true") throw new Error(`browser tests cannot run on CI: ${availability.reason}`);
  console.warn(`browser tests in ${file} skipped: ${availability.reason}`);
  return false;
}

export interface LaunchedBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh profile; with `fakeVideo` (a .y4m file) the page's
 * camera plays that file, and the camera permission is granted without a prompt. `noCamera`
 * leaves the machine without any camera, as a counter PC whose webcam is unplugged.
 */
export async function launchBrowser(
  options: { fakeVideo?: string; noCamera?: boolean; profile?: string } = {},
): Promise<LaunchedBrowser> {
  // A profile the caller gives outlives this browser (a restart opens it again); a fresh one does not.
  const profile = options.profile ?? mkdtempSync(join(tmpdir(), "tiepdon-chromium-"));
  const args = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    ...(options.noCamera === true ? [] : ["--use-fake-device-for-media-stream"]),
    "--use-fake-ui-for-media-stream",
    ...(options.fakeVideo === undefined ? [] : [`--use-file-for-fake-video-capture=${options.fakeVideo}`]),
  ];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args,
    viewport: { width: 1366, height: 900 },
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close();
      if (options.profile === undefined) rmSync(profile, { recursive: true, force: true });
    },
  };
}
