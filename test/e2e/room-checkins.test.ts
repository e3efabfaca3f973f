import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatCccdQr } from "#domain/cccd-qr";
import type { Room } from "#domain/room-contract";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { auditLayout, SCREENS } from "./support/layout.ts";
import { type PageWatch, watchPage } from "./support/page-watch.ts";
import { SPEECH_RECORDER } from "./support/speech.ts";
import { ensureWebBuilt } from "./support/web-build.ts";
import { typeWithGaps } from "./support/wedge.ts";

const FACILITY = "01001";
const SCANNER_GAP_MS = 10;
const room = (id: string, number: number, name: string): Room => ({
  id: `${FACILITY}-${id}`,
  name,
  number,
  serviceCode: `02.189${number}`,
  serviceName: name,
  open: true,
  closedReason: null,
});
const NOI = room("noi", 1, "Phòng khám Nội");
const NHI = room("nhi", 2, "Phòng khám Nhi");

const AN = fixtures.people.find((person) => person.idNumber === "001090012345");
/** A man of 80 on his card: marked priority from the birth date, without a tap. */
const ELDER = {
  idNumber: "001046008080",
  name: "Tran Van Tho",
  birthDate: "1946-03-02",
  qr: formatCccdQr({
    idNumber: "001046008080",
    oldIdNumber: null,
    name: "Tran Van Tho",
    birthDate: "1946-03-02",
    sex: "male",
    address: "So 1 Hang Bai, Ha Noi",
    issueDate: "2021-06-01",
  }),
};

/** What a keyboard-wedge scanner makes of Vietnamese letters: the ASCII survives, the rest is lost. */
const garble = (text: string) => text.replace(/[^\x20-\x7e]/g, "?");

describe.runIf(requireBrowser("room-checkins.test.ts"))("check-ins to an exam room in Chromium", () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let reception: Page;
  let roomPage: Page;
  let display: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    if (AN === undefined) throw new Error("no fixture person");
    app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small" });
    const token = await app.token("receptionist", { facility: FACILITY });
    for (const r of [NOI, NHI]) await app.call("POST", "/api/rooms", { token, body: r });
    // Someone already waits for the Nội room: the picker's own default would be the Nhi room.
    await app.call("POST", "/api/checkins", {
      token,
      body: { method: "manual-id", payload: "001185001122", room: NOI.id },
    });
    browser = await launchBrowser({ noCamera: true });
    await browser.context.addInitScript(SPEECH_RECORDER);
    display = await browser.context.newPage();
    await display.setViewportSize({ width: 1920, height: 1080 });
    await display.goto(`${app.url}/display?facility=${FACILITY}&dev=kiosk:${FACILITY}`);
    await display.getByRole("button", { name: /Bật âm thanh/ }).click();
    reception = await browser.context.newPage();
    watch = watchPage(reception);
    await reception.goto(`${app.url}/?dev=receptionist:${FACILITY}`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await app?.stop();
  });

  it("checks two patients in to the picked room, the 80-year-old marked priority from the card", async () => {
    const picker = reception.getByTestId("room-picker");
    await picker.waitFor({ timeout: 20_000 });
    // The default is the open room with the fewest waiting.
    expect(await picker.inputValue()).toBe(NHI.id);
    await picker.selectOption(NOI.id);
    const field = reception.locator("#typed-value");
    await field.click();
    await typeWithGaps(browser.context, reception, garble(AN?.qr ?? ""), SCANNER_GAP_MS);
    await expect
      .poll(() => reception.getByTestId("room-ticket-label").textContent(), { timeout: 15_000 })
      .toBe("P1 – 002");
    expect(await reception.getByTestId("priority-tag").count()).toBe(0);
    await typeWithGaps(browser.context, reception, ELDER.qr, SCANNER_GAP_MS);
    await expect
      .poll(() => reception.getByTestId("room-ticket-label").textContent(), { timeout: 15_000 })
      .toBe("P1 – 003");
    expect(await reception.getByTestId("priority-tag").textContent()).toBe("Ưu tiên");
    expect(
      await reception.getByRole("button", { name: "Bỏ ưu tiên: Từ 75 tuổi" }).getAttribute("aria-pressed"),
    ).toBe("true");
    // The picked room stays picked for the next patient.
    expect(await picker.inputValue()).toBe(NOI.id);
    expect(watch.errors).toEqual([]);
  });

  it("keeps the room picker and the priority marks within the layout rules at every screen size", async () => {
    await reception.locator("#typed-value").blur();
    for (const [name, size] of Object.entries(SCREENS)) {
      await reception.setViewportSize(size);
      const report = await auditLayout(reception);
      expect(report.horizontalOverflow, name).toBe(0);
      expect(report.smallTargets, name).toEqual([]);
    }
    await reception.setViewportSize({ width: 1366, height: 768 });
  });

  it("calls the 80-year-old first on the room page, and the display shows the number without a name", async () => {
    roomPage = await browser.context.newPage();
    await roomPage.goto(`${app.url}/room?dev=room:${FACILITY}`);
    await roomPage.getByText("Đang chờ (3)").waitFor({ timeout: 20_000 });
    await roomPage.getByRole("button", { name: /Gọi số tiếp theo/ }).click();
    await roomPage.locator(".room-current-label").filter({ hasText: "P1 – 003" }).waitFor();
    expect(await roomPage.locator(".room-current-ticket .room-mark").textContent()).toBe("Ưu tiên");
    await display
      .locator(`[data-room="${NOI.id}"] .display-number`)
      .filter({ hasText: "P1 – 003" })
      .waitFor({ timeout: 5_000 });
    await expect
      .poll(() => display.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken))
      .toEqual(["Mời số 3 vào phòng khám số 1"]);
    const text = (await display.locator("body").textContent()) ?? "";
    for (const personal of [
      ELDER.name,
      ELDER.idNumber,
      "02/03/1946",
      "1946",
      AN?.name ?? "",
      AN?.idNumber ?? "",
    ]) {
      expect(text).not.toContain(personal);
    }
  });
  it("learns of a new check-in through the channel, without reading its queue on a timer", async () => {
    await roomPage.getByText("Đang chờ (2)").waitFor({ timeout: 10_000 });
    const reads: number[] = [];
    roomPage.on("request", (request) => {
      if (new URL(request.url()).pathname === `/api/rooms/${NOI.id}/queue`) reads.push(Date.now());
    });
    // Idle with its channel up: no queue reads (it read every 5 s before).
    await roomPage.waitForTimeout(12_000);
    expect(reads).toEqual([]);
    const checkedIn = Date.now();
    const answer = await app.call("POST", "/api/checkins", {
      token: await app.token("receptionist", { facility: FACILITY }),
      body: { method: "manual-id", payload: "001199123456", room: NOI.id },
    });
    expect(answer.status).toBe(201);
    await roomPage.getByText("Đang chờ (3)").waitFor({ timeout: 2_000 });
    expect(Date.now() - checkedIn).toBeLessThan(2_000);
    expect(reads).toHaveLength(1);
  });
});
