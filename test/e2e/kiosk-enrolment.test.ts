import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as z from "zod";
import { generateFacilities, generatePopulation } from "#functions/gateway-mock/population";
import { DEMO_ACCOUNTS } from "#infra/local/auth/local-sign-in";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { claimsOf } from "#test/support/oidc-flow";
import { PROVIDER_BUTTON, sessionToken, signInThroughProvider } from "./support/sign-in.ts";
import { ensureWebBuilt } from "./support/web-build.ts";

const KIOSK = DEMO_ACCOUNTS.find((entry) => entry.username === "kiosk.01001");
const DAY_MS = 24 * 3600 * 1000;
/** Past the staff pages' 30-day refresh tokens: only the devices' 90-day ones get this far. */
const DAYS = 35;
const DESK_TITLE = "Vui lòng đến quầy tiếp đón";
const people = generatePopulation(300, generateFacilities(120)).slice(200);

const deviceUserSchema = z.object({ id_token: z.string(), refresh_token: z.string() });

/** The tokens oidc-client-ts keeps for the devices' client: in localStorage, so they outlive the browser. */
async function deviceTokens(page: Page): Promise<z.infer<typeof deviceUserSchema> | null> {
  const raw = await page.evaluate(() => {
    for (let index = 0; index < localStorage.length; index += 1) {
      const key = localStorage.key(index);
      if (key?.startsWith("oidc.user:") === true && key.endsWith(":tiepdon-device"))
        return localStorage.getItem(key);
    }
    return null;
  });
  return raw === null ? null : deviceUserSchema.parse(JSON.parse(raw));
}

/** A patient types their ID number on the keypad and asks for a number. */
async function typeOnKeypad(page: Page, idNumber: string): Promise<void> {
  await page.getByRole("button", { name: /nhập số căn cước/ }).click();
  for (const digit of idNumber) await page.getByRole("button", { name: digit, exact: true }).click();
  await page.getByRole("button", { name: "Lấy số" }).click();
}

/** The check-ins a page posts, with the answer's status and the key that makes a resend count once. */
function watchCheckins(page: Page): { status: number; key: string | undefined }[] {
  const posts: { status: number; key: string | undefined }[] = [];
  page.on("response", (response) => {
    const request = response.request();
    if (request.method() === "POST" && new URL(response.url()).pathname === "/api/checkins")
      posts.push({ status: response.status(), key: request.headers()["idempotency-key"] });
  });
  return posts;
}

async function checkInOnKeypad(page: Page, idNumber: string): Promise<string> {
  await typeOnKeypad(page, idNumber);
  await page.getByTestId("kiosk-queue").waitFor({ timeout: 20_000 });
  return (await page.getByTestId("kiosk-queue").textContent()) ?? "";
}

/** Nothing a patient could type a staff password into, and no staff sign-in button. */
async function expectNoStaffSignIn(page: Page): Promise<void> {
  expect(await page.locator("input[type=password], #username").count()).toBe(0);
  expect(await page.getByRole("button", { name: PROVIDER_BUTTON }).count()).toBe(0);
}

/** Staff press and hold the desk screen's top right corner for a little over 3 s. */
async function holdCorner(page: Page): Promise<void> {
  const box = await page.getByRole("button", { name: /giữ 3 giây/ }).boundingBox();
  if (box === null) throw new Error("the staff corner is not on screen");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(3_300);
  await page.mouse.up();
}

