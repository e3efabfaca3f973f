import type { BrowserContext, Page } from "playwright-core";

/**
 * Types text into the page as trusted key events with exact timestamps, then Enter: a wedge
 * scanner at a small gap, a person at a large one. The timestamps are set through the DevTools
 * protocol, so a busy test machine cannot make a scanner look slow or a person look fast.
 */
export async function typeWithGaps(
  context: BrowserContext,
  page: Page,
  text: string,
  gapMs: number,
): Promise<void> {
  const cdp = await context.newCDPSession(page);
  try {
    let at = Date.now() / 1000;
    for (const char of text) {
      await cdp.send("Input.dispatchKeyEvent", { type: "keyDown", key: char, text: char, timestamp: at });
      await cdp.send("Input.dispatchKeyEvent", { type: "keyUp", key: char, timestamp: at + 0.002 });
      at += gapMs / 1000;
    }
    const enter = { key: "Enter", code: "Enter", windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };
    await cdp.send("Input.dispatchKeyEvent", { type: "keyDown", ...enter, text: "\r", timestamp: at });
    await cdp.send("Input.dispatchKeyEvent", { type: "keyUp", ...enter, timestamp: at + 0.002 });
  } finally {
    await cdp.detach();
  }
}
