import type { Page } from "playwright-core";
import * as z from "zod";
import { freshCode } from "#test/support/totp";

/** The label of the pages' button that starts the OpenID Connect sign-in. */
export const PROVIDER_BUTTON = "Đăng nhập bằng tài khoản cơ sở";

/** The page's sign-in button, then the provider's form with a name and a password, sent. */
export async function submitPassword(
  page: Page,
  credentials: { username: string; password: string },
): Promise<void> {
  await page.getByRole("button", { name: PROVIDER_BUTTON }).click();
  // The first visit may wait for the provider's accounts to be ready on a loaded machine.
  await page.waitForURL(/\/auth\/interaction\//, { timeout: 60_000 });
  await page.locator("#username").fill(credentials.username);
  await page.locator("#password").fill(credentials.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

/** The provider's forced change of a one-time password, answered with `newPassword` twice. */
export async function changeOneTimePassword(page: Page, newPassword: string): Promise<void> {
  await page.locator("#new-password").fill(newPassword);
  await page.locator("#confirm-password").fill(newPassword);
  await page.getByRole("button", { name: "Đổi mật khẩu và đăng nhập" }).click();
}

/**
 * Signs in as a person would: the page's sign-in button, the provider's form, and back to the
 * page with a code that the page exchanges. No `?dev=`, no token handed in.
 */
export async function signInThroughProvider(
  page: Page,
  credentials: { username: string; password: string; totpSecret?: string },
): Promise<void> {
  await submitPassword(page, credentials);
  if (credentials.totpSecret !== undefined) {
    // Admin and health-department accounts are asked for the code their authenticator app shows.
    await page.locator("#totp-code").fill(await freshCode(credentials.totpSecret), { timeout: 60_000 });
    await page.getByRole("button", { name: "Xác nhận" }).click();
  }
  await page.waitForURL((url) => !url.pathname.startsWith("/auth"), { timeout: 60_000 });
  // Signed in once the page has exchanged the code and kept its session.
  await page.waitForFunction(() => sessionStorage.getItem("tiepdon.session") !== null, undefined, {
    timeout: 60_000,
  });
}

const storedUserSchema = z.object({
  id_token: z.string(),
  access_token: z.string(),
  refresh_token: z.string().optional(),
});

/** The tokens oidc-client-ts keeps for this tab (sessionStorage), or null once signed out. */
export async function storedTokens(page: Page): Promise<z.infer<typeof storedUserSchema> | null> {
  const raw = await page.evaluate(() => {
    for (let index = 0; index < sessionStorage.length; index += 1) {
      const key = sessionStorage.key(index);
      if (key?.startsWith("oidc.user:") === true) return sessionStorage.getItem(key);
    }
    return null;
  });
  return raw === null ? null : storedUserSchema.parse(JSON.parse(raw));
}

/** The ID token the page calls the API with (the page's own session record). */
export async function sessionToken(page: Page): Promise<string | null> {
  const raw = await page.evaluate(() => sessionStorage.getItem("tiepdon.session"));
  if (raw === null) return null;
  return z.object({ token: z.string() }).parse(JSON.parse(raw)).token;
}
