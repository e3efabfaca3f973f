import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "playwright-core";

const FOLDER = fileURLToPath(new URL("../../../docs/screenshots/", import.meta.url));

/** Saves the README screenshot of a page (docs/screenshots/<name>.png). */
export async function saveScreenshot(page: Page, name: "reception" | "kiosk" | "dashboard"): Promise<void> {
  await saveScreenshotAs(page, name, { fullPage: name === "reception" });
}

/** Saves an element's screenshot, cut to `maxHeight` pixels from its top (a long table's first rows). */
export async function saveElementAs(element: Locator, name: string, maxHeight = Infinity): Promise<string> {
  const path = join(FOLDER, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  const box = await element.evaluate((node) => {
    const rect = node.getBoundingClientRect();
    return {
      x: rect.left + window.scrollX,
      y: rect.top + window.scrollY,
      width: rect.width,
      height: rect.height,
    };
  });
  await element.page().screenshot({
    path,
    clip: { ...box, height: Math.min(box.height, maxHeight) },
    fullPage: true,
    animations: "disabled",
  });
  return path;
}

/** Saves a screenshot under docs/screenshots (`screens/reception-phone` → docs/screenshots/screens/reception-phone.png). */
export async function saveScreenshotAs(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  const path = join(FOLDER, `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: options.fullPage ?? false, animations: "disabled" });
  return path;
}
