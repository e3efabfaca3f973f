import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { type Room, roomQueueAnswerSchema } from "#domain/room-contract";
import type { MockPerson } from "#functions/gateway-mock/mock-person";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { renderFlatFrame } from "#test/support/frames/qr-frame";
import { renderCardClip, writeY4m } from "#test/support/frames/y4m";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { checkInTyped, cutNetwork, readOutbox, restoreNetwork } from "./support/offline.ts";
import { type PageWatch, watchPage } from "./support/page-watch.ts";
import { SPEECH_RECORDER, spoken } from "./support/speech.ts";
import { ensureWebBuilt } from "./support/web-build.ts";
import { typeWithGaps } from "./support/wedge.ts";

/**
 * A morning at a district clinic: two reception PCs check 30 patients in to two exam rooms (by
 * camera, wedge scanner and typing; one PC loses its network for five of them), two room pages
 * call them, and the waiting-room screen shows and speaks every call.
 */
const FACILITY = "01001";
const room = (id: string, number: number, name: string, serviceCode: string): Room => ({
  id: `${FACILITY}-${id}`,
  name,
  number,
  serviceCode,
  serviceName: name,
  open: true,
  closedReason: null,
});
const NOI = room("noi", 1, "Phòng khám Nội", "02.1896");
const NHI = room("nhi", 2, "Phòng khám Nhi", "02.1897");
const TODAY = new Date();

const ageOn = (birthDate: string) => {
  const birth = new Date(`${birthDate}T00:00:00Z`);
  let years = TODAY.getUTCFullYear() - birth.getUTCFullYear();
  const month = TODAY.getUTCMonth() - birth.getUTCMonth();
  if (month < 0 || (month === 0 && TODAY.getUTCDate() < birth.getUTCDate())) years--;
  return years;
};

const insured = generatePopulation(300, generateFacilities(120)).filter(
  (person) => person.card?.status === "active" && person.card.fault === null,
);
const pick = (test: (age: number) => boolean) => {
  const found = insured.find((person) => test(ageOn(person.birthDate)));
  if (found === undefined) throw new Error("no such person in the synthetic registry");
  return found;
};
/** Marked priority from the card's birth date alone: 75 or older, and under 6. */
const ELDER = pick((age) => age >= 75 && age <= 85);
const CHILD = pick((age) => age >= 2 && age < 6);
const ADULTS = insured.filter((person) => {
  const age = ageOn(person.birthDate);
  return age >= 18 && age < 70;
});

type Channel = "camera" | "scanner" | "typed" | "offline";
interface Arrival {
  readonly person: MockPerson;
  readonly pc: 1 | 2;
  readonly room: Room;
  readonly channel: Channel;
  /** A mark the receptionist taps on the result card. */
  readonly tap: "pregnant" | "disability" | null;
}

/** The morning in the order the patients reach the two desks (each PC's own order is its scan order). */
function planMorning(): Arrival[] {
  const adults = [...ADULTS];
  const next = () => {
    const person = adults.shift();
    if (person === undefined) throw new Error("out of adults");
    return person;
  };
  const woman = () => {
    const index = adults.findIndex((person) => person.sex === "female");
    const [person] = adults.splice(index, 1);
    if (person === undefined) throw new Error("no woman left");
    return person;
  };
  const plan: Arrival[] = [];
  for (let i = 0; i < 15; i++) {
    const roomOf = i % 2 === 0 ? NOI : NHI;
    // PC 1: the camera first, then the scanner, four typed IDs, the elder by scanner, one tapped mark.
    const pc1: Arrival =
      i === 0
        ? { person: next(), pc: 1, room: NOI, channel: "camera", tap: null }
        : i === 6
          ? { person: ELDER, pc: 1, room: NOI, channel: "scanner", tap: null }
          : i === 9
            ? { person: woman(), pc: 1, room: NHI, channel: "scanner", tap: "pregnant" }
            : { person: next(), pc: 1, room: roomOf, channel: i % 4 === 3 ? "typed" : "scanner", tap: null };
    // PC 2: the child, a tapped mark, and five check-ins while its network is cut.
    const pc2: Arrival =
      i === 2
        ? { person: CHILD, pc: 2, room: NHI, channel: "scanner", tap: null }
        : i === 4
          ? { person: next(), pc: 2, room: NOI, channel: "scanner", tap: "disability" }
          : {
              person: next(),
              pc: 2,
              room: i % 2 === 0 ? NHI : NOI,
              channel: i >= 8 && i < 13 ? "offline" : "scanner",
              tap: null,
            };
    plan.push(pc1, pc2);
  }
  return plan;
}

