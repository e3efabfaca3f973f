import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vnDay } from "#domain/vn-time";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { readLog } from "#test/support/counters";
import { renderCardClip, writeY4m } from "#test/support/frames/y4m";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { watchPage } from "./support/page-watch.ts";
import { ensureWebBuilt } from "./support/web-build.ts";
import { typeWithGaps } from "./support/wedge.ts";

const an = fixtures.people.find((person) => person.idNumber === "001090012345");
const binh = fixtures.people.find((person) => person.idNumber === "001185001122");
if (an === undefined || binh === undefined) throw new Error("fixture people missing");

type ReaderRow = { facility: string; reader: Record<string, number>; cause: string | null };

describe.runIf(requireBrowser("reader-health.test.ts"))("reader counts from the pages", () => {
  let app: TestApp;
  let worn: LaunchedBrowser;
  let noCamera: LaunchedBrowser;
  const work = mkdtempSync(join(tmpdir(), "tiepdon-reader-"));

  /** The visits stored today at a facility, with the reader counts they carry. */
  const storedReaders = async (facility: string) =>
    (await readLog(app.doc, app.names, facility, vnDay(new Date()))).map((item) => ({
      method: item.method,
      reader: item.reader,
    }));

  const reportRow = async (facility: string): Promise<ReaderRow | undefined> => {
    const token = await app.token("health-dept");
    const today = vnDay(new Date());
    const res = await app.call("GET", `/api/reports/scan-rate?from=${today}&to=${today}`, { token });
    return (res.json as { rows: ReaderRow[] }).rows.find((row) => row.facility === facility);
  };

  beforeAll(async () => {
    const webRoot = await ensureWebBuilt();
    app = await startTestApp({ webRoot, seed: "small" });
    // A lookup first, so no check-in below pays the gateway's cold start.
    const token = await app.token("receptionist", { facility: "01001" });
    await app.call("POST", "/api/lookups", { token, body: { method: "manual-id", payload: binh.idNumber } });
    // The webcam shows An's card with a worn code: the symbol is there, a fifth of its modules are wrong.
    const video = join(work, "worn-card.y4m");
    writeY4m(video, renderCardClip(an.qr, { frames: 12, seed: 7, damage: 0.2 }));
    worn = await launchBrowser({ fakeVideo: video });
    noCamera = await launchBrowser({ noCamera: true });
  });

  afterAll(async () => {
    await worn?.close();
    await noCamera?.close();
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("counts a code the camera cannot read as one failed scan, and the typed ID after it", async () => {
    const page = await worn.context.newPage();
    const watch = watchPage(page);
    await page.goto(`${app.url}/?dev=receptionist:01001`);
    // The clerk sees why nothing happens, four seconds after the card came into view.
    await expect
      .poll(() => page.getByTestId("scan-notice").textContent(), { timeout: 20_000 })
      .toContain("Camera thấy mã QR nhưng không đọc được");
    // The card stays in view a while longer: still one attempt.
    await page.waitForTimeout(3_000);
    await page.locator("#typed-value").fill(an.idNumber);
    await page.getByRole("button", { name: "Tiếp đón", exact: true }).click();
    await expect
      .poll(() => page.getByTestId("patient-id").textContent(), { timeout: 10_000 })
      .toBe(an.idNumber);
    expect(await storedReaders("01001")).toEqual([
      { method: "manual-id", reader: { camera: true, scanner: false, failedScans: 1 } },
    ]);
    expect((await reportRow("01001"))?.reader).toMatchObject({
      cameraDays: 1,
      scannerDays: 0,
      failedScans: 1,
      typedAfterFailedScan: 1,
      typedWithReader: 1,
      reportedCheckins: 1,
    });
    // The next check-in starts from nothing: its failures were counted with the first.
    await page.locator("#typed-value").fill(binh.idNumber);
    await page.getByRole("button", { name: "Tiếp đón", exact: true }).click();
    await expect
      .poll(() => page.getByTestId("patient-id").textContent(), { timeout: 10_000 })
      .toBe(binh.idNumber);
    expect((await storedReaders("01001")).map((visit) => visit.reader)).toEqual([
      { camera: true, scanner: false, failedScans: 1 },
      { camera: true, scanner: false, failedScans: 0 },
    ]);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it("counts a garbled wedge scan as failed, and the scanner as seen", async () => {
    const page = await noCamera.context.newPage();
    await page.goto(`${app.url}/?dev=receptionist:01832`);
    await page.locator(".camera-problem").waitFor({ timeout: 10_000 });
    // A scanner set to the wrong keyboard layout: every | arrives as a backslash.
    await typeWithGaps(noCamera.context, page, an.qr.replaceAll("|", "\\"), 10);
    await expect.poll(() => page.getByTestId("scan-notice").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.locator("#typed-value").fill(an.idNumber);
    await page.getByRole("button", { name: "Tiếp đón", exact: true }).click();
    await expect
      .poll(() => page.getByTestId("patient-id").textContent(), { timeout: 10_000 })
      .toBe(an.idNumber);
    expect(await storedReaders("01832")).toEqual([
      { method: "manual-id", reader: { camera: false, scanner: true, failedScans: 1 } },
    ]);
    expect((await reportRow("01832"))?.reader).toMatchObject({
      cameraDays: 0,
      scannerDays: 1,
      failedScans: 1,
      typedAfterFailedScan: 1,
      typedWithReader: 1,
    });
    // The scanner is remembered for the day: a reload still reports it.
    await page.reload();
    await page.locator("#typed-value").fill(binh.idNumber);
    await page.getByRole("button", { name: "Tiếp đón", exact: true }).click();
    await expect
      .poll(() => page.getByTestId("patient-id").textContent(), { timeout: 10_000 })
      .toBe(binh.idNumber);
    expect((await storedReaders("01832")).map((visit) => visit.reader)).toEqual([
      { camera: false, scanner: true, failedScans: 1 },
      { camera: false, scanner: true, failedScans: 0 },
    ]);
    await page.close();
  });

  it("counts the kiosk's unreadable card and the keypad after it", async () => {
    const page = await worn.context.newPage();
    await page.goto(`${app.url}/kiosk?dev=kiosk:38001`);
    await expect
      .poll(() => page.getByTestId("kiosk-hint").textContent(), { timeout: 20_000 })
      .toContain("Máy chưa đọc được mã trên thẻ");
    await page.getByRole("button", { name: /nhập số căn cước/ }).click();
    for (const digit of an.idNumber) await page.getByRole("button", { name: digit, exact: true }).click();
    await page.getByRole("button", { name: "Lấy số" }).click();
    await page.getByTestId("kiosk-queue").waitFor({ timeout: 10_000 });
    expect(await storedReaders("38001")).toEqual([
      { method: "manual-id", reader: { camera: true, scanner: false, failedScans: 1 } },
    ]);
    expect((await reportRow("38001"))?.reader).toMatchObject({ failedScans: 1, typedAfterFailedScan: 1 });
    await page.close();
  });
});