describe.runIf(requireBrowser("kiosk-enrolment.test.ts"))("a kiosk enrolled once runs unattended", () => {
  let app: TestApp;
  const profile = mkdtempSync(join(tmpdir(), "tiepdon-kiosk-profile-"));
  const browsers: LaunchedBrowser[] = [];
  const open = async () => {
    const browser = await launchBrowser({ profile });
    browsers.push(browser);
    return browser;
  };

  beforeAll(async () => {
    app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small" });
  });
  afterAll(async () => {
    vi.useRealTimers();
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await app?.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  it("is enrolled by staff behind a held corner, survives a restart and a month of renewals, and sends patients to the desk once disabled", async () => {
    if (KIOSK === undefined) throw new Error("no demo kiosk account");
    const patients = people.map((person) => person.idNumber);

    // Not enrolled yet: the patient is sent to the desk; a tap on the corner does nothing.
    const first = await open();
    const page = await first.context.newPage();
    await page.goto(`${app.url}/kiosk`);
    await page.getByRole("heading", { name: DESK_TITLE }).waitFor({ timeout: 30_000 });
    await expectNoStaffSignIn(page);
    const corner = page.getByRole("button", { name: /giữ 3 giây/ });
    await corner.click();
    await page.waitForTimeout(3_500);
    await expectNoStaffSignIn(page);

    // Staff hold the corner for 3 s and sign the kiosk in once, through the provider.
    await holdCorner(page);
    await signInThroughProvider(page, KIOSK);
    await page.getByRole("button", { name: /nhập số căn cước/ }).waitFor({ timeout: 30_000 });
    const enrolled = await deviceTokens(page);
    expect(claimsOf(enrolled?.id_token ?? "")).toMatchObject({
      aud: "tiepdon-device",
      "custom:facility": "01001",
    });
    await first.close();

    // The browser restarts with the same profile: still signed in, and a patient gets a number.
    const second = await open();
    const clock = second.context.clock;
    await clock.install({ time: Date.now() });
    const kiosk = await second.context.newPage();
    await kiosk.goto(`${app.url}/kiosk`);
    await kiosk.getByRole("button", { name: /nhập số căn cước/ }).waitFor({ timeout: 30_000 });
    expect(await kiosk.getByRole("heading", { name: DESK_TITLE }).count()).toBe(0);
    expect(await checkInOnKeypad(kiosk, patients[0] ?? "")).toMatch(/^\d+$/);
    await kiosk.getByRole("button", { name: "Xong" }).click();

    // The server stops taking the kiosk's ID token before the kiosk expects it (the server's clock
    // runs two hours ahead): the patient's check-in is refused (401), the kiosk renews silently with
    // its refresh token and sends the same check-in again under the same key. The patient gets a
    // number; nobody sees the desk screen or a sign-in form.
    const refusedToken = await sessionToken(kiosk);
    const posts = watchCheckins(kiosk);
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 2 * 3600 * 1000);
    expect(await checkInOnKeypad(kiosk, patients[1] ?? "")).toMatch(/^\d+$/);
    expect(posts.map((post) => post.status)).toEqual([401, 201]);
    expect(posts[1]?.key).toBe(posts[0]?.key);
    expect(await kiosk.getByRole("heading", { name: DESK_TITLE }).count()).toBe(0);
    await expectNoStaffSignIn(kiosk);
    const renewedToken = (await sessionToken(kiosk)) ?? "";
    expect(renewedToken).not.toBe(refusedToken);
    expect(Number(claimsOf(renewedToken).exp) * 1000).toBeGreaterThan(Date.now());
    vi.useRealTimers();
    await kiosk.getByRole("button", { name: "Xong" }).click();

    // A month goes by, a day at a time, on the provider's clock and on the kiosk's: each day the
    // kiosk's hour-long ID token has run out, and it renews with the refresh token of its enrolment.
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now());
    for (let day = 1; day <= DAYS; day += 1) {
      const before = await sessionToken(kiosk);
      vi.setSystemTime(Date.now() + DAY_MS);
      await clock.fastForward(DAY_MS);
      const renewedToday = async () => {
        const token = await sessionToken(kiosk);
        return token !== null && token !== before && Number(claimsOf(token).exp) * 1000 > Date.now();
      };
      await expect
        .poll(renewedToday, { timeout: 20_000, interval: 200, message: `renewed on day ${day}` })
        .toBe(true);
      expect(await kiosk.getByRole("heading", { name: DESK_TITLE }).count()).toBe(0);
    }
    // Still the refresh token of the enrolment (not rotated), and the API takes today's ID token.
    expect((await deviceTokens(kiosk))?.refresh_token).toBe(enrolled?.refresh_token);
    const rooms = await kiosk.evaluate(
      async (token) => {
        const response = await fetch("/api/rooms", { headers: { authorization: `Bearer ${token}` } });
        return response.status;
      },
      (await sessionToken(kiosk)) ?? "",
    );
    expect(rooms).toBe(200);
    await kiosk.getByRole("button", { name: /nhập số căn cước/ }).waitFor();

    // An administrator disables the kiosk's account. A day later by the server's clock the next
    // patient's check-in is refused (401), and so is the renewal: the patient in front of the kiosk
    // sees the reception-desk screen, never a sign-in form.
    const admin = await app.token("admin");
    const disabled = await app.call("POST", `/api/admin/accounts/${KIOSK.username}/disable`, {
      token: admin,
    });
    expect(disabled.status, disabled.text).toBe(200);
    vi.setSystemTime(Date.now() + DAY_MS);
    const refusedPosts = watchCheckins(kiosk);
    await typeOnKeypad(kiosk, patients[2] ?? "");
    await kiosk.getByRole("heading", { name: DESK_TITLE }).waitFor({ timeout: 20_000 });
    expect(refusedPosts.map((post) => post.status)).toEqual([401]);
    await clock.fastForward(DAY_MS);
    await kiosk.getByRole("heading", { name: DESK_TITLE }).waitFor({ timeout: 20_000 });
    await expectNoStaffSignIn(kiosk);
    expect(await deviceTokens(kiosk)).toBeNull();
    vi.useRealTimers();

    // Staff reach the sign-in by holding Enter on the corner for 3 s (a keyboard gesture too).
    const staffCorner = kiosk.getByRole("button", { name: /giữ 3 giây/ });
    await staffCorner.focus();
    await kiosk.keyboard.down("Enter");
    await kiosk.waitForTimeout(1_000);
    await kiosk.keyboard.up("Enter");
    await expectNoStaffSignIn(kiosk);
    await staffCorner.focus();
    await kiosk.keyboard.down("Enter");
    await kiosk.waitForTimeout(3_300);
    await kiosk.keyboard.up("Enter");
    await kiosk.getByRole("button", { name: PROVIDER_BUTTON }).waitFor({ timeout: 5_000 });
  });

  it("enrols a waiting-room screen the same way, and it comes back to its own facility's board", async () => {
    if (KIOSK === undefined) throw new Error("no demo kiosk account");
    const admin = await app.token("admin");
    await app.call("POST", `/api/admin/accounts/${KIOSK.username}/enable`, { token: admin });
    const browser = await launchBrowser();
    browsers.push(browser);
    const page = await browser.context.newPage();
    await page.goto(`${app.url}/display?facility=01001`);
    await page.getByRole("heading", { name: DESK_TITLE }).waitFor({ timeout: 30_000 });
    await expectNoStaffSignIn(page);
    await holdCorner(page);
    await signInThroughProvider(page, KIOSK);
    await page.getByRole("heading", { name: "Mời người bệnh theo số" }).waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).search).toBe("?facility=01001");
    expect(claimsOf((await deviceTokens(page))?.id_token ?? "")).toMatchObject({ aud: "tiepdon-device" });
  });
});
