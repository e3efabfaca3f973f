import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { addDays, vnDay } from "#domain/vn-time";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { nonZero, readCounter, readLog, tally } from "#test/support/counters";
import { startTestApp, type TestApp } from "#test/support/local-app";
import {
  checkInTyped,
  cutNetwork,
  readOutbox,
  readSeries,
  restoreNetwork,
  type StoredItem,
  ticketOf,
} from "./support/offline.ts";
import { type PageWatch, watchPage } from "./support/page-watch.ts";
import { ensureWebBuilt } from "./support/web-build.ts";
import { scanInPage } from "./support/wedge.ts";

const FACILITY = "01001";

// People of the small seed's registry, each checked in once in this file.
const people = generatePopulation(300, generateFacilities(120)).slice(40);
let nextPerson = 0;
const freshPerson = () => {
  const person = people[nextPerson++];
  if (person === undefined) throw new Error("out of people");
  return person;
};
const freshId = (): string => freshPerson().idNumber;
const DAY_MS = 86_400_000;
const SERVICE_UNAVAILABLE = {
  status: 503,
  headers: { "content-type": "application/json", "retry-after": "1" },
  body: JSON.stringify({ error: { code: "UNAVAILABLE", message: "Tạm ngưng.", messageEn: "Unavailable." } }),
};

const listSchema = z.object({
  items: z.array(
    z.object({
      checkinId: z.string(),
      queueNumber: z.number(),
      queueSeries: z.string().nullable(),
      scannedAt: z.string().nullable(),
      checkedInAt: z.string(),
      timeFlag: z.string().nullable(),
      patient: z.object({ idNumber: z.string().nullable() }),
    }),
  ),
  nextCursor: z.string().nullable(),
});
type Listed = z.infer<typeof listSchema>["items"][number];

