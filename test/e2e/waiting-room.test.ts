import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Room } from "#domain/room-contract";
import { vnDay } from "#domain/vn-time";
import { makeRoomQueueStore } from "#functions/stores/room-queue-store";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { auditLayout, SCREENS } from "./support/layout.ts";
import { type PageWatch, watchPage } from "./support/page-watch.ts";
import { SPEECH_RECORDER, spoken } from "./support/speech.ts";
import { ensureWebBuilt } from "./support/web-build.ts";

const FACILITY = "01001";
const NAMES = ["Trần Thị Mai", "Lê Văn Hùng", "Phạm Thị Lan", "Ngô Văn Bảy", "Đỗ Thị Hoa"];
const rooms: Room[] = [
  {
    id: `${FACILITY}-noi`,
    name: "Phòng khám Nội",
    number: 1,
    serviceCode: "02.1896",
    serviceName: "Khám Nội",
    open: true,
    closedReason: null,
  },
  {
    id: `${FACILITY}-nhi`,
    name: "Phòng khám Nhi",
    number: 2,
    serviceCode: "02.1897",
    serviceName: "Khám Nhi",
    open: true,
    closedReason: null,
  },
];

describe.runIf(requireBrowser("waiting-room.test.ts"))("waiting room in Chromium", () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let display: Page;
  let room: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small" });
    const token = await app.token("receptionist", { facility: FACILITY });
    for (const r of rooms) await app.call("POST", "/api/rooms", { token, body: r });
    const queues = makeRoomQueueStore(app.doc, { table: app.names.checkins, retentionDays: 1 });
    const start = Date.now() - 40 * 60_000;
    const [noi, nhi] = rooms;
    if (noi === undefined || nhi === undefined) throw new Error("no rooms");
    for (const [index, name] of NAMES.entries()) {
      await queues.addTicket(
        FACILITY,
        noi,
        vnDay(new Date()),
        {
          checkinId: `visit-${index}`,
          name,
          // The fourth patient is 78: called before the three who came earlier.
          marks: index === 3 ? ["aged-75"] : [],
          arrivedAt: new Date(start + index * 60_000).toISOString(),
        },
        new Date(),
      );
    }
    browser = await launchBrowser({ noCamera: true });
    await browser.context.addInitScript(SPEECH_RECORDER);
    display = await browser.context.newPage();
    await display.setViewportSize({ width: 1920, height: 1080 });
    watch = watchPage(display);
    await display.goto(`${app.url}/display?facility=${FACILITY}&dev=kiosk:${FACILITY}`);
    await display.getByRole("button", { name: /Bật âm thanh/ }).click();
    await display.getByText("Đang kết nối").waitFor({ timeout: 20_000 });
    room = await browser.context.newPage();
    await room.goto(`${app.url}/room?dev=room:${FACILITY}`);
    await room.getByText("Đang chờ (5)").waitFor({ timeout: 20_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await app?.stop();
  });

  /** Clicks a room-page button and answers how long the display took to show the new call first. */
  async function clickAndSee(button: RegExp, label: string): Promise<number> {
    const previous = await display
      .locator(".display-recent li")
      .first()
      .getAttribute("data-call")
      .catch(() => null);
    const clicked = Date.now();
    await room.getByRole("button", { name: button }).click();
    await display.waitForFunction(
      ([before, wanted]) => {
        const first = document.querySelector(".display-recent li");
        const shown = document.querySelector('[data-room="01001-noi"] .display-number')?.textContent ?? "";
        return (
          first !== null &&
          first.getAttribute("data-call") !== before &&
          (first.textContent ?? "").includes(wanted ?? "") &&
          shown.includes(wanted ?? "")
        );
      },
      [previous, label],
      { timeout: 5_000, polling: 50 },
    );
    return Date.now() - clicked;
  }

  it("shows every call within 2 s, priority first, and says it in Vietnamese", async () => {
    const latencies = [await clickAndSee(/Gọi số tiếp theo/, "P1 – 004")];
    await room.locator(".room-current-label").filter({ hasText: "P1 – 004" }).waitFor();
    expect(await room.locator(".room-current-ticket .room-mark").textContent()).toBe("Ưu tiên");
    await room.getByRole("button", { name: "Xong" }).click();
    latencies.push(await clickAndSee(/Gọi số tiếp theo/, "P1 – 001"));
    await expect
      .poll(() => spoken(display))
      .toEqual(["Mời số 4 vào phòng khám số 1", "Mời số 1 vào phòng khám số 1"]);
    await room.getByRole("button", { name: "Gọi lại" }).click();
    await expect.poll(() => spoken(display)).toContain("Mời lại số 1 vào phòng khám số 1");
    for (const latency of latencies) expect(latency).toBeLessThan(2_000);
    const text = (await display.locator("body").textContent()) ?? "";
    for (const name of NAMES) expect(text).not.toContain(name);
    expect(watch.errors).toEqual([]);
  });

  it("puts a no-show on the missed list and brings them back", async () => {
    await room.getByRole("button", { name: "Vắng mặt" }).click();
    await room.getByText("Vắng mặt (1)").waitFor();
    await room.getByRole("button", { name: "Đưa lại vào hàng" }).click();
    await room.getByText("Vắng mặt (0)").waitFor();
    await room.getByText("Đang chờ (4)").waitFor();
    // Back in arrival order: the first patient is again the next one called.
    expect(await room.locator(".room-waiting .room-ticket-label").first().textContent()).toBe("P1 – 001");
  });

  it("reloads and catches up without announcing old calls, then announces the next one", async () => {
    await display.reload();
    await display.getByRole("button", { name: /Bật âm thanh/ }).click();
    await display.getByText("Đang kết nối").waitFor({ timeout: 20_000 });
    await display
      .locator(`[data-room="${FACILITY}-noi"] .display-number`)
      .filter({ hasText: "P1 – 001" })
      .waitFor();
    expect(await display.locator(".display-recent li").count()).toBe(3);
    expect(await spoken(display)).toEqual([]);
    expect(await clickAndSee(/Gọi số tiếp theo/, "P1 – 001")).toBeLessThan(2_000);
    await expect.poll(() => spoken(display)).toEqual(["Mời số 1 vào phòng khám số 1"]);
  });

  it("keeps the display's layout on a 1920×1080 TV and a 1080×1920 portrait screen", async () => {
    for (const size of [
      { width: 1920, height: 1080 },
      { width: 1080, height: 1920 },
    ]) {
      await display.setViewportSize(size);
      const report = await auditLayout(display);
      expect(report.horizontalOverflow, `${size.width}×${size.height}`).toBe(0);
      expect(report.overlaps).toEqual([]);
      const number = await display.locator(`[data-room="${FACILITY}-noi"] .display-number`).boundingBox();
      // Readable across a room: the number is at least 6 % of the screen's shorter side.
      expect(number?.height ?? 0).toBeGreaterThan(Math.min(size.width, size.height) * 0.06);
    }
    for (const [name, size] of Object.entries(SCREENS)) {
      await room.setViewportSize(size);
      const report = await auditLayout(room);
      expect(report.horizontalOverflow, name).toBe(0);
      expect(report.offScreen, name).toEqual([]);
      expect(report.smallTargets, name).toEqual([]);
    }
  });
});
