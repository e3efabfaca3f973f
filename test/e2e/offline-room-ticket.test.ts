import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Room } from "#domain/room-contract";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { checkInTyped, cutNetwork, readOutbox, readSeries, restoreNetwork } from "./support/offline.ts";
import { watchPage } from "./support/page-watch.ts";
import { ensureWebBuilt } from "./support/web-build.ts";

const FACILITY = "01001";
const room = (slug: string, number: number, name: string): Room => ({
  id: `${FACILITY}-${slug}`,
  name,
  number,
  serviceCode: "02.1896",
  serviceName: "Khám Nội",
  open: true,
  closedReason: null,
});
/** Records what the page prints instead of opening the print dialog. */
const PRINT_RECORDER = `
  window.__printed = [];
  window.print = () => { window.__printed.push(document.getElementById("print-ticket")?.textContent ?? ""); };
`;

describe.runIf(requireBrowser("offline-room-ticket.test.ts"))(
  "a ticket printed offline and the room ticket the waiting room calls",
  () => {
    let app: TestApp;
    let browser: LaunchedBrowser;

    beforeAll(async () => {
      app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small" });
      const token = await app.token("receptionist", { facility: FACILITY });
      for (const r of [room("noi", 1, "Phòng khám Nội"), room("nhi", 2, "Phòng khám Nhi")])
        expect((await app.call("POST", "/api/rooms", { token, body: r })).status).toBe(200);
      browser = await launchBrowser();
      await browser.context.addInitScript(PRINT_RECORDER);
    });
    afterAll(async () => {
      await browser?.close();
      await app?.stop();
    });

    it("shows the delivered visit's room ticket beside its paper number, and prints it to hand over", async () => {
      const page = await browser.context.newPage();
      const watch = watchPage(page);
      await page.goto(`${app.url}/?dev=receptionist:${FACILITY}`);
      await expect.poll(() => readSeries(page, FACILITY), { timeout: 15_000 }).not.toBeNull();
      await page.getByTestId("room-picker").selectOption(`${FACILITY}-nhi`);

      // An online check-in: its own room ticket, nothing to hand over.
      await checkInTyped(page, "001185001122");
      await page.getByTestId("server-row").first().getByTestId("row-room-ticket").waitFor();
      expect(await page.getByTestId("hand-over").count()).toBe(0);

      await cutNetwork(browser.context);
      const paper = await checkInTyped(page, "038050004567");
      expect(paper).toMatch(/^[A-Z]{1,2}-\d{2}$/);
      await restoreNetwork(browser.context);
      await expect
        .poll(async () => (await readOutbox(page)).every((item) => item.delivered !== null), {
          timeout: 30_000,
        })
        .toBe(true);

      const row = page.getByTestId("server-row").filter({ hasText: paper });
      await row.getByTestId("hand-over").waitFor({ timeout: 30_000 });
      expect(await row.getByTestId("row-ticket").textContent()).toContain("P2 – 002");
      await row.getByTestId("hand-over").click();
      const printed = await page.evaluate(() => [
        ...(window as unknown as { __printed: string[] }).__printed,
      ]);
      const last = printed.at(-1) ?? "";
      expect(last).toContain("P2 – 002");
      expect(last).toContain("Phòng khám Nhi");
      expect(watch.errors).toEqual([]);
    });
  },
);
