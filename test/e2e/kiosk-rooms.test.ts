import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Room } from "#domain/room-contract";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { renderClutterFrame } from "#test/support/frames/qr-frame";
import { writeY4m } from "#test/support/frames/y4m";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { auditLayout, SCREENS, type ScreenName } from "./support/layout.ts";
import { type PageWatch, watchPage } from "./support/page-watch.ts";
import { saveScreenshotAs } from "./support/screenshots.ts";
import { SPEECH_RECORDER } from "./support/speech.ts";
import { ensureWebBuilt } from "./support/web-build.ts";

const FACILITY = "01001";
const room = (slug: string, number: number, name: string, open = true): Room => ({
  id: `${FACILITY}-${slug}`,
  name,
  number,
  serviceCode: "02.1896",
  serviceName: "Khám Nội",
  open,
  closedReason: open ? null : "Bác sĩ đi hội chẩn",
});

/** The recorded voice, and a print that records the ticket. */
const RECORDERS = `${SPEECH_RECORDER}
  window.__printed = [];
  window.print = () => { window.__printed.push(document.getElementById("print-ticket")?.textContent ?? ""); };
`;

interface Recorded {
  __spoken: string[];
  __printed: string[];
}

describe.runIf(requireBrowser("kiosk-rooms.test.ts"))("kiosk room choice in Chromium", () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let reception = "";
  const work = mkdtempSync(join(tmpdir(), "tiepdon-kiosk-rooms-"));

  beforeAll(async () => {
    app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small" });
    reception = await app.token("receptionist", { facility: FACILITY });
    for (const r of [
      room("noi", 1, "Phòng khám Nội tổng hợp"),
      room("nhi", 2, "Phòng khám Nhi"),
      room("mat", 3, "Phòng khám Mắt", false),
    ])
      expect((await app.call("POST", "/api/rooms", { token: reception, body: r })).status).toBe(200);
    const video = join(work, "no-card.y4m");
    writeY4m(video, [renderClutterFrame(640, 480, 21), renderClutterFrame(640, 480, 22)]);
    browser = await launchBrowser({ fakeVideo: video });
    await browser.context.addInitScript(RECORDERS);
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const openKiosk = async (): Promise<{ page: Page; watch: PageWatch }> => {
    const page = await browser.context.newPage();
    const watch = watchPage(page);
    await page.goto(`${app.url}/kiosk?dev=kiosk:${FACILITY}`);
    return { page, watch };
  };
  const typeId = async (page: Page, id: string) => {
    await page.getByRole("button", { name: /nhập số căn cước/ }).click();
    for (const digit of id) await page.getByRole("button", { name: digit, exact: true }).click();
    await page.getByRole("button", { name: "Lấy số" }).click();
  };

  it("offers the open rooms in large type, and shows, speaks and prints the chosen room's ticket", async () => {
    const { page, watch } = await openKiosk();
    await typeId(page, "001185001122");
    const list = page.getByTestId("kiosk-rooms");
    await list.waitFor({ timeout: 15_000 });
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Chọn phòng khám");
    const choices = list.locator("button[data-room]");
    expect(await choices.allTextContents()).toEqual([
      "Phòng 1 · Phòng khám Nội tổng hợp0 người đang chờ",
      "Phòng 2 · Phòng khám Nhi0 người đang chờ",
    ]);
    for (const box of await Promise.all((await choices.all()).map((choice) => choice.boundingBox())))
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(48);
    const fontSize = await choices.first().evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(24);

    await page.getByRole("button", { name: /Phòng 2 · Phòng khám Nhi/ }).click();
    await page.getByTestId("kiosk-queue").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("kiosk-queue").textContent()).toBe("P2 – 001");
    expect(await page.getByTestId("kiosk-room").textContent()).toBe("Phòng khám Nhi");
    const recorded = async () =>
      await page.evaluate(() => {
        const { __spoken, __printed } = window as unknown as Recorded;
        return { __spoken: [...__spoken], __printed: [...__printed] };
      });
    await expect.poll(async () => (await recorded()).__printed.join("\n")).toContain("P2 – 001");
    const spoken = (await recorded()).__spoken.join(" ");
    expect(spoken).toContain("số 1, phòng khám số 2, Phòng khám Nhi");
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it("goes straight to the ticket when the facility has one open room", async () => {
    const closed = { ...room("nhi", 2, "Phòng khám Nhi", false) };
    expect((await app.call("POST", "/api/rooms", { token: reception, body: closed })).status).toBe(200);
    const { page, watch } = await openKiosk();
    await typeId(page, "038050004567");
    await page.getByTestId("kiosk-queue").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("kiosk-rooms").count()).toBe(0);
    expect(await page.getByTestId("kiosk-queue").textContent()).toBe("P1 – 001");
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it("fits the room choice on every kiosk screen with 48 px targets", async () => {
    for (const r of [room("nhi", 2, "Phòng khám Nhi"), room("mat", 3, "Phòng khám Mắt")])
      expect((await app.call("POST", "/api/rooms", { token: reception, body: r })).status).toBe(200);
    const screens: ScreenName[] = ["phone", "tablet", "pc", "kiosk"];
    const ids = ["079303001234", "001175002222", "001090012345", "049195009999"];
    for (const [index, screen] of screens.entries()) {
      const { page, watch } = await openKiosk();
      await page.setViewportSize(SCREENS[screen]);
      await typeId(page, ids[index] ?? "");
      await page.getByTestId("kiosk-rooms").waitFor({ timeout: 15_000 });
      const report = await auditLayout(page, 48);
      expect({ screen, ...report }).toEqual({
        screen,
        horizontalOverflow: 0,
        overlaps: [],
        smallTargets: [],
        offScreen: [],
      });
      await saveScreenshotAs(page, `screens/kiosk-${screen}-rooms`);
      await page.getByRole("button", { name: "Quay lại" }).click();
      expect(watch.errors).toEqual([]);
      await page.close();
    }
  });
  it("pages a big hospital's 20 rooms to fit every kiosk screen, in large type, with nothing to scroll", async () => {
    const more = Array.from({ length: 17 }, (_, index) =>
      room(`k${index + 4}`, index + 4, `Khám chuyên khoa ${index + 4}`),
    );
    for (const r of more)
      expect((await app.call("POST", "/api/rooms", { token: reception, body: r })).status).toBe(200);
    const all = [`${FACILITY}-noi`, `${FACILITY}-nhi`, `${FACILITY}-mat`, ...more.map((r) => r.id)];
    const screens: ScreenName[] = ["phone", "tablet", "pc", "kiosk"];
    for (const [index, screen] of screens.entries()) {
      const { page, watch } = await openKiosk();
      await page.setViewportSize(SCREENS[screen]);
      await typeId(page, `00119900000${index + 1}`);
      const list = page.getByTestId("kiosk-rooms");
      await list.waitFor({ timeout: 15_000 });
      const seen: string[] = [];
      for (let turn = 0; turn < all.length; turn += 1) {
        const report = await auditLayout(page, 48);
        expect({ screen, turn, ...report }).toEqual({
          screen,
          turn,
          horizontalOverflow: 0,
          overlaps: [],
          smallTargets: [],
          offScreen: [],
        });
        // Every control of the choice is on the screen as it opens: nothing to scroll down to.
        const bottoms = await list
          .locator("button")
          .evaluateAll((buttons) => buttons.map((button) => button.getBoundingClientRect().bottom));
        const height = SCREENS[screen].height;
        for (const bottom of bottoms)
          expect(bottom, `${screen} page ${turn + 1}`).toBeLessThanOrEqual(height);
        const choices = list.locator("button[data-room]");
        expect(
          await choices.first().evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize)),
        ).toBeGreaterThanOrEqual(24);
        seen.push(
          ...(await choices.evaluateAll((buttons) => buttons.map((b) => b.getAttribute("data-room") ?? ""))),
        );
        if (turn === 0) await saveScreenshotAs(page, `screens/kiosk-${screen}-rooms-20`);
        const next = page.getByRole("button", { name: "Trang sau ▶" });
        if ((await next.count()) === 0 || (await next.isDisabled())) break;
        await next.click();
      }
      // Every room once, in number order, on as few pages as the screen allows.
      expect(seen, screen).toEqual(all);
      if (screen === "kiosk") {
        await page.getByRole("button", { name: /Phòng 17 · Khám chuyên khoa 17/ }).click();
        await page.getByTestId("kiosk-queue").waitFor({ timeout: 15_000 });
        expect(await page.getByTestId("kiosk-queue").textContent()).toBe("P17 – 001");
      } else await page.getByRole("button", { name: "Quay lại" }).click();
      expect(watch.errors).toEqual([]);
      await page.close();
    }
  });
});
