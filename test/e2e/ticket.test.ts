import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { watchPage } from "./support/page-watch.ts";
import { readPdf } from "./support/pdf-text.ts";
import { saveScreenshotAs } from "./support/screenshots.ts";
import { ensureWebBuilt } from "./support/web-build.ts";

const FACILITY = "01001";
const FACILITY_NAME = "Bệnh viện Đa khoa Thành phố (mẫu)";
const AN = fixtures.people.find((person) => person.idNumber === "001090012345");

/** Counts window.print() calls instead of opening a dialog: what the browser's printing was asked. */
async function countPrints(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const counted = window as unknown as { printed: number };
    counted.printed = 0;
    window.print = () => {
      counted.printed += 1;
    };
  });
}

const printed = (page: Page) => page.evaluate(() => (window as unknown as { printed: number }).printed);

/** The page as its printer gets it, on a roll of the given width (Chromium's own PDF printing). */
async function printToPdf(page: Page, widthMm: number) {
  const bytes = await page.pdf({ width: `${widthMm}mm`, height: "150mm", printBackground: true });
  return readPdf(new Uint8Array(bytes));
}

describe.runIf(requireBrowser("ticket.test.ts"))("the printed queue ticket", () => {
  let app: TestApp;
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    if (AN === undefined) throw new Error("fixture person missing");
    app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small" });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("reception prints on 'In phiếu': one 80 mm page with facility, number, time and coverage, and no ID number, name or address", async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page);
    await countPrints(page);
    await page.goto(`${app.url}/?dev=receptionist:${FACILITY}`);
    await page.locator("#typed-value").fill("001090012345");
    await page.getByRole("button", { name: "Tiếp đón", exact: true }).click();
    const number = (await page.getByTestId("queue-number").textContent({ timeout: 15_000 })) ?? "";
    expect(number).toMatch(/^\d+$/);
    expect(await printed(page)).toBe(0);

    await page.getByRole("button", { name: "In phiếu" }).click();
    expect(await printed(page)).toBe(1);

    for (const width of [80, 58]) {
      const pdf = await printToPdf(page, width);
      expect(pdf.pages).toHaveLength(1);
      const [ticket] = pdf.pages;
      expect(ticket?.widthMm).toBeCloseTo(width, 0);
      const text = ticket?.text ?? "";
      expect(text).toContain(FACILITY_NAME);
      // The number is a run of its own, as large as the paper allows.
      expect(ticket?.runs).toContain(number);
      expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      expect(text).toContain("Được hưởng bảo hiểm y tế");
      expect(text).toContain("Mức hưởng 80 %");
      expect(text).toContain("Cách tiếp đón: Nhập số");
      expect(text).not.toContain("001090012345");
      expect(text).not.toContain("Nguyễn Văn An");
      expect(text).not.toContain("Phố Huế");
      expect(text).not.toContain("DN4010123456789");
      // The screen's own words are not on the paper: only the ticket prints.
      expect(text).not.toContain("Hôm nay");
    }
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 302, height: 480 });
    await saveScreenshotAs(page, "screens/ticket-80mm");
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it("reception's auto-print switch is remembered and prints each new check-in, not a repeat scan", async () => {
    const page = await browser.context.newPage();
    await countPrints(page);
    await page.goto(`${app.url}/?dev=receptionist:${FACILITY}`);
    await page.getByTestId("auto-print").check();
    await page.reload();
    expect(await page.getByTestId("auto-print").isChecked()).toBe(true);

    await page.locator("#typed-value").fill("038050004567");
    await page.getByRole("button", { name: "Tiếp đón", exact: true }).click();
    await page.getByTestId("queue-number").waitFor({ timeout: 15_000 });
    await expect.poll(() => printed(page)).toBe(1);
    // The same patient again within 10 minutes is the same visit: the ticket is already in their hand.
    await page.locator("#typed-value").fill("038050004567");
    await page.getByRole("button", { name: "Tiếp đón", exact: true }).click();
    await expect.poll(() => page.getByTestId("result-card").textContent()).toContain("lặp lại");
    expect(await printed(page)).toBe(1);
    await page.getByTestId("auto-print").uncheck();
    await page.close();
  });

  it("the kiosk always prints, and its ticket holds the number it showed", async () => {
    const page = await browser.context.newPage();
    await countPrints(page);
    await page.goto(`${app.url}/kiosk?dev=kiosk:${FACILITY}`);
    await page.getByRole("button", { name: /nhập số căn cước/ }).click();
    for (const digit of "001185001122") await page.getByRole("button", { name: digit, exact: true }).click();
    await page.getByRole("button", { name: "Lấy số" }).click();
    const number = (await page.getByTestId("kiosk-queue").textContent({ timeout: 15_000 })) ?? "";
    await expect.poll(() => printed(page)).toBe(1);
    const pdf = await printToPdf(page, 80);
    expect(pdf.pages).toHaveLength(1);
    const text = pdf.pages[0]?.text ?? "";
    expect(text).toContain(FACILITY_NAME);
    expect(pdf.pages[0]?.runs).toContain(number);
    expect(text).not.toContain("001185001122");
    expect(text).not.toContain("Trần Thị Bích Ngọc");
    await page.close();
  });
});