const listSchema = z.object({
  items: z.array(z.object({ checkinId: z.string(), patient: z.object({ idNumber: z.string().nullable() }) })),
});

/** Scans a card with the wedge scanner, again if the first read does not show (as a receptionist would). */
async function scanCard(context: BrowserContext, page: Page, person: MockPerson): Promise<void> {
  for (let tries = 0; tries < 3; tries++) {
    await typeWithGaps(context, page, qrOf(person), 10);
    const shown = await page
      .waitForFunction(
        (id) => document.querySelector("[data-testid=patient-id]")?.textContent === id,
        person.idNumber,
        { timeout: 8_000 },
      )
      .then(() => true)
      .catch(() => false);
    if (shown) return;
  }
  throw new Error(`the scan of ${person.idNumber} never showed`);
}

describe.runIf(requireBrowser("waiting-room-morning.test.ts"))("a waiting-room morning in Chromium", () => {
  let app: TestApp;
  let receptionToken: string;
  let roomToken: string;
  const browsers: LaunchedBrowser[] = [];
  const pcs = new Map<1 | 2, { context: BrowserContext; page: Page }>();
  const roomPages = new Map<string, Page>();
  let display: Page;
  let watches: PageWatch[] = [];
  const work = mkdtempSync(join(tmpdir(), "tiepdon-morning-"));
  const video = join(work, "camera.y4m");
  const plan = planMorning();

  beforeAll(async () => {
    app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small" });
    receptionToken = await app.token("receptionist", { facility: FACILITY });
    roomToken = await app.token("room", { facility: FACILITY });
    for (const r of [NOI, NHI]) {
      expect((await app.call("POST", "/api/rooms", { token: receptionToken, body: r })).status).toBeLessThan(
        300,
      );
    }
    // PC 1's webcam shows the first patient's card; PC 2 has no camera at all.
    const first = plan[0];
    if (first === undefined) throw new Error("empty plan");
    writeY4m(video, renderCardClip(qrOf(first.person), { frames: 12, seed: 11 }));
    const pc1 = await launchBrowser({ fakeVideo: video });
    const pc2 = await launchBrowser({ noCamera: true });
    // The room pages share a PC; the waiting-room screen is a device of its own, always in view.
    const screens = await launchBrowser({ noCamera: true });
    const tv = await launchBrowser({ noCamera: true });
    browsers.push(pc1, pc2, screens, tv);
    for (const [pc, browser] of [
      [1, pc1],
      [2, pc2],
    ] as const) {
      const page = await browser.context.newPage();
      watches.push(watchPage(page));
      await page.goto(`${app.url}/?dev=receptionist:${FACILITY}`);
      pcs.set(pc, { context: browser.context, page });
    }
    await tv.context.addInitScript(SPEECH_RECORDER);
    display = await tv.context.newPage();
    watches.push(watchPage(display));
    await display.setViewportSize({ width: 1920, height: 1080 });
    await display.goto(`${app.url}/display?facility=${FACILITY}&dev=kiosk:${FACILITY}`);
    await display.getByRole("button", { name: /Bật âm thanh/ }).click();
    for (const r of [NOI, NHI]) {
      const page = await screens.context.newPage();
      watches.push(watchPage(page));
      await page.goto(`${app.url}/room?dev=room:${FACILITY}`);
      await page.locator(".room-pick select").selectOption(r.id);
      roomPages.set(r.id, page);
    }
  }, 240_000);

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
    watches = [];
  });

  const pcOf = (pc: 1 | 2) => {
    const found = pcs.get(pc);
    if (found === undefined) throw new Error(`no PC ${pc}`);
    return found;
  };

  async function queueOf(r: Room) {
    const res = await app.call("GET", `/api/rooms/${encodeURIComponent(r.id)}/queue`, { token: roomToken });
    expect(res.status).toBe(200);
    return roomQueueAnswerSchema.parse(res.json);
  }

  it("two reception PCs check 30 patients in to two rooms by camera, scanner and typing, one of them offline for five", async () => {
    let offline = false;
    for (const arrival of plan) {
      const { context, page } = pcOf(arrival.pc);
      if (arrival.pc === 2 && (arrival.channel === "offline") !== offline) {
        offline = !offline;
        if (offline) await cutNetwork(context);
        else {
          // Back on the network, the PC sends what it took offline before the next patient.
          await restoreNetwork(context);
          await expect
            .poll(async () => (await readOutbox(page)).filter((item) => item.state !== "done").length, {
              timeout: 60_000,
            })
            .toBe(0);
        }
      }
      const picker = page.getByTestId("room-picker");
      await picker.waitFor({ timeout: 20_000 });
      await picker.selectOption(arrival.room.id);
      if (arrival.channel === "camera") {
        await expect
          .poll(
            () =>
              page
                .getByTestId("patient-id")
                .textContent({ timeout: 1_000 })
                .catch(() => null),
            {
              timeout: 30_000,
            },
          )
          .toBe(arrival.person.idNumber);
        // The card leaves the camera: nothing in front of it for the rest of the morning.
        writeY4m(
          video,
          Array.from({ length: 4 }, () => renderFlatFrame(640, 480, 128)),
        );
        await page.reload();
        await page.getByTestId("room-picker").waitFor({ timeout: 20_000 });
      } else if (arrival.channel === "typed") {
        await checkInTyped(page, arrival.person.idNumber);
      } else {
        await page.locator("#typed-value").click();
        await scanCard(context, page, arrival.person);
      }
      if (arrival.channel !== "offline" && arrival.channel !== "camera") {
        await expect
          .poll(() => page.getByTestId("room-ticket-label").textContent(), {
            timeout: 15_000,
            message: `the room ticket of ${arrival.channel} patient ${arrival.person.idNumber} on PC ${arrival.pc}`,
          })
          .toMatch(new RegExp(`^P${arrival.room.number} – \\d{3}$`));
      }
      if (arrival.tap !== null) {
        const label = arrival.tap === "pregnant" ? "Phụ nữ có thai" : "Khuyết tật nặng";
        const button = page.getByRole("button", { name: label, exact: true });
        await button.click();
        await expect.poll(() => button.getAttribute("aria-pressed")).toBe("true");
      }
    }
    // PC 2 came back for its last patients: the five offline ones reach the server and their rooms' queues.
    const pc2 = pcOf(2);
    expect(offline).toBe(false);
    await expect
      .poll(async () => (await readOutbox(pc2.page)).filter((item) => item.state !== "done").length, {
        timeout: 60_000,
      })
      .toBe(0);
    const noi = await queueOf(NOI);
    const nhi = await queueOf(NHI);
    expect(noi.waiting.length + nhi.waiting.length).toBe(30);
    expect(noi.waiting.length).toBe(plan.filter((arrival) => arrival.room.id === NOI.id).length);
  });

  it("puts the priority patients first in each room, and everyone else in the order they were scanned", async () => {
    const listed = await app.call("GET", "/api/checkins?date=today&limit=100", { token: receptionToken });
    const idOf = new Map(
      listSchema.parse(listed.json).items.map((item) => [item.checkinId, item.patient.idNumber] as const),
    );
    for (const r of [NOI, NHI]) {
      const arrivals = plan.filter((arrival) => arrival.room.id === r.id);
      const priority = (arrival: Arrival) =>
        arrival.person === ELDER || arrival.person === CHILD || arrival.tap !== null;
      const expected = [
        ...arrivals.filter(priority),
        ...arrivals.filter((arrival) => !priority(arrival)),
      ].map((arrival) => arrival.person.idNumber);
      const queue = await queueOf(r);
      expect(queue.waiting.map((ticket) => idOf.get(ticket.checkinId))).toEqual(expected);
      expect(queue.waiting.filter((ticket) => ticket.priority)).toHaveLength(2);
    }
  });

  /** Clicks a room page's button; answers how long the display took to show that room's new call first. */
  async function clickAndSee(r: Room, button: RegExp | string, label: string): Promise<number> {
    const page = roomPages.get(r.id);
    if (page === undefined) throw new Error("no room page");
    const previous = await display
      .locator(".display-recent li")
      .first()
      .getAttribute("data-call", { timeout: 200 })
      .catch(() => null);
    // Each screen is its own device in a clinic: the room page clicked is the one in front.
    await page.bringToFront();
    const clicked = Date.now();
    await page.getByRole("button", { name: button, exact: typeof button === "string" }).click();
    await display.waitForFunction(
      ([before, roomId, wanted]) => {
        const first = document.querySelector(".display-recent li");
        const shown = document.querySelector(`[data-room="${roomId}"] .display-number`)?.textContent ?? "";
        return (
          first !== null &&
          first.getAttribute("data-call") !== before &&
          (first.textContent ?? "").includes(wanted ?? "") &&
          shown.includes(wanted ?? "")
        );
      },
      [previous, r.id, label] as const,
      { timeout: 10_000, polling: 50 },
    );
    return Date.now() - clicked;
  }

  it("calls every patient on the room pages, with recall and skip; the screen shows and says each call within 2 s, without names", async () => {
    const order = new Map<string, string[]>();
    for (const r of [NOI, NHI])
      order.set(
        r.id,
        (await queueOf(r)).waiting.map((ticket) => ticket.label),
      );
    const latencies: number[] = [];
    const announced: string[] = [];
    const numberOf = (label: string) => Number(label.split("–")[1]);
    let calls = 0;
    let reloaded = false;
    const rooms = [NOI, NHI];
    while (rooms.some((r) => (order.get(r.id) ?? []).length > 0)) {
      for (const r of rooms) {
        const label = order.get(r.id)?.shift();
        if (label === undefined) continue;
        const page = roomPages.get(r.id);
        if (page === undefined) throw new Error("no room page");
        latencies.push(await clickAndSee(r, /Gọi số tiếp theo/, label));
        announced.push(`Mời số ${numberOf(label)} vào phòng khám số ${r.number}`);
        // Rooms call at a human pace: each call is heard before the next (the screen keeps at most
        // a few announcements waiting and drops the oldest of a burst).
        await expect.poll(() => spoken(display), { timeout: 10_000 }).toEqual(announced);
        await page.locator(".room-current-label").filter({ hasText: label }).waitFor();
        calls++;
        if (calls === 3) {
          // The patient does not come at once: a recall, announced as one.
          latencies.push(await clickAndSee(r, "Gọi lại", label));
          announced.push(`Mời lại số ${numberOf(label)} vào phòng khám số ${r.number}`);
          await expect.poll(() => spoken(display), { timeout: 10_000 }).toEqual(announced);
        }
        if (calls === 7) {
          // A no-show goes to the missed list, and comes back to the end of the queue later.
          await page.getByRole("button", { name: "Vắng mặt", exact: true }).click();
          await page.getByText("Vắng mặt (1)").waitFor();
          continue;
        }
        await page.getByRole("button", { name: "Xong", exact: true }).click();
        await page.locator(".room-current-label").waitFor({ state: "detached" });
        if (calls === 14 && !reloaded) {
          // Mid-morning the screen reloads: it catches up silently, then announces only new calls.
          reloaded = true;
          await expect.poll(() => spoken(display), { timeout: 5_000 }).toEqual(announced);
          announced.length = 0;
          await display.reload();
          await display.getByRole("button", { name: /Bật âm thanh/ }).click();
          await display.locator(".display-recent li").first().waitFor({ timeout: 20_000 });
          await display.waitForTimeout(1_000);
          expect(await spoken(display)).toEqual([]);
        }
      }
    }
    await expect.poll(() => spoken(display), { timeout: 5_000 }).toEqual(announced);
    expect(calls).toBe(30);
    console.log(`call-to-screen latencies (ms): ${latencies.join(" ")}`);
    for (const latency of latencies) expect(latency).toBeLessThan(2_000);
    for (const r of [NOI, NHI]) {
      const queue = await queueOf(r);
      expect(queue.waiting).toEqual([]);
      expect(queue.missed.length).toBe(r.id === NOI.id ? 1 : 0);
    }
    // The screen shows numbers and rooms, never a name, an ID number or a birth date.
    const text = (await display.locator("body").textContent()) ?? "";
    for (const arrival of plan) {
      expect(text).not.toContain(arrival.person.name);
      expect(text).not.toContain(arrival.person.idNumber);
      expect(text).not.toContain(arrival.person.birthDate.split("-").reverse().join("/"));
    }
    for (const watch of watches) expect(watch.errors).toEqual([]);
  });
});
