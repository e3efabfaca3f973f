import type { Page } from "playwright-core";
import { type LaunchedBrowser, launchBrowser } from "#test/support/browser";
import { signInThroughProvider } from "./sign-in.ts";

/** The admin page's heading once signed in, in Vietnamese. */
export const ADMIN_HEADING = "Quản trị – cơ sở và tài khoản";

/** A fresh browser (kept in `browsers`, for closing) with the admin page open, not signed in. */
export async function openAdminPage(appUrl: string, browsers: LaunchedBrowser[]): Promise<Page> {
  const browser = await launchBrowser();
  browsers.push(browser);
  const page = await browser.context.newPage();
  await page.goto(`${appUrl}/admin`);
  return page;
}

/** The admin page in a fresh browser, signed in through the provider (code included) and shown. */
export async function signInAsAdmin(
  appUrl: string,
  browsers: LaunchedBrowser[],
  account: { username: string; password: string; totpSecret?: string },
): Promise<Page> {
  const page = await openAdminPage(appUrl, browsers);
  await signInThroughProvider(page, account);
  await page.getByRole("heading", { name: ADMIN_HEADING }).waitFor();
  return page;
}
