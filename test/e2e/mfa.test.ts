import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { DEMO_ACCOUNTS } from "#infra/local/auth/local-sign-in";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { claimsOf } from "#test/support/oidc-flow";
import { freshCode, rfc6238Code } from "#test/support/totp";
import { ADMIN_HEADING, openAdminPage } from "./support/admin-page.ts";
import { changeOneTimePassword, PROVIDER_BUTTON, storedTokens, submitPassword } from "./support/sign-in.ts";
import { ensureWebBuilt } from "./support/web-build.ts";

const issuedSchema = z.object({ accounts: z.array(z.object({ oneTimePassword: z.string().nullable() })) });
const NEW_PASSWORD = "mật khẩu quản trị mới 2026";

/** A six-digit code that is none of the secret's codes around now (a typo, as a person makes one). */
function wrongCode(secret: string): string {
  const step = Math.floor(Date.now() / 30_000);
  const near = new Set([-2, -1, 0, 1, 2].map((offset) => rfc6238Code(secret, step + offset)));
  return ["123456", "654321", "111111"].find((code) => !near.has(code)) ?? "222222";
}

describe.runIf(requireBrowser("mfa.test.ts"))("two-step sign-in with a TOTP code", () => {
  let app: TestApp;
  const browsers: LaunchedBrowser[] = [];

  beforeAll(async () => {
    app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small" });
  });
  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await app?.stop();
  });

  it("a new administrator sets up a code at the first sign-in, then gives one at every sign-in", async () => {
    const token = await app.token("admin", { province: "001" });
    const created = await app.call("POST", "/api/admin/accounts", {
      token,
      body: { username: "quantri.moi", role: "admin", province: "001" },
    });
    expect(created.status).toBe(201);
    const oneTimePassword = issuedSchema.parse(created.json).accounts[0]?.oneTimePassword ?? "";

    const page = await openAdminPage(app.url, browsers);
    await submitPassword(page, { username: "quantri.moi", password: oneTimePassword });
    await changeOneTimePassword(page, NEW_PASSWORD);

    // The set-up step: the secret as text and as an otpauth:// link, then a first code.
    await page.getByRole("heading", { name: /Thiết lập mã xác thực/ }).waitFor({ timeout: 60_000 });
    const secret = (await page.locator("#totp-secret").getAttribute("data-secret")) ?? "";
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect((await page.locator("#totp-secret").textContent())?.replaceAll(" ", "")).toBe(secret);
    const uri = new URL((await page.locator("#totp-uri").getAttribute("href")) ?? "");
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("period")).toBe("30");
    await page.locator("#totp-code").fill(wrongCode(secret));
    await page.getByRole("button", { name: "Xác nhận và đăng nhập" }).click();
    const refused = page.getByRole("alert");
    await refused.filter({ hasText: "Mã xác thực không đúng" }).waitFor();
    expect(await refused.textContent()).toContain("The code is wrong");
    expect(new URL(page.url()).pathname.startsWith("/auth")).toBe(true);
    await page.locator("#totp-code").fill(await freshCode(secret));
    await page.getByRole("button", { name: "Xác nhận và đăng nhập" }).click();
    await page.getByRole("heading", { name: ADMIN_HEADING }).waitFor({ timeout: 60_000 });
    expect(claimsOf((await storedTokens(page))?.id_token ?? "")).toMatchObject({
      "cognito:groups": ["admin"],
      "custom:province": "001",
    });

    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.getByRole("button", { name: PROVIDER_BUTTON }).waitFor({ timeout: 60_000 });
    // From now on the password alone is not enough: a wrong code is refused, the right one signs in.
    await submitPassword(page, { username: "quantri.moi", password: NEW_PASSWORD });
    await page.getByRole("heading", { name: /Mã xác thực/ }).waitFor({ timeout: 60_000 });
    await page.locator("#totp-code").fill(wrongCode(secret));
    await page.getByRole("button", { name: "Xác nhận" }).click();
    await page.getByRole("alert").filter({ hasText: "Mã xác thực không đúng" }).waitFor();
    await page.locator("#totp-code").fill(await freshCode(secret));
    await page.getByRole("button", { name: "Xác nhận" }).click();
    await page.getByRole("heading", { name: ADMIN_HEADING }).waitFor({ timeout: 60_000 });
  });

  it("a receptionist is not asked for a code", async () => {
    const browser = await launchBrowser();
    browsers.push(browser);
    const page = await browser.context.newPage();
    await page.goto(`${app.url}/`);
    const receptionist = DEMO_ACCOUNTS.find((entry) => entry.username === "letan.01001");
    expect(receptionist?.totpSecret).toBeUndefined();
    await page.getByRole("button", { name: PROVIDER_BUTTON }).click();
    await page.waitForURL(/\/auth\/interaction\//, { timeout: 60_000 });
    await page.locator("#username").fill("letan.01001");
    await page.locator("#password").fill(receptionist?.password ?? "");
    const answer = page.waitForResponse(
      (response) => response.request().method() === "POST" && response.url().endsWith("/login"),
      { timeout: 60_000 },
    );
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    // The right password goes straight back to the page: a redirect, not a code form.
    expect((await answer).status()).toBe(303);
    await page.locator("#typed-value").waitFor({ timeout: 60_000 });
    expect(await page.locator("#totp-code").count()).toBe(0);
  });
});
