import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { renderClutterFrame } from "#test/support/frames/qr-frame";
import { writeY4m } from "#test/support/frames/y4m";
import { startTestApp, type TestApp } from "#test/support/local-app";
import {
  auditLayout,
  fontsDrawn,
  PHONES,
  regionsOffScreen,
  SCREENS,
  type ScreenName,
} from "./support/layout.ts";
import { type PageWatch, watchPage } from "./support/page-watch.ts";
import { saveScreenshotAs } from "./support/screenshots.ts";
import { ensureWebBuilt } from "./support/web-build.ts";

const FACILITY = "01001";
/** Reception and dashboard run on phones, tablets and PCs; the kiosk also on its portrait touch screen. */
const DESK_SCREENS: ScreenName[] = ["phone", "tablet", "pc"];
const KIOSK_SCREENS: ScreenName[] = ["phone", "tablet", "pc", "kiosk"];
/** Touch targets: 44 px (WCAG 2.5.5) at reception and the dashboard, the kiosk's own 48 px for elderly patients. */
const DESK_TARGET = 44;
const KIOSK_TARGET = 48;

/** Sets the screen size and waits for the page to lay itself out again (charts follow their box). */
async function resize(page: Page, screen: ScreenName): Promise<void> {
  await page.setViewportSize(SCREENS[screen]);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 150))));
}

/** The layout as a person would judge it: all four lists must be empty. */
async function expectUsable(page: Page, where: string, minTarget: number): Promise<void> {
  const report = await auditLayout(page, minTarget);
  expect({ where, ...report }).toEqual({
    where,
    horizontalOverflow: 0,
    overlaps: [],
    smallTargets: [],
    offScreen: [],
  });
}

