import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { generateFacilities, generatePopulation } from "#functions/gateway-mock/population";
import { DEMO_ACCOUNTS } from "#infra/local/auth/local-sign-in";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { claimsOf, refreshTokens } from "#test/support/oidc-flow";
import { checkInTyped, cutNetwork, restoreNetwork } from "./support/offline.ts";
import { PROVIDER_BUTTON, sessionToken, signInThroughProvider, storedTokens } from "./support/sign-in.ts";
import { ensureWebBuilt } from "./support/web-build.ts";

/** ID tokens live 75 s here, so the page renews 15 s after each sign-in (a minute before expiry). */
const TOKEN_SECONDS = 75;
const people = generatePopulation(300, generateFacilities(120)).slice(240);
let nextPerson = 0;
const freshId = () => {
  const person = people[nextPerson++];
  if (person === undefined) throw new Error("out of people");
  return person.idNumber;
};
const account = (username: string) => {
  const found = DEMO_ACCOUNTS.find((entry) => entry.username === username);
  if (found === undefined) throw new Error(`no demo account ${username}`);
  return found;
};
const listSchema = z.object({
  items: z.array(z.object({ patient: z.object({ idNumber: z.string().nullable() }) })),
});

describe.runIf(requireBrowser("sign-in.test.ts"))("signing in through the OpenID provider", () => {
  let app: TestApp;
  const browsers: LaunchedBrowser[] = [];
  const openBrowser = async () => {
    const browser = await launchBrowser();
    browsers.push(browser);
    return browser;
  };

  beforeAll(async () => {
    app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small", tokenSeconds: TOKEN_SECONDS });
  });
  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await app?.stop();
  });

  it("a receptionist signs in, checks a patient in and signs out; the refresh token is then refused", async () => {
    const { context } = await openBrowser();
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    await signInThroughProvider(page, account("letan.01001"));
    await page.locator("#typed-value").waitFor();
    expect(new URL(page.url()).search).toBe("");
    const tokens = await storedTokens(page);
    expect(claimsOf(tokens?.id_token ?? "")).toMatchObject({ "custom:facility": "01001", token_use: "id" });
    const refreshToken = tokens?.refresh_token ?? "";
    expect(refreshToken).not.toBe("");

    const id = freshId();
    await checkInTyped(page, id);
    const list = await app.call("GET", "/api/checkins?date=today&limit=100", {
      token: (await sessionToken(page)) ?? "",
    });
    expect(listSchema.parse(list.json).items.map((item) => item.patient.idNumber)).toContain(id);

    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.getByRole("button", { name: PROVIDER_BUTTON }).waitFor();
    expect(await storedTokens(page)).toBeNull();
    expect(await refreshTokens(app.url, refreshToken)).toBe(400);
    // The provider's session ended too: the next sign-in asks for the password again.
    await page.getByRole("button", { name: PROVIDER_BUTTON }).click();
    await page.waitForURL(/\/auth\/interaction\//);
    await page.locator("#password").waitFor();
  });

  it("renews across a 10 s network cut at the renewal without signing the page out", async () => {
    const { context } = await openBrowser();
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    await signInThroughProvider(page, account("letan.01001"));
    await page.locator("#typed-value").waitFor();
    const first = (await sessionToken(page)) ?? "";
    const expiresAt = Number(claimsOf(first).exp) * 1000;
    // The renewal starts a minute before expiry: cut the network just before it, for 10 s.
    const renewalAt = expiresAt - 60_000;
    await page.waitForTimeout(Math.max(0, renewalAt - 3_000 - Date.now()));
    await cutNetwork(context);
    await page.waitForTimeout(Math.max(0, renewalAt + 7_000 - Date.now()));
    expect(await sessionToken(page)).toBe(first);
    await restoreNetwork(context);
    await expect.poll(async () => sessionToken(page), { timeout: 30_000, interval: 500 }).not.toBe(first);
    const renewed = (await sessionToken(page)) ?? "";
    expect(Number(claimsOf(renewed).exp) * 1000).toBeGreaterThan(expiresAt);
    // Still signed in, and the renewed token works.
    expect(await page.getByRole("button", { name: PROVIDER_BUTTON }).count()).toBe(0);
    await checkInTyped(page, freshId());
  });

  it("a provincial user's access token is refused by the API, while the page works with the ID token", async () => {
    const { context } = await openBrowser();
    const page = await context.newPage();
    await page.goto(`${app.url}/dashboard`);
    await signInThroughProvider(page, account("soyte.001"));
    const tokens = await storedTokens(page);
    expect(tokens).not.toBeNull();
    const answer = await page.evaluate(async (accessToken) => {
      const response = await fetch("/api/reports/scan-rate?groupBy=province", {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      return { status: response.status, body: await response.text() };
    }, tokens?.access_token ?? "");
    expect(answer.status).toBe(401);
    expect(answer.body).toContain("ID_TOKEN_REQUIRED");
    const own = await app.call("GET", "/api/reports/scan-rate?groupBy=province", {
      token: tokens?.id_token ?? "",
    });
    expect(own.status).toBe(200);
    expect((own.json as { province: unknown }).province).not.toBeNull();
  });
});
