import type { CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallMessage, Room } from "#domain/room-contract";
import { localCallHub } from "#functions/realtime/local-call-hub";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { type PageWatch, watchPage } from "./support/page-watch.ts";
import { SPEECH_RECORDER } from "./support/speech.ts";
import { ensureWebBuilt } from "./support/web-build.ts";

const FACILITY = "01001";
const ROOMS = 20;
/** A central hospital's morning: 20 rooms calling every 3 minutes for 12 hours is 4,800 calls. */
const HOURS = 12;
const CALLS_PER_HOUR = ROOMS * 20;

const roomOf = (number: number): Room => ({
  id: `${FACILITY}-p${number}`,
  name: `Phòng khám ${number}`,
  number,
  serviceCode: "02.1896",
  serviceName: "Khám bệnh",
  open: true,
  closedReason: null,
});

/** What the screen holds after an hour: its DOM elements and its live JS heap after a full GC. */
interface Sample {
  readonly hour: number;
  readonly elements: number;
  readonly heapBytes: number;
  readonly recent: number;
}

describe.runIf(requireBrowser("display-long-morning.test.ts"))(
  "a waiting-room screen over a 12-hour morning",
  {
    timeout: 600_000,
  },
  () => {
    let app: TestApp;
    let browser: LaunchedBrowser;
    let display: Page;
    let cdp: CDPSession;
    let watch: PageWatch;

    beforeAll(async () => {
      app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small" });
      const token = await app.token("receptionist", { facility: FACILITY });
      for (let number = 1; number <= ROOMS; number += 1)
        expect((await app.call("POST", "/api/rooms", { token, body: roomOf(number) })).status).toBe(200);
      browser = await launchBrowser({ noCamera: true });
      await browser.context.addInitScript(SPEECH_RECORDER);
      display = await browser.context.newPage();
      await display.setViewportSize({ width: 1920, height: 1080 });
      watch = watchPage(display);
      await display.goto(`${app.url}/display?facility=${FACILITY}&dev=kiosk:${FACILITY}`);
      await display.getByRole("button", { name: /Bật âm thanh/ }).click();
      await display.locator(".display-state.ok").waitFor({ timeout: 30_000 });
      cdp = await browser.context.newCDPSession(display);
      await cdp.send("Performance.enable");
    }, 400_000);

    afterAll(async () => {
      await browser?.close().catch(() => undefined);
      await app?.stop();
    });

    /** Pushes one simulated hour of live calls through the channel the screen listens to. */
    async function playHour(hour: number): Promise<string> {
      let last = "";
      for (let index = 0; index < CALLS_PER_HOUR; index += 1) {
        const room = roomOf((index % ROOMS) + 1);
        const number = hour * 20 + Math.floor(index / ROOMS) + 1;
        const at = new Date().toISOString();
        const label = `P${room.number} – ${String(number).padStart(3, "0")}`;
        const callId = `${at}#${room.id}#${String(number).padStart(6, "0")}#${String(index).padStart(4, "0")}`;
        const message: CallMessage = {
          type: "call",
          facility: FACILITY,
          call: {
            callId,
            room: room.id,
            roomNumber: room.number,
            number,
            label,
            priority: false,
            kind: "call",
            at,
          },
        };
        localCallHub.publish(message);
        last = label;
        // A call every few milliseconds: the screen renders each as it comes, as it would over the morning.
        if (index % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return last;
    }

    async function sample(hour: number): Promise<Sample> {
      // The test's recorded voice keeps every sentence: emptied, so only the page's own memory counts.
      await display.evaluate(() => {
        (window as unknown as { __spoken: string[] }).__spoken.length = 0;
      });
      await cdp.send("HeapProfiler.collectGarbage");
      const { metrics } = await cdp.send("Performance.getMetrics");
      const heapBytes = metrics.find((metric) => metric.name === "JSHeapUsedSize")?.value ?? Number.NaN;
      const { elements, recent } = await display.evaluate(() => ({
        elements: document.getElementsByTagName("*").length,
        recent: document.querySelectorAll(".display-recent li").length,
      }));
      return { hour, elements, heapBytes, recent };
    }

    it("keeps its DOM and heap flat while it shows 4,800 calls", async () => {
      const samples: Sample[] = [];
      for (let hour = 0; hour < HOURS; hour += 1) {
        const last = await playHour(hour);
        await display
          .locator(`[data-room="${FACILITY}-p${ROOMS}"] .display-number`)
          .filter({ hasText: last })
          .waitFor({ timeout: 60_000 });
        samples.push(await sample(hour + 1));
      }
      console.log(
        samples
          .map(
            (s) => `hour ${s.hour}: ${s.elements} elements, ${(s.heapBytes / 1_048_576).toFixed(2)} MiB heap`,
          )
          .join("\n"),
      );
      const first = samples[1] ?? samples[0];
      const lastSample = samples.at(-1);
      if (first === undefined || lastSample === undefined) throw new Error("no samples");
      // The same elements after 4,800 calls as after 800: every room's number and the last few calls.
      for (const s of samples.slice(1)) expect(s.elements, `hour ${s.hour}`).toBe(first.elements);
      expect(lastSample.recent).toBeLessThanOrEqual(8);
      // The heap does not follow the calls: under 1 MiB more after ten more hours (growth per call ≪ 300 bytes).
      expect(lastSample.heapBytes - first.heapBytes).toBeLessThan(1_048_576);
      expect(watch.errors).toEqual([]);
    });
  },
);
