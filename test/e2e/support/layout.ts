import type { Page } from "playwright-core";

/** The screens clinics use: a phone, a tablet, the counter PC, and the kiosk's portrait touch screen. */
export const SCREENS = {
  phone: { width: 390, height: 844 },
  tablet: { width: 768, height: 1024 },
  pc: { width: 1366, height: 768 },
  kiosk: { width: 1080, height: 1920 },
} as const;
export type ScreenName = keyof typeof SCREENS;

/** What a person would call a broken layout, measured in the page. */
export interface LayoutReport {
  /** How far the page scrolls sideways (px); 0 when it fits. */
  readonly horizontalOverflow: number;
  /** Pairs of controls drawn on top of each other. */
  readonly overlaps: string[];
  /** Controls smaller than the touch target size in either direction. */
  readonly smallTargets: string[];
  /** Controls drawn past the right edge of the screen (not scrolled inside a box of their own). */
  readonly offScreen: string[];
}

/**
 * Measures the page as shown: page-level sideways scroll, and the visible boxes of every
 * control (buttons, links, fields, labels of check boxes), each clipped by the boxes that scroll
 * or clip it. Controls inside one another (a check box in its label) are one target.
 */
export async function auditLayout(page: Page, minTarget = 44): Promise<LayoutReport> {
  // esbuild (tsx) wraps named inner functions in __name(), which the page does not have.
  await page.evaluate("globalThis.__name ??= (target) => target");
  return page.evaluate((min) => {
    const SELECTOR = "button, a[href], input, select, textarea, [role='button'], label:has(input)";
    type Box = { left: number; top: number; right: number; bottom: number };
    const describe = (element: Element): string => {
      const text = (element.getAttribute("aria-label") ?? element.textContent ?? "")
        .trim()
        .replace(/\s+/g, " ");
      const id = element.getAttribute("data-testid") ?? element.getAttribute("name") ?? "";
      return `${element.tagName.toLowerCase()}${id === "" ? "" : `[${id}]`} "${text.slice(0, 40)}"`;
    };
    const intersect = (a: Box, b: Box): Box => ({
      left: Math.max(a.left, b.left),
      top: Math.max(a.top, b.top),
      right: Math.min(a.right, b.right),
      bottom: Math.min(a.bottom, b.bottom),
    });
    const visibleBox = (element: Element): Box | null => {
      const style = getComputedStyle(element);
      if (style.visibility === "hidden" || style.display === "none") return null;
      const rect = element.getBoundingClientRect();
      let box: Box = { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
      // Visually hidden controls (a radio inside its styled label) are targeted through their label.
      if (rect.width <= 2 || rect.height <= 2) return null;
      for (let parent = element.parentElement; parent !== null; parent = parent.parentElement) {
        const parentStyle = getComputedStyle(parent);
        if (parentStyle.display === "none") return null;
        if (parentStyle.overflowX !== "visible" || parentStyle.overflowY !== "visible") {
          const clip = parent.getBoundingClientRect();
          box = intersect(box, { left: clip.left, top: clip.top, right: clip.right, bottom: clip.bottom });
        }
      }
      return box.right - box.left > 0 && box.bottom - box.top > 0 ? box : null;
    };

    const root = document.documentElement;
    const horizontalOverflow = Math.max(0, root.scrollWidth - root.clientWidth);
    const controls = Array.from(document.querySelectorAll(SELECTOR))
      .map((element) => ({ element, box: visibleBox(element) }))
      .filter((entry): entry is { element: Element; box: Box } => entry.box !== null);

    const overlaps: string[] = [];
    for (let i = 0; i < controls.length; i += 1) {
      for (let j = i + 1; j < controls.length; j += 1) {
        const a = controls[i];
        const b = controls[j];
        if (a === undefined || b === undefined) continue;
        if (a.element.contains(b.element) || b.element.contains(a.element)) continue;
        const common = intersect(a.box, b.box);
        // More than a hairline in both directions: borders that touch are not an overlap.
        if (common.right - common.left > 1 && common.bottom - common.top > 1) {
          overlaps.push(`${describe(a.element)} × ${describe(b.element)}`);
        }
      }
    }
    const smallTargets: string[] = [];
    const offScreen: string[] = [];
    for (const { element, box } of controls) {
      // A field inside its label (a check box, a radio, a styled file picker) is a target through the label.
      if (element instanceof HTMLInputElement && element.closest("label") !== null) continue;
      // Links inside running text are exempt, as in WCAG 2.5.8.
      if (element instanceof HTMLAnchorElement && getComputedStyle(element).display === "inline") continue;
      const rect = element.getBoundingClientRect();
      if (rect.width < min - 0.5 || rect.height < min - 0.5) {
        smallTargets.push(`${describe(element)} ${Math.round(rect.width)}×${Math.round(rect.height)}`);
      }
      if (box.right > root.clientWidth + 0.5) offScreen.push(describe(element));
    }
    return { horizontalOverflow, overlaps, smallTargets, offScreen };
  }, minTarget);
}

/** Phone screens, portrait and landscape: the narrowest Android (360), an iPhone (390) and a large Android (412). */
export const PHONES = [
  { name: "360 portrait", width: 360, height: 740 },
  { name: "390 portrait", width: 390, height: 844 },
  { name: "412 portrait", width: 412, height: 915 },
  { name: "360 landscape", width: 740, height: 360 },
  { name: "390 landscape", width: 844, height: 390 },
  { name: "412 landscape", width: 915, height: 412 },
] as const;

/** Regions named by selector whose box runs past the right edge of the screen, with how far. */
export async function regionsOffScreen(page: Page, selectors: readonly string[]): Promise<string[]> {
  return page.evaluate((list) => {
    const width = document.documentElement.clientWidth;
    return list.flatMap((selector) =>
      Array.from(document.querySelectorAll(selector))
        .map((element) => element.getBoundingClientRect().right - width)
        .filter((past) => past > 0.5)
        .map((past) => `${selector} ${Math.round(past)} px past the edge`),
    );
  }, selectors);
}

/** The font families Chromium actually drew an element's text with (not the CSS list it asked for). */
export async function fontsDrawn(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    return fonts.map((font) => font.familyName);
  } finally {
    await cdp.detach();
  }
}