describe.runIf(requireBrowser("outbox.test.ts"))(
  "reception outbox: offline check-ins reach the server once",
  () => {
    let app: TestApp;
    let token: string;
    const browsers: LaunchedBrowser[] = [];

    /** Every check-in of the facility on a day, as the API lists it. */
    async function listed(day = "today"): Promise<Listed[]> {
      const all: Listed[] = [];
      let cursor: string | null = null;
      do {
        const query = new URLSearchParams({
          date: day,
          limit: "100",
          ...(cursor === null ? {} : { cursor }),
        });
        const res = await app.call("GET", `/api/checkins?${query.toString()}`, { token });
        expect(res.status).toBe(200);
        const page = listSchema.parse(res.json);
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
      return all;
    }

    /** A reception PC: its own browser profile, signed in, its offline series leased. */
    async function openReception(
      reuse: LaunchedBrowser | null = null,
    ): Promise<{ context: BrowserContext; page: Page; watch: PageWatch }> {
      const browser = reuse ?? (await launchBrowser());
      if (reuse === null) browsers.push(browser);
      const page = await browser.context.newPage();
      const watch = watchPage(page);
      await page.goto(`${app.url}/?dev=receptionist:${FACILITY}`);
      await expect.poll(() => readSeries(page, FACILITY), { timeout: 15_000 }).not.toBeNull();
      return { context: browser.context, page, watch };
    }

    const drained = (items: StoredItem[]) => items.every((item) => item.state !== "waiting");

    beforeAll(async () => {
      app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small" });
      token = await app.token("receptionist", { facility: FACILITY });
      await app.call("POST", "/api/lookups", { token, body: { method: "manual-id", payload: freshId() } });
    });

    afterAll(async () => {
      for (const browser of browsers) await browser.close();
      await app?.stop();
    });

    it("two reception PCs offline together give out 20 tickets each, no number twice, and each visit reaches the server once", async () => {
      const [first, second] = [await openReception(), await openReception()];
      const seriesA = await readSeries(first.page, FACILITY);
      const seriesB = await readSeries(second.page, FACILITY);
      expect(seriesA).not.toBe(seriesB);
      await cutNetwork(first.context);
      await cutNetwork(second.context);
      const printed: string[] = [];
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        for (const pc of [first, second]) {
          const id = freshId();
          ids.push(id);
          printed.push(await checkInTyped(pc.page, id));
        }
      }
      expect(new Set(printed).size).toBe(40);
      expect(printed.filter((label) => label.startsWith(`${seriesA}-`))).toHaveLength(20);
      expect(printed.slice(0, 2)).toEqual([`${seriesA}-01`, `${seriesB}-01`]);
      expect(await first.page.getByTestId("outbox-banner").getAttribute("data-offline")).toBe("yes");
      expect(await first.page.getByTestId("outbox-waiting").getAttribute("data-count")).toBe("20");

      await restoreNetwork(first.context);
      await restoreNetwork(second.context);
      for (const pc of [first, second]) {
        await expect.poll(async () => drained(await readOutbox(pc.page)), { timeout: 30_000 }).toBe(true);
      }
      const stored = (await listed()).filter((item) => ids.includes(item.patient.idNumber ?? ""));
      expect(stored).toHaveLength(40);
      const storedLabels = stored.map(
        (item) => `${item.queueSeries}-${String(item.queueNumber).padStart(2, "0")}`,
      );
      expect(storedLabels.sort()).toEqual([...printed].sort());
      // Each ID once, and each ticket on the visit it was printed for.
      const outbox = [...(await readOutbox(first.page)), ...(await readOutbox(second.page))];
      for (const item of outbox) {
        const visit = stored.find((entry) => entry.checkinId === item.delivered?.checkinId);
        expect(visit?.scannedAt).toBe(item.scannedAt);
        expect(`${visit?.queueSeries}-${String(visit?.queueNumber).padStart(2, "0")}`).toBe(ticketOf(item));
      }
      expect([...first.watch.errors, ...second.watch.errors]).toEqual([]);
    });

    /**
     * Forwards each POST /api/checkins to the server and records its Idempotency-Key: only the
     * requests that reached the server. Added before the network is cut, so the cut takes precedence.
     */
    async function forwardPosts(context: BrowserContext): Promise<string[]> {
      const keys: string[] = [];
      await context.route(`${app.url}/api/checkins`, async (route) => {
        if (route.request().method() !== "POST") return route.fallback();
        keys.push(route.request().headers()["idempotency-key"] ?? "");
        await route.fulfill({ response: await route.fetch() });
      });
      return keys;
    }

    it("a lost answer and a page closed after the server stored the visit: each visit exists once", async () => {
      const { context, page } = await openReception();
      await cutNetwork(context);
      const lostId = freshId();
      const closedId = freshId();
      await checkInTyped(page, lostId);
      await checkInTyped(page, closedId);
      const [lost, closed] = await readOutbox(page);
      if (lost === undefined || closed === undefined) throw new Error("outbox not written");
      const reached = new Map<string, number>();
      let closedOnce = false;
      await context.route(`${app.url}/api/checkins`, async (route) => {
        if (route.request().method() !== "POST") return route.fallback();
        const key = route.request().headers()["idempotency-key"] ?? "";
        reached.set(key, (reached.get(key) ?? 0) + 1);
        // The request reaches the server and is stored...
        const response = await route.fetch();
        if ((reached.get(key) ?? 0) > 1) return route.fulfill({ response });
        expect(response.status()).toBe(201);
        // ...and its answer never comes back: the connection drops, or the page is closed.
        if (key === closed.key) {
          closedOnce = true;
          await page.close();
          return;
        }
        await route.abort("connectionreset");
      });
      await restoreNetwork(context);
      await expect.poll(() => closedOnce, { timeout: 20_000 }).toBe(true);
      // The receptionist opens the page again: it sends what it had not heard back about.
      const again = await context.newPage();
      await again.goto(`${app.url}/?dev=receptionist:${FACILITY}`);
      await expect.poll(async () => drained(await readOutbox(again)), { timeout: 20_000 }).toBe(true);
      const stored = (await listed()).filter((item) =>
        [lostId, closedId].includes(item.patient.idNumber ?? ""),
      );
      expect(stored.map((item) => item.patient.idNumber).sort()).toEqual([lostId, closedId].sort());
      // Each key reached the server twice, and the second time got the first visit back.
      expect(reached.get(lost.key)).toBe(2);
      expect(reached.get(closed.key)).toBe(2);
      const items = await readOutbox(again);
      expect(items.map((item) => item.delivered?.checkinId).sort()).toEqual(
        stored.map((item) => item.checkinId).sort(),
      );
      await context.unrouteAll({ behavior: "ignoreErrors" });
    });

    it("two tabs of one browser sync at once: one POST per item", async () => {
      const { context, page } = await openReception();
      // A new tab signs in on its own (the sign-in lives with the tab); the outbox is the browser's.
      const second = await context.newPage();
      await second.goto(`${app.url}/?dev=receptionist:${FACILITY}`);
      await second.locator("#typed-value").waitFor();
      const posts = await forwardPosts(context);
      await cutNetwork(context);
      const ids = Array.from({ length: 6 }, () => freshId());
      for (const [index, id] of ids.entries()) await checkInTyped(index % 2 === 0 ? page : second, id);
      await restoreNetwork(context);
      for (const tab of [page, second]) {
        await expect.poll(async () => drained(await readOutbox(tab)), { timeout: 45_000 }).toBe(true);
      }
      const keys = (await readOutbox(page)).map((item) => item.key);
      expect(keys).toHaveLength(6);
      expect(posts.sort()).toEqual(keys.sort());
      const stored = (await listed()).filter((item) => ids.includes(item.patient.idNumber ?? ""));
      expect(stored).toHaveLength(6);
      await context.unrouteAll({ behavior: "ignoreErrors" });
    });

    it("delivers once after the server answered 503 three times", async () => {
      const { context, page } = await openReception();
      const posts = await forwardPosts(context);
      let refused = 0;
      await context.route(`${app.url}/api/checkins`, (route) => {
        if (route.request().method() !== "POST" || refused >= 3) return route.fallback();
        refused += 1;
        return route.fulfill(SERVICE_UNAVAILABLE);
      });
      await cutNetwork(context);
      const id = freshId();
      await checkInTyped(page, id);
      const [item] = await readOutbox(page);
      if (item === undefined) throw new Error("outbox not written");
      await restoreNetwork(context);
      await expect.poll(async () => (await readOutbox(page))[0]?.state, { timeout: 30_000 }).toBe("done");
      expect(refused).toBe(3);
      expect(posts).toEqual([item.key]);
      expect((await readOutbox(page))[0]?.attempts).toBe(4);
      const stored = (await listed()).filter((entry) => entry.patient.idNumber === id);
      expect(stored).toHaveLength(1);
      expect(stored[0]?.checkinId).toBe((await readOutbox(page))[0]?.delivered?.checkinId);
      await context.unrouteAll({ behavior: "ignoreErrors" });
    });

    it("places scans across Vietnamese midnight on their days, flags a clock two days ahead, and keeps a 422 for attention", async () => {
      const { context, page } = await openReception();
      const today = vnDay(new Date());
      const twoDaysBack = addDays(today, -2);
      const yesterday = addDays(today, -1);
      const department = await app.token("health-dept", {});
      const report = async (day: string) => {
        const res = await app.call("GET", `/api/reports/scan-rate?from=${day}&to=${day}&province=001`, {
          token: department,
        });
        return res.json as { summary: { total: number; flagged: number } };
      };
      const before = {
        back: await report(twoDaysBack),
        yesterday: await report(yesterday),
        today: await report(today),
      };
      await cutNetwork(context);
      const beforeMidnight = freshId();
      const afterMidnight = freshId();
      const ahead = freshId();
      await page.clock.setFixedTime(new Date(`${twoDaysBack}T23:58:30+07:00`));
      const ticketBefore = await checkInTyped(page, beforeMidnight);
      await page.clock.setFixedTime(new Date(`${yesterday}T00:01:10+07:00`));
      const ticketAfter = await checkInTyped(page, afterMidnight);
      // The computer's clock runs two days ahead: its scans cannot be believed, but are kept.
      await page.clock.setFixedTime(new Date(Date.now() + 2 * DAY_MS));
      const ticketAhead = await checkInTyped(page, ahead);
      // A card issued tomorrow is fine by this computer's clock; the server refuses it (422).
      const refusedPerson = freshPerson();
      const tomorrow = addDays(today, 1);
      await scanInPage(page, qrOf({ ...refusedPerson, issueDate: tomorrow }));
      await page.waitForFunction(
        (id) => document.querySelector("[data-testid=patient-id]")?.textContent === id,
        refusedPerson.idNumber,
        { timeout: 15_000 },
      );
      expect(await page.getByTestId("patient-id").textContent()).toBe(refusedPerson.idNumber);
      // Time flows again from there (the computer's clock stays two days ahead).
      await page.clock.setSystemTime(new Date(Date.now() + 2 * DAY_MS));
      await page.clock.resume();
      await restoreNetwork(context);
      await expect
        .poll(async () => (await readOutbox(page)).map((item) => item.state), { timeout: 20_000 })
        .toEqual(["done", "done", "done", "attention"]);

      const onDay = async (day: string, id: string) =>
        (await listed(day)).filter((item) => item.patient.idNumber === id);
      const [back] = await onDay(twoDaysBack, beforeMidnight);
      expect(back?.checkedInAt).toBe(`${twoDaysBack}T23:58:30+07:00`);
      expect(`${back?.queueSeries}-${String(back?.queueNumber).padStart(2, "0")}`).toBe(ticketBefore);
      const [next] = await onDay(yesterday, afterMidnight);
      expect(next?.checkedInAt).toBe(`${yesterday}T00:01:10+07:00`);
      expect(`${next?.queueSeries}-${String(next?.queueNumber).padStart(2, "0")}`).toBe(ticketAfter);
      const [flagged] = await onDay(today, ahead);
      expect(flagged?.timeFlag).toBe("clock-ahead");
      expect(`${flagged?.queueSeries}-${String(flagged?.queueNumber).padStart(2, "0")}`).toBe(ticketAhead);
      expect(await onDay(today, refusedPerson.idNumber)).toEqual([]);

      const refused = (await readOutbox(page))[3];
      if (refused === undefined) throw new Error("refused check-in missing");
      expect(refused?.problem).toMatchObject({ status: 422, code: "ISSUE_IN_FUTURE" });
      expect(refused?.request?.payload).toContain(refusedPerson.idNumber);
      expect(await page.getByTestId("outbox-attention").getAttribute("data-count")).toBe("1");
      expect(await page.locator("[data-testid=outbox-row][data-state=attention]").count()).toBe(1);
      // Kept across a reload: a refused check-in is never dropped.
      await page.reload();
      // (Delivered items of days before yesterday, by this computer's clock, are dropped.)
      await expect
        .poll(async () => (await readOutbox(page)).find((item) => item.key === refused.key)?.state, {
          timeout: 10_000,
        })
        .toBe("attention");

      // The closed days' reports include the late visits; the flagged one is counted today.
      expect((await report(twoDaysBack)).summary.total).toBe(before.back.summary.total + 1);
      expect((await report(yesterday)).summary.total).toBe(before.yesterday.summary.total + 1);
      expect((await report(today)).summary.flagged).toBe(before.today.summary.flagged + 1);
      for (const day of [twoDaysBack, yesterday, today]) {
        const log = await readLog(app.doc, app.names, FACILITY, day);
        expect(nonZero(await readCounter(app.doc, app.names, FACILITY, day)), day).toEqual(tally(log));
      }
    });
  },
);
