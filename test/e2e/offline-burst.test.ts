import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { vnDay } from "#domain/vn-time";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { nonZero, readCounter, readLog, tally } from "#test/support/counters";
import { renderFlatFrame } from "#test/support/frames/qr-frame";
import { renderCardClip, writeY4m } from "#test/support/frames/y4m";
import { startTestApp, type TestApp } from "#test/support/local-app";
import {
  checkInTyped,
  cutNetwork,
  readOutbox,
  readSeries,
  restoreNetwork,
  ticketOf,
} from "./support/offline.ts";
import { type PageWatch, watchPage } from "./support/page-watch.ts";
import { ensureWebBuilt } from "./support/web-build.ts";
import { typeWithGaps } from "./support/wedge.ts";

const FACILITY = "01001";
const people = generatePopulation(300, generateFacilities(120)).slice(120);
let nextPerson = 0;
const freshPerson = () => {
  const person = people[nextPerson++];
  if (person === undefined) throw new Error("out of people");
  return person;
};

const listSchema = z.object({
  items: z.array(
    z.object({
      checkinId: z.string(),
      method: z.string(),
      queueNumber: z.number(),
      queueSeries: z.string().nullable(),
      scannedAt: z.string().nullable(),
      patient: z.object({ idNumber: z.string().nullable() }),
    }),
  ),
  nextCursor: z.string().nullable(),
});

/** The page's service worker is installed and controls it: the page now opens without a network. */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });
}

/** Scans a card with the wedge scanner, again if the first read does not show (as a receptionist would). */
async function checkInWedge(
  context: BrowserContext,
  page: Page,
  qr: string,
  idNumber: string,
): Promise<string> {
  for (let tries = 0; tries < 3; tries++) {
    await typeWithGaps(context, page, qr, 10);
    const shown = await page
      .waitForFunction(
        (id) => document.querySelector("[data-testid=patient-id]")?.textContent === id,
        idNumber,
        {
          timeout: 6_000,
        },
      )
      .then(() => true)
      .catch(() => false);
    if (shown) return (await page.getByTestId("queue-number").textContent()) ?? "";
  }
  throw new Error(`wedge scan of ${idNumber} never showed`);
}

