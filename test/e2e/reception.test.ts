import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { encodePng } from "#test/support/frames/png";
import { encodeQr, qrCornersInFrame, renderCardFrame, sceneFor } from "#test/support/frames/qr-frame";
import { renderCardClip, writeY4m } from "#test/support/frames/y4m";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { type PageWatch, watchPage } from "./support/page-watch.ts";
import { saveScreenshot } from "./support/screenshots.ts";
import { ensureWebBuilt } from "./support/web-build.ts";
import { typeWithGaps } from "./support/wedge.ts";

const FACILITY = "01001";
const XSS = "<img src=x onerror=alert(1)>";
/** Gaps between keys: a wedge scanner (10 ms) and a quick typist (110 ms). */
const SCANNER_GAP_MS = 10;
const PERSON_GAP_MS = 110;

function fixtureQr(idNumber: string): string {
  const person = fixtures.people.find((entry) => entry.idNumber === idNumber);
  if (person === undefined) throw new Error(`no fixture person ${idNumber}`);
  return person.qr;
}

/** What a keyboard-wedge scanner makes of Vietnamese letters: the ASCII survives, the rest is lost. */
function garble(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?");
}

const listSchema = z.object({
  items: z.array(z.object({ method: z.string(), patient: z.object({ idNumber: z.string().nullable() }) })),
});

