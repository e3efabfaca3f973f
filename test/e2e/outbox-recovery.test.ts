import { generateKeyPair, SignJWT } from "jose";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { generateFacilities, generatePopulation } from "#functions/gateway-mock/population";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { checkInTyped, cutNetwork, readOutbox, restoreNetwork } from "./support/offline.ts";
import { ensureWebBuilt } from "./support/web-build.ts";

const FACILITY = "01001";
const HOUR_MS = 3_600_000;
const people = generatePopulation(300, generateFacilities(120)).slice(200);
let nextPerson = 0;
const freshId = () => {
  const person = people[nextPerson++];
  if (person === undefined) throw new Error("out of people");
  return person.idNumber;
};

const listSchema = z.object({
  items: z.array(
    z.object({
      checkinId: z.string(),
      status: z.string(),
      patient: z.object({ idNumber: z.string().nullable() }),
    }),
  ),
});

/** After the outage: a sign-in the server no longer takes, pending answers, an item waiting for days. */
describe.runIf(requireBrowser("outbox-recovery.test.ts"))("reception outbox after a long outage", () => {
  let app: TestApp;
  let token: string;
  const browsers: LaunchedBrowser[] = [];

  const listed = async () => {
    const res = await app.call("GET", "/api/checkins?date=today&limit=100", { token });
    return listSchema.parse(res.json).items;
  };

  async function openReception(): Promise<{ context: BrowserContext; page: Page }> {
    const browser = await launchBrowser();
    browsers.push(browser);
    const page = await browser.context.newPage();
    await page.goto(`${app.url}/?dev=receptionist:${FACILITY}`);
    await page.waitForFunction(async () => {
      await navigator.serviceWorker.ready;
      return navigator.serviceWorker.controller !== null;
    });
    await page.locator("#typed-value").waitFor();
    return { context: browser.context, page };
  }

  beforeAll(async () => {
    app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small" });
    token = await app.token("receptionist", { facility: FACILITY });
    await app.call("POST", "/api/lookups", { token, body: { method: "manual-id", payload: freshId() } });
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await app?.stop();
  });

  it("a sign-in the server refuses (401) asks for a new one, then sends the same items with their same keys", async () => {
    const { context, page } = await openReception();
    await cutNetwork(context);
    // The page holds a sign-in it believes in but the server refuses (its key was replaced meanwhile).
    const foreign = await generateKeyPair("ES256");
    const stale = await new SignJWT({ "cognito:groups": ["receptionist"], "custom:facility": FACILITY })
      .setProtectedHeader({ alg: "ES256", typ: "JWT" })
      .setExpirationTime("2h")
      .sign(foreign.privateKey);
    await page.evaluate((jwt) => {
      sessionStorage.setItem("tiepdon.session", JSON.stringify({ token: jwt, source: "dev" }));
    }, stale);
    await page.reload();
    const ids = [freshId(), freshId()];
    for (const id of ids) await checkInTyped(page, id);
    const before = await readOutbox(page);

    await restoreNetwork(context);
    // The first answer is a 401: the page asks for a new sign-in (the outbox's banner, or the
    // sign-in form when the day's list met the 401 first), and nothing is sent or lost meanwhile.
    const again = page.getByRole("button", { name: "Đăng nhập lại" });
    const form = page.getByRole("button", { name: "Đăng nhập", exact: true });
    await again.or(form).first().waitFor({ timeout: 20_000 });
    expect((await readOutbox(page)).map((item) => item.state)).toEqual(["waiting", "waiting"]);
    expect(
      await listed().then((items) => items.filter((item) => ids.includes(item.patient.idNumber ?? ""))),
    ).toEqual([]);

    // The banner may give way to the sign-in form while the page redraws: wait for the form as
    // the settled state, pressing the banner's button whenever it is there.
    await expect
      .poll(
        async () => {
          if (await form.isVisible()) return "sign-in";
          const banner = await page
            .getByTestId("outbox-sign-in")
            .textContent({ timeout: 500 })
            .catch(() => null);
          if (banner !== null) {
            expect(banner).toContain("2 lượt");
            await again.click({ timeout: 5_000 }).catch(() => undefined);
          }
          return "asking";
        },
        { timeout: 60_000, interval: 250 },
      )
      .toBe("sign-in");
    await form.click();
    await page.locator("#typed-value").waitFor();
    await expect
      .poll(async () => (await readOutbox(page)).map((item) => item.state), { timeout: 20_000 })
      .toEqual(["done", "done"]);
    const stored = (await listed()).filter((item) => ids.includes(item.patient.idNumber ?? ""));
    expect(stored).toHaveLength(2);
    // The keys the server holds are the outbox's: the same request with one of them is its first answer.
    for (const item of before) {
      const replay = await app.call("POST", "/api/checkins", {
        token,
        headers: { "idempotency-key": item.key },
        body: {
          ...item.request,
          scannedAt: item.scannedAt,
          offlineQueue: item.offlineQueue,
        },
      });
      expect(replay.status).toBe(201);
      expect((replay.json as { checkinId: string }).checkinId).toBe(
        (await readOutbox(page)).find((entry) => entry.key === item.key)?.delivered?.checkinId,
      );
    }
    expect(await page.getByTestId("outbox-all-sent").textContent()).toContain("Gửi được lần cuối");
  });

  it("re-checks check-ins that arrived pending while the gateway was down, and the day's list shows the result", async () => {
    const { context, page } = await openReception();
    await cutNetwork(context);
    const id = freshId();
    await checkInTyped(page, id);
    expect(await app.setGatewayFaults({ errorRate: 1, timeoutRate: 0, latencyMs: 0 })).toBe(200);
    await restoreNetwork(context);
    await expect
      .poll(async () => (await readOutbox(page))[0]?.delivered?.status, { timeout: 20_000 })
      .toBe("pending");
    const checkinId = (await readOutbox(page))[0]?.delivered?.checkinId ?? "";
    expect(await app.setGatewayFaults({ errorRate: 0, timeoutRate: 0, latencyMs: 0 })).toBe(200);
    // Nobody presses "re-check now": the page asks by itself and shows the answer.
    const row = page.locator(`[data-testid=server-row][data-checkin="${checkinId}"] .status`);
    await expect.poll(() => row.getAttribute("data-status"), { timeout: 60_000 }).toBe("covered");
    expect((await listed()).find((item) => item.checkinId === checkinId)?.status).toBe("covered");
  });

  it("warns when a check-in has waited more than a day, and says when storage may be cleared", async () => {
    const { context, page } = await openReception();
    await cutNetwork(context);
    // Scanned 25 hours ago by this computer's clock, and still waiting.
    await page.clock.setFixedTime(new Date(Date.now() - 25 * HOUR_MS));
    await checkInTyped(page, freshId());
    await page.clock.setSystemTime(new Date());
    await page.clock.resume();
    await page.reload();
    await page.getByTestId("outbox-old").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("outbox-old").textContent()).toContain("1 lượt đã chờ hơn một ngày");
    await expect
      .poll(() => page.getByTestId("outbox-banner").getAttribute("data-offline"), { timeout: 10_000 })
      .toBe("yes");
    const persisted = await page.evaluate(() => navigator.storage.persisted());
    expect(await page.getByTestId("persist-refused").count()).toBe(persisted ? 0 : 1);
    await restoreNetwork(context);
    await page
      .getByTestId("send-now")
      .click({ timeout: 5_000 })
      .catch(() => undefined);
    await expect.poll(async () => (await readOutbox(page))[0]?.state, { timeout: 20_000 }).toBe("done");
    // The warning goes once the page has redrawn after the item was sent.
    await expect.poll(() => page.getByTestId("outbox-old").count(), { timeout: 10_000 }).toBe(0);
  });
});