describe.runIf(requireBrowser("offline-burst.test.ts"))("reception page with no network at all", () => {
  let app: TestApp;
  let token: string;
  let browser: LaunchedBrowser;
  let page: Page;
  let watch: PageWatch;
  const work = mkdtempSync(join(tmpdir(), "tiepdon-offline-"));
  const webRoot = join(work, "web");
  const video = join(work, "camera.y4m");
  const blank = Array.from({ length: 4 }, () => renderFlatFrame(640, 480, 128));

  const listed = async () => {
    const res = await app.call("GET", "/api/checkins?date=today&limit=100", { token });
    return listSchema.parse(res.json).items;
  };

  beforeAll(async () => {
    // A copy of the pages, so that a test can publish a new version of the service worker.
    cpSync(await ensureWebBuilt(), webRoot, { recursive: true });
    app = await startTestApp({ webRoot, seed: "small" });
    token = await app.token("receptionist", { facility: FACILITY });
    await app.call("POST", "/api/lookups", {
      token,
      body: { method: "manual-id", payload: freshPerson().idNumber },
    });
    // Nothing in front of the camera at first.
    writeY4m(video, blank);
    browser = await launchBrowser({ fakeVideo: video });
    page = await browser.context.newPage();
    watch = watchPage(page);
    await page.goto(`${app.url}/?dev=receptionist:${FACILITY}`);
    await waitForServiceWorker(page);
    await page.waitForFunction(
      () =>
        new Promise<boolean>((resolve) => {
          const open = indexedDB.open("tiepdon-outbox");
          open.onupgradeneeded = () => open.transaction?.abort();
          open.onerror = () => resolve(false);
          open.onsuccess = () => {
            const db = open.result;
            const get = db.objectStoreNames.contains("devices")
              ? db.transaction("devices").objectStore("devices").count()
              : null;
            if (get === null) {
              db.close();
              resolve(false);
              return;
            }
            get.onsuccess = () => {
              db.close();
              resolve(get.result > 0);
            };
          };
        }),
      undefined,
      { timeout: 15_000, polling: 250 },
    );
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("takes 30 check-ins by camera, wedge scanner and typing offline, through reloads, and the API holds exactly those 30 once each", async () => {
    const series = await readSeries(page, FACILITY);
    const context = browser.context;
    await cutNetwork(context);
    const shown: Array<{ id: string; ticket: string; method: string }> = [];

    // Reloaded with no network: the page comes from the service worker, and the camera sees a card.
    const cameraPerson = freshPerson();
    writeY4m(video, renderCardClip(qrOf(cameraPerson), { frames: 12, seed: 5 }));
    await page.reload();
    await expect
      .poll(
        () =>
          page
            .getByTestId("patient-id")
            .textContent({ timeout: 1_000 })
            .catch(() => null),
        {
          timeout: 20_000,
        },
      )
      .toBe(cameraPerson.idNumber);
    shown.push({
      id: cameraPerson.idNumber,
      ticket: (await page.getByTestId("queue-number").textContent()) ?? "",
      method: "qr-cccd",
    });
    writeY4m(video, blank);

    const burst = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const person = freshPerson();
        if (i % 2 === 0) {
          shown.push({
            id: person.idNumber,
            ticket: await checkInWedge(context, page, qrOf(person), person.idNumber),
            method: "qr-cccd",
          });
        } else {
          shown.push({
            id: person.idNumber,
            ticket: await checkInTyped(page, person.idNumber),
            method: "manual-id",
          });
        }
      }
    };
    await burst(14);
    // Reloaded again in the middle of the outage: nothing waiting is lost, numbering goes on.
    await page.reload();
    await page.locator("#typed-value").waitFor();
    expect(await readOutbox(page)).toHaveLength(15);
    await burst(15);

    const printed = shown.map((entry) => entry.ticket);
    expect(printed).toEqual(
      Array.from({ length: 30 }, (_, i) => `${series}-${String(i + 1).padStart(2, "0")}`),
    );
    const outbox = await readOutbox(page);
    expect(outbox.map(ticketOf)).toEqual(printed);
    expect(outbox.every((item) => item.state === "waiting")).toBe(true);
    expect(await page.getByTestId("outbox-waiting").getAttribute("data-count")).toBe("30");
    expect(await page.locator("[data-testid=outbox-row][data-state=waiting]").count()).toBe(30);

    await restoreNetwork(context);
    await expect
      .poll(async () => (await readOutbox(page)).every((item) => item.state === "done"), { timeout: 60_000 })
      .toBe(true);
    const stored = (await listed()).filter((item) => item.queueSeries === series);
    expect(stored).toHaveLength(30);
    expect(stored.map((item) => item.patient.idNumber).sort()).toEqual(shown.map((entry) => entry.id).sort());
    for (const item of await readOutbox(page)) {
      const visit = stored.find((entry) => entry.checkinId === item.delivered?.checkinId);
      const entry = shown.find((candidate) => candidate.ticket === ticketOf(item));
      expect(visit?.scannedAt).toBe(item.scannedAt);
      expect(`${visit?.queueSeries}-${String(visit?.queueNumber).padStart(2, "0")}`).toBe(ticketOf(item));
      expect(visit?.patient.idNumber).toBe(entry?.id);
      expect(visit?.method).toBe(entry?.method);
    }
    // The day's list marks each of them as sent.
    await expect
      .poll(
        () => page.locator("[data-testid=server-row] [data-testid=sync-state][data-state=done]").count(),
        {
          timeout: 15_000,
        },
      )
      .toBe(30);
    const log = await readLog(app.doc, app.names, FACILITY, vnDay(new Date()));
    expect(nonZero(await readCounter(app.doc, app.names, FACILITY, vnDay(new Date())))).toEqual(tally(log));
    expect(watch.errors).toEqual([]);
  });

  it("installs a new version only once nothing waits to be sent, and never reloads a page with unsent check-ins", async () => {
    const context = browser.context;
    // The server refuses for now: the check-in stays unsent while the page is online.
    await context.route(`${app.url}/api/checkins`, (route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status: 503,
            headers: { "content-type": "application/json", "retry-after": "1" },
            body: JSON.stringify({
              error: { code: "UNAVAILABLE", message: "Tạm ngưng.", messageEn: "Unavailable." },
            }),
          })
        : route.fallback(),
    );
    await checkInTyped(page, freshPerson().idNumber);
    await page.evaluate(() => {
      Object.assign(window, { notReloaded: true });
    });
    // A new version is published and found.
    const sw = join(webRoot, "sw.js");
    writeFileSync(sw, `${readFileSync(sw, "utf8")}\n// next version\n`);
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    await page.getByTestId("update-waits").waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1_500);
    expect(await page.evaluate(() => "notReloaded" in window)).toBe(true);
    expect(await page.getByTestId("update-waits").textContent()).toContain("1 lượt");

    // Once the check-in is sent, the update is offered; taking it reloads the page once.
    await context.unrouteAll({ behavior: "ignoreErrors" });
    await page.getByTestId("send-now").click();
    await page.getByTestId("update-ready").waitFor({ timeout: 20_000 });
    expect((await readOutbox(page)).filter((item) => item.state !== "done")).toEqual([]);
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Cập nhật" }).click()]);
    await page.locator("#typed-value").waitFor();
    expect(await page.evaluate(() => "notReloaded" in window)).toBe(false);
  });

  it("kiosk: without the server it sends the patient to the reception desk, and comes back by itself", async () => {
    const kiosk = await browser.context.newPage();
    await kiosk.goto(`${app.url}/kiosk?dev=kiosk:${FACILITY}`);
    await kiosk.getByRole("button", { name: /nhập số căn cước/ }).waitFor();
    // The clinic's router is up but its internet is down: the browser still thinks it is online.
    await kiosk.route(`${app.url}/api/**`, (route) => route.abort("connectionrefused"));
    await kiosk.route(`${app.url}/kiosk`, (route) => route.abort("connectionrefused"));
    await kiosk.getByRole("button", { name: /nhập số căn cước/ }).click();
    for (const digit of freshPerson().idNumber)
      await kiosk.getByRole("button", { name: digit, exact: true }).click();
    await kiosk.getByRole("button", { name: "Lấy số" }).click();
    const offline = kiosk.getByTestId("kiosk-offline");
    await offline.waitFor({ timeout: 20_000 });
    expect(await offline.textContent()).toContain("Mất kết nối mạng: mời ông bà đến quầy tiếp đón");
    await kiosk.waitForTimeout(6_000);
    expect(await offline.isVisible()).toBe(true);
    // The internet is back: the start screen returns with nobody touching the kiosk.
    await kiosk.unrouteAll({ behavior: "ignoreErrors" });
    await kiosk.getByRole("heading", { level: 1, name: /Đưa mặt có mã QR/ }).waitFor({ timeout: 15_000 });
    expect(await offline.count()).toBe(0);
    await kiosk.close();
  });
});