describe.runIf(requireBrowser("reception.test.ts"))("reception page in Chromium", () => {
  let app: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  let watch: PageWatch;
  let token: string;
  const work = mkdtempSync(join(tmpdir(), "tiepdon-reception-"));

  async function listedMethod(idNumber: string): Promise<string | undefined> {
    const answer = await app.call("GET", "/api/checkins?date=today", { token });
    return listSchema.parse(answer.json).items.find((item) => item.patient.idNumber === idNumber)?.method;
  }

  beforeAll(async () => {
    const webRoot = await ensureWebBuilt();
    app = await startTestApp({ webRoot, seed: "small" });
    token = await app.token("receptionist", { facility: FACILITY });
    // One lookup first (it counts nothing), so the first check-in does not pay the gateway's cold start.
    await app.call("POST", "/api/lookups", { token, body: { method: "manual-id", payload: "038050004567" } });
    // The webcam shows Nguyễn Văn An's card, small and tilted, with a little hand shake.
    const video = join(work, "card.y4m");
    writeY4m(video, renderCardClip(fixtureQr("001090012345"), { frames: 12, seed: 7 }));
    browser = await launchBrowser({ fakeVideo: video });
    page = await browser.context.newPage();
    watch = watchPage(page);
    await page.goto(`${app.url}/?dev=receptionist:${FACILITY}`);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("checks in the patient whose ID card is held to the camera", async () => {
    await expect
      .poll(() => page.getByTestId("patient-name").textContent(), { timeout: 20_000 })
      .toBe("Nguyễn Văn An");
    expect(await page.getByTestId("queue-number").textContent()).toMatch(/^\d+$/);
    expect(await page.locator(".result-card .status").getAttribute("data-status")).toBe("covered");
    // The gateway's managing office and the card's previous check, as the gateway gave them.
    expect(await page.getByTestId("managing-office").textContent()).toBe("BHXH Hà Nội");
    expect(await page.getByTestId("last-check").textContent()).toMatch(
      /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}, bởi \S+, mã \d{3}$/,
    );
    // The sign-in shortcut leaves the address bar clean.
    expect(new URL(page.url()).search).toBe("");
    expect(await listedMethod("001090012345")).toBe("qr-cccd");
  });

  it("takes fast keystrokes ending in Enter as a wedge scan, even inside the typing field", async () => {
    const field = page.locator("#typed-value");
    await field.click();
    await typeWithGaps(browser.context, page, garble(fixtureQr("001185001122")), SCANNER_GAP_MS);
    // The registry supplies the name the scanner garbled.
    await expect
      .poll(() => page.getByTestId("patient-name").textContent(), { timeout: 10_000 })
      .toBe("Trần Thị Bích Ngọc");
    expect(await field.inputValue()).toBe("");
    expect(await page.getByTestId("clerk-action").textContent()).toContain("Tiếp đón");
    expect(await listedMethod("001185001122")).toBe("qr-cccd");
    await expect
      .poll(() => page.getByTestId("today-table").locator("tbody tr").count(), { timeout: 10_000 })
      .toBe(2);
    // The first card is still in front of the camera: it must not come back as a new scan.
    await page.waitForTimeout(1_500);
    expect(await page.getByTestId("patient-name").textContent()).toBe("Trần Thị Bích Ngọc");
    await field.blur();
    await saveScreenshot(page, "reception");
  });

  it("does not take human typing for a scan; a typed ID checks in, and a gateway error stays pending", async () => {
    const pendingBefore = await page.locator("[data-testid=today-table] .row-pending").count();
    const field = page.locator("#typed-value");
    await field.click();
    // 001099000001: the mock gateway answers 101 (server error) for this person.
    await typeWithGaps(browser.context, page, "001099000001", PERSON_GAP_MS);
    await expect
      .poll(() => page.getByTestId("patient-id").textContent(), { timeout: 10_000 })
      .toBe("001099000001");
    expect(await page.locator(".result-card .status").getAttribute("data-status")).toBe("pending");
    expect(await listedMethod("001099000001")).toBe("manual-id");
    await expect
      .poll(() => page.locator("[data-testid=today-table] .row-pending").count(), { timeout: 10_000 })
      .toBe(pendingBefore + 1);
    await page.getByRole("button", { name: "Kiểm tra lại ngay" }).click();
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: 10_000 }).toContain("vẫn chờ");
  });

  it("explains an ID refused by the shared parser before anything is sent", async () => {
    const field = page.locator("#typed-value");
    await field.fill("999090012345");
    expect(await page.locator("#typed-feedback").textContent()).toContain("mã tỉnh");
    expect(await page.getByRole("button", { name: "Tiếp đón", exact: true }).isDisabled()).toBe(true);
    await field.fill("");
  });

  it("keeps a QR code carrying markup inert, from the wedge scanner and from a photo", async () => {
    await typeWithGaps(browser.context, page, XSS, SCANNER_GAP_MS);
    await expect.poll(() => page.getByTestId("scanned-text").textContent(), { timeout: 10_000 }).toBe(XSS);
    expect(await page.getByTestId("scan-notice").textContent()).toContain(
      "không phải mã QR của thẻ căn cước",
    );

    const photo = join(work, "markup-card.png");
    const [frame] = renderCardClip(`${XSS}|x`, { frames: 1, seed: 3 });
    if (frame === undefined) throw new Error("no frame rendered");
    writeFileSync(photo, encodePng(frame));
    await page.locator("input[type=file]").setInputFiles(photo);
    await expect
      .poll(() => page.getByTestId("scanned-text").textContent(), { timeout: 10_000 })
      .toBe(`${XSS}|x`);

    await page.waitForTimeout(300);
    expect(watch.dialogs).toEqual([]);
    expect(await page.locator("img").count()).toBe(0);
    expect(watch.errors).toEqual([]);
  });

  it("reads a phone photo of the card upside down, and says which edge cut a code off", async () => {
    const text = fixtureQr("038050004567");
    const scene = sceneFor("tilted", text, 1600, 1200, 5, {
      moduleSize: 7,
      rotationDeg: 180,
      tiltXDeg: 6,
      tiltYDeg: 4,
    });
    const upsideDown = join(work, "upside-down.png");
    writeFileSync(upsideDown, encodePng(renderCardFrame(scene)));
    await page.locator("input[type=file]").setInputFiles(upsideDown);
    await expect
      .poll(() => page.getByTestId("patient-name").textContent(), { timeout: 15_000 })
      .toBe("Lê Văn Bình");

    // The same card with the photo's right edge through the middle of the code.
    const square = sceneFor("tilted", text, 1600, 1200, 5, {
      moduleSize: 7,
      rotationDeg: 0,
      tiltXDeg: 0,
      tiltYDeg: 0,
    });
    const corners = qrCornersInFrame(square, encodeQr(text, square.ecLevel).size);
    const xs = corners.map((corner) => corner[0]);
    const cutAt = Math.round((Math.min(...xs) + Math.max(...xs)) / 2);
    const whole = renderCardFrame(square);
    const data = new Uint8ClampedArray(cutAt * 1200 * 4);
    for (let y = 0; y < 1200; y++)
      data.set(whole.data.subarray(y * 1600 * 4, (y * 1600 + cutAt) * 4), y * cutAt * 4);
    const cut = join(work, "cut-off.png");
    writeFileSync(cut, encodePng({ data, width: cutAt, height: 1200 }));
    await page.locator("input[type=file]").setInputFiles(cut);
    await expect
      .poll(() => page.getByTestId("scan-notice").textContent(), { timeout: 15_000 })
      .toContain("Mã QR bị cắt ở cạnh phải của ảnh");
  });

  it("says so plainly when the counter has no camera, and typing still works", async () => {
    const bare = await launchBrowser({ noCamera: true });
    try {
      const other = await bare.context.newPage();
      await other.goto(`${app.url}/?dev=receptionist:${FACILITY}`);
      const problem = other.locator(".camera-problem");
      await problem.waitFor({ timeout: 10_000 });
      expect(await problem.getAttribute("data-problem")).toBe("not-found");
      expect(await problem.textContent()).toContain("Không tìm thấy camera");
      expect(await other.locator("#typed-value").isEnabled()).toBe(true);
    } finally {
      await bare.close();
    }
  });

  it("switches to English and remembers it", async () => {
    await page.getByRole("button", { name: "English" }).click();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Patient reception");
    await page.reload();
    await page.getByRole("heading", { level: 1 }).waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Patient reception");
    await page.getByRole("button", { name: "Tiếng Việt" }).click();
  });
});
