import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

const FOLDER = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));

/** Saves the README screenshot of a page (docs/screenshots/<name>.png). */
export async function saveScreenshot(page: Page, name: "reception" | "kiosk" | "dashboard"): Promise<void> {
  mkdirSync(FOLDER, { recursive: true });
  await page.screenshot({
    path: join(FOLDER, `${name}.png`),
    fullPage: name === "reception",
    animations: "disabled",
  });
}
