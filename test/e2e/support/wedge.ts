import type { BrowserContext, Page } from "playwright-core";

/** Gaps below this are a scanner's: its keys go out in one burst. */
const SCANNER_GAP_MS = 20;

/**
 * Types text into the page as trusted key events, then Enter: a wedge scanner at a small gap, a
 * person at a large one. Chromium stamps each key when it arrives and ignores the protocol's
 * `timestamp`, so the pace is real: a scanner's keys are all queued at once (waiting for each
 * answer would let a busy machine stretch them past the page's scanner threshold), and a person's
 * keys are sent `gapMs` apart, which a busy machine can only make slower.
 */
export async function typeWithGaps(
  context: BrowserContext,
  page: Page,
  text: string,
  gapMs: number,
): Promise<void> {
  const cdp = await context.newCDPSession(page);
  const enter = { key: "Enter", code: "Enter", windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };
  const keys = [
    ...[...text].map((char) => ({ down: { key: char, text: char }, up: { key: char } })),
    { down: { ...enter, text: "\r" }, up: enter },
  ];
  try {
    if (gapMs < SCANNER_GAP_MS) {
      // The protocol answers in order; all of them are in flight before the first answer.
      await Promise.all(
        keys.flatMap(({ down, up }) => [
          cdp.send("Input.dispatchKeyEvent", { type: "keyDown", ...down }),
          cdp.send("Input.dispatchKeyEvent", { type: "keyUp", ...up }),
        ]),
      );
      return;
    }
    for (const { down, up } of keys) {
      await cdp.send("Input.dispatchKeyEvent", { type: "keyDown", ...down });
      await cdp.send("Input.dispatchKeyEvent", { type: "keyUp", ...up });
      await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
  } finally {
    await cdp.detach();
  }
}

/**
 * A wedge scan raised inside the page in one go: every key of the text, then Enter, dispatched
 * within a single task, so the gaps the page measures are microseconds however busy the machine
 * is. For tests whose subject is what happens after a scan; the detection itself is tested with
 * trusted keys through `typeWithGaps`.
 */
export async function scanInPage(page: Page, text: string): Promise<void> {
  await page.evaluate(
    (keys) => {
      const target = document.activeElement ?? document.body;
      for (const key of [...keys, "Enter"]) {
        target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
        target.dispatchEvent(new KeyboardEvent("keyup", { key, bubbles: true, cancelable: true }));
      }
    },
    [...text],
  );
}