describe.runIf(requireBrowser("layout.test.ts"))("every screen size a clinic has", () => {
  let app: TestApp;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small", demoCheckins: 600 });
    browser = await launchBrowser();
    const token = await app.token("receptionist", { facility: FACILITY });
    // A few visits today, so the reception's list has rows of every kind of width.
    for (const id of ["001185001122", "038050004567", "079303001234"]) {
      await app.call("POST", "/api/checkins", { token, body: { method: "manual-id", payload: id } });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const work = mkdtempSync(join(tmpdir(), "tiepdon-layout-"));

  async function open(path: string): Promise<{ page: Page; watch: PageWatch }> {
    const page = await browser.context.newPage();
    const watch = watchPage(page);
    await page.goto(`${app.url}${path}`);
    return { page, watch };
  }

  it("reception: result card and today's list fit phones, tablets and the PC, nothing overlapping", async () => {
    const { page, watch } = await open(`/?dev=receptionist:${FACILITY}`);
    await page.locator("#typed-value").fill("001090012345");
    await page.getByRole("button", { name: "Tiếp đón", exact: true }).click();
    await page.getByTestId("patient-name").waitFor({ timeout: 15_000 });
    await expect
      .poll(() => page.getByTestId("today-table").locator("tbody tr").count(), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(4);
    for (const screen of DESK_SCREENS) {
      await resize(page, screen);
      await expectUsable(page, `reception ${screen}`, DESK_TARGET);
      await page.getByTestId("patient-name").scrollIntoViewIfNeeded();
      await saveScreenshotAs(page, `screens/reception-${screen}`);
    }
    // On a phone, today's list is one labelled card per visit: the name and status are readable.
    await resize(page, "phone");
    const row = page.getByTestId("today-table").locator("tbody tr").first();
    await row.scrollIntoViewIfNeeded();
    const rowBox = await row.boundingBox();
    expect(rowBox?.width ?? 0).toBeLessThanOrEqual(SCREENS.phone.width);
    expect(
      await row
        .locator("td")
        .first()
        .evaluate((cell) => getComputedStyle(cell, "::before").content),
    ).toBe('"STT"');
    await saveScreenshotAs(page, "screens/reception-phone-today");
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it("kiosk: the camera, the keypad and the queue number fit every screen, the portrait kiosk's best", async () => {
    const widths: Record<string, number> = {};
    for (const screen of KIOSK_SCREENS) {
      const { page, watch } = await open(`/kiosk?dev=kiosk:${FACILITY}`);
      await resize(page, screen);
      await page.locator(".camera video").waitFor();
      await expectUsable(page, `kiosk ${screen} camera`, KIOSK_TARGET);
      widths[screen] = (await page.locator(".scan-step .camera").boundingBox())?.width ?? 0;
      await saveScreenshotAs(page, `screens/kiosk-${screen}`);

      await page.getByRole("button", { name: /nhập số căn cước/ }).click();
      for (const digit of "001175002222")
        await page.getByRole("button", { name: digit, exact: true }).click();
      await expectUsable(page, `kiosk ${screen} keypad`, KIOSK_TARGET);
      await saveScreenshotAs(page, `screens/kiosk-${screen}-keypad`);

      await page.getByRole("button", { name: "Lấy số" }).click();
      await page.getByTestId("kiosk-queue").waitFor({ timeout: 15_000 });
      await expectUsable(page, `kiosk ${screen} result`, KIOSK_TARGET);
      // Nothing of the result needs scrolling to be seen: the screen has no scroll bar to reach it.
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(
        SCREENS[screen].height,
      );
      await saveScreenshotAs(page, `screens/kiosk-${screen}-result`);
      expect(watch.errors).toEqual([]);
      await page.close();
    }
    // The portrait kiosk's camera view spans most of its width, not a small box in an empty screen.
    expect(widths.kiosk ?? 0).toBeGreaterThanOrEqual(0.8 * SCREENS.kiosk.width);
  });

  it("dashboard: tiles, charts and both rankings fit phones, tablets and the PC; the rankings scroll inside their cards", async () => {
    const { page, watch } = await open("/dashboard?dev=health-dept:");
    await page.getByTestId("facility-ranking").waitFor({ timeout: 30_000 });
    for (const screen of DESK_SCREENS) {
      await resize(page, screen);
      await expectUsable(page, `dashboard ${screen}`, DESK_TARGET);
      await saveScreenshotAs(page, `screens/dashboard-${screen}`);
    }
    await resize(page, "phone");
    const ranking = page.getByTestId("facility-ranking");
    const scroller = ranking.locator("xpath=..");
    const { scrollWidth, clientWidth } = await scroller.evaluate((element) => ({
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
    }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    expect(await scroller.evaluate((element) => getComputedStyle(element).overflowX)).toBe("auto");
    await ranking.scrollIntoViewIfNeeded();
    await saveScreenshotAs(page, "screens/dashboard-phone-ranking");
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it("reception and kiosk on phones with the camera showing video and the fonts Android draws with: nothing past the right edge, portrait and landscape", async () => {
    // A counter with no card in view: the camera plays, nothing is scanned.
    const video = join(work, "counter.y4m");
    writeY4m(video, [renderClutterFrame(640, 480, 21), renderClutterFrame(640, 480, 22)]);
    // Today's list then holds a patient without coverage, the longest status label.
    const token = await app.token("receptionist", { facility: FACILITY });
    await app.call("POST", "/api/checkins", {
      token,
      body: { method: "manual-id", payload: "001175002222" },
    });
    const phone = await launchBrowser({ fakeVideo: video });
    try {
      for (const [path, target] of [
        [`/?dev=receptionist:${FACILITY}`, DESK_TARGET],
        [`/kiosk?dev=kiosk:${FACILITY}`, KIOSK_TARGET],
      ] as const) {
        const page = await phone.context.newPage();
        const watch = watchPage(page);
        await page.goto(`${app.url}${path}`);
        await page.locator(".camera.camera-live video").waitFor({ timeout: 30_000 });
        // The video really plays: frames arrive and the picture has a size.
        await expect
          .poll(() =>
            page.locator(".camera video").evaluate((v: HTMLVideoElement) => v.videoWidth * v.currentTime),
          )
          .toBeGreaterThan(0);
        const page_ = path.startsWith("/kiosk") ? "kiosk" : "reception";
        const text = page_ === "kiosk" ? "button" : ".entry-row button";
        // Measured with Noto Sans (Android's family, Debian's fonts-noto-core), not a narrower fallback.
        expect(await fontsDrawn(page, text)).toContain("Noto Sans");
        for (const screen of PHONES) {
          await page.setViewportSize({ width: screen.width, height: screen.height });
          await page.evaluate(
            () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 150))),
          );
          await expectUsable(page, `${page_} ${screen.name}`, target);
          expect({
            where: `${page_} ${screen.name}`,
            regions: await regionsOffScreen(page, [".camera", ".panel", ".entry-row", "form", "section"]),
          }).toEqual({ where: `${page_} ${screen.name}`, regions: [] });
          if (screen.name === "360 portrait")
            await saveScreenshotAs(page, `screens/${page_}-phone-camera-360`);
        }
        expect(watch.errors).toEqual([]);
        await page.close();
      }
    } finally {
      await phone.close();
    }
  });
});
