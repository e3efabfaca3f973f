import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { renderClutterFrame } from "#test/support/frames/qr-frame";
import { renderCardClip, writeY4m } from "#test/support/frames/y4m";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { type PageWatch, watchPage } from "./support/page-watch.ts";
import { saveScreenshot } from "./support/screenshots.ts";
import { ensureWebBuilt } from "./support/web-build.ts";

const FACILITY = "01001";

describe.runIf(requireBrowser("kiosk.test.ts"))("kiosk page in Chromium", () => {
  let app: TestApp;
  const browsers: LaunchedBrowser[] = [];
  const work = mkdtempSync(join(tmpdir(), "tiepdon-kiosk-"));

  async function openKiosk(
    video: string,
  ): Promise<{ page: Page; watch: PageWatch; close: () => Promise<void> }> {
    const browser = await launchBrowser({ fakeVideo: video });
    browsers.push(browser);
    const page = await browser.context.newPage();
    const watch = watchPage(page);
    await page.goto(`${app.url}/kiosk?dev=kiosk:${FACILITY}`);
    return { page, watch, close: () => browser.close() };
  }

  beforeAll(async () => {
    app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small" });
    const token = await app.token("receptionist", { facility: FACILITY });
    // One lookup first (it counts nothing), so the first check-in does not pay the gateway's cold start.
    await app.call("POST", "/api/lookups", { token, body: { method: "manual-id", payload: "001090012345" } });
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("gives a queue number for a typed ID on the keypad, then resets by itself", async () => {
    const video = join(work, "no-card.y4m");
    writeY4m(video, [renderClutterFrame(640, 480, 11), renderClutterFrame(640, 480, 12)]);
    const { page, watch, close } = await openKiosk(video);
    await page.getByRole("button", { name: /nhập số căn cước/ }).click();
    for (const digit of "001185001122") await page.getByRole("button", { name: digit, exact: true }).click();
    expect(await page.getByTestId("keypad-display").textContent()).toBe("001 185 001 122");
    await page.getByRole("button", { name: "Lấy số" }).click();

    await page.getByTestId("kiosk-queue").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("kiosk-queue").textContent()).toMatch(/^\d+$/);
    const shown = (await page.getByTestId("kiosk-result").textContent()) ?? "";
    expect(shown).toContain("Thẻ bảo hiểm y tế dùng được");
    // A typed number shows no name at all: anyone can type anyone's number at a kiosk.
    expect(shown).not.toContain("Trần");
    expect(shown).not.toContain("001185001122");
    // Touch targets of the kiosk are at least 48 px.
    const box = await page.getByRole("button", { name: "Xong" }).boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
    await saveScreenshot(page, "kiosk");

    await page.getByTestId("kiosk-queue").waitFor({ state: "detached", timeout: 13_000 });
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Đưa mặt có mã QR");
    expect(watch.errors).toEqual([]);
    await close();
  });

  it("gives a queue number to a patient who holds the ID card to the camera", async () => {
    const person = fixtures.people.find((entry) => entry.idNumber === "038050004567");
    if (person === undefined) throw new Error("fixture person missing");
    const video = join(work, "card.y4m");
    writeY4m(video, renderCardClip(person.qr, { frames: 4, seed: 5 }));
    const { page, watch } = await openKiosk(video);
    await page.getByTestId("kiosk-queue").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("kiosk-queue").textContent()).toMatch(/^\d+$/);
    // A card held to the camera shows the name masked: enough to know it is yours, not who you are.
    const shown = (await page.getByTestId("kiosk-result").textContent()) ?? "";
    expect(shown).toContain("Lê V. B.");
    expect(shown).not.toContain("Lê Văn Bình");
    expect(watch.errors).toEqual([]);
  });
});
