import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { type CognitoStandIn, startCognitoStandIn } from "#test/support/cognito-stand-in";
import { freshCode, rfc6238Code } from "#test/support/totp";
import { ADMIN_HEADING } from "./support/admin-page.ts";
import { type CognitoSite, SITE_CLIENT_ID, startCognitoSite } from "./support/cognito-site.ts";
import { PROVIDER_BUTTON } from "./support/sign-in.ts";
import { ensureWebBuilt } from "./support/web-build.ts";

const SETUP_HEADING = "Thiết lập mã xác thực hai bước";
const SUBMIT = "Xác nhận và đăng nhập lại";

/** A six-digit code that is none of the secret's codes around now (a typo, as a person makes one). */
function wrongCode(secret: string): string {
  const step = Math.floor(Date.now() / 30_000);
  const near = new Set([-2, -1, 0, 1, 2].map((offset) => rfc6238Code(secret, step + offset)));
  return ["123456", "654321", "111111"].find((code) => !near.has(code)) ?? "222222";
}

describe.runIf(requireBrowser("totp-setup.test.ts"))("TOTP set-up on the pages in AWS", () => {
  let cognito: CognitoStandIn;
  let site: CognitoSite;
  let browser: LaunchedBrowser | undefined;

  beforeAll(async () => {
    const webRoot = await ensureWebBuilt();
    cognito = await startCognitoStandIn({
      issuer: "https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_standin",
    });
    site = await startCognitoSite(webRoot, cognito.url);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await cognito?.stop();
  });

  it("an administrator without TOTP sets it up with Cognito's user API, then signs in again with the group", async () => {
    cognito.signInAs({ username: "quantri.hn", group: "admin", province: "001" });
    browser = await launchBrowser();
    const { context } = browser;
    const page = await context.newPage();
    await page.goto(`${site.url}/admin`);
    await page.getByRole("button", { name: PROVIDER_BUTTON }).click();

    // Cognito's token has no admin group yet: the set-up screen, not the admin page.
    await page.getByRole("heading", { name: SETUP_HEADING }).waitFor({ timeout: 60_000 });
    const first = cognito.authorizeRequests[0];
    expect(first?.get("client_id")).toBe(SITE_CLIENT_ID);
    expect(first?.get("scope")?.split(" ")).toContain("aws.cognito.signin.user.admin");
    const secret = (await page.locator("#totp-secret").getAttribute("data-secret")) ?? "";
    expect(secret).toBe(cognito.secretOf("quantri.hn"));
    expect((await page.locator("#totp-secret").textContent())?.replaceAll(" ", "")).toBe(secret);
    const uri = new URL((await page.locator("#totp-uri").getAttribute("href")) ?? "");
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(decodeURIComponent(uri.pathname)).toBe("/tiepdon:quantri.hn");

    // A wrong code is refused with its message; nothing is made preferred.
    await page.locator("#totp-code").fill(wrongCode(secret));
    await page.getByRole("button", { name: SUBMIT }).click();
    const refused = page.getByRole("alert").filter({ hasText: "Mã xác thực không đúng" });
    await refused.waitFor();
    expect(await refused.getAttribute("data-code")).toBe("TOTP_CODE_WRONG");
    expect(cognito.calls.map((call) => call.operation)).not.toContain("SetUserMFAPreference");

    // The network cut at the wrong second: a message of its own, and the form stays.
    await context.setOffline(true);
    await page.locator("#totp-code").fill("000000");
    await page.getByRole("button", { name: SUBMIT }).click();
    await page.getByRole("alert").filter({ hasText: "Kiểm tra mạng" }).waitFor();
    await context.setOffline(false);

    // The right code: verified, TOTP enabled and preferred, then a new sign-in with the group.
    await page.locator("#totp-code").fill(await freshCode(secret));
    await page.getByRole("button", { name: SUBMIT }).click();
    await page.getByRole("heading", { name: ADMIN_HEADING }).waitFor({ timeout: 60_000 });
    expect(cognito.calls.map(({ operation, status }) => `${operation} ${status}`)).toEqual([
      "AssociateSoftwareToken 200",
      "VerifySoftwareToken 400",
      "VerifySoftwareToken 200",
      "SetUserMFAPreference 200",
    ]);
    expect(cognito.calls.at(-1)?.body).toMatchObject({
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    });
    expect(cognito.authorizeRequests).toHaveLength(2);
    expect(cognito.authorizeRequests[1]?.get("code_challenge_method")).toBe("S256");
    expect(await page.getByRole("heading", { name: SETUP_HEADING }).count()).toBe(0);
  });
});
