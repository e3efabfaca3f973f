import type { Page } from "playwright-core";

/** What a page did that a user would call broken: script errors and dialogs (alert() from injected markup). */
export interface PageWatch {
  readonly errors: string[];
  readonly dialogs: string[];
}

/** Records page errors and dismisses and records any dialog. */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { errors: [], dialogs: [] };
  page.on("pageerror", (error) => watch.errors.push(error.message));
  page.on("dialog", (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return watch;
}

/** True when a canvas holds more than one colour: uPlot drew something on it. */
export async function canvasHasDrawing(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => {
    if (!(element instanceof HTMLCanvasElement)) return false;
    const context = element.getContext("2d");
    if (context === null || element.width === 0 || element.height === 0) return false;
    const { data } = context.getImageData(0, 0, element.width, element.height);
    const first = `${data[0]},${data[1]},${data[2]},${data[3]}`;
    for (let i = 4; i < data.length; i += 4) {
      if (`${data[i]},${data[i + 1]},${data[i + 2]},${data[i + 3]}` !== first) return true;
    }
    return false;
  });
}
