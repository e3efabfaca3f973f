import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "#infra/local/auth/local-sign-in";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { claimsOf } from "#test/support/oidc-flow";
import { signInAsAdmin } from "./support/admin-page.ts";
import { changeOneTimePassword, storedTokens, submitPassword } from "./support/sign-in.ts";
import { ensureWebBuilt } from "./support/web-build.ts";

const ADMIN = DEMO_ACCOUNTS.find((account) => account.username === "quantri.001") ?? {
  username: "quantri.001",
  password: "",
};

/** Thirty Hà Nội facilities; the second line's name is a formula, which the import must refuse. */
const withFormula = [
  "maCSKCB,name,province,level,address",
  "01901,Trạm y tế phường Phúc Xá,001,4,Ba Đình",
  '01902,"=HYPERLINK(""http://x"")",001,4,',
  "01903,Trạm y tế phường Trúc Bạch,001,4,Ba Đình",
  ...Array.from(
    { length: 27 },
    (_, i) => `019${String(i + 4).padStart(2, "0")},Trạm y tế số ${i + 4},001,4,Hà Nội`,
  ),
].join("\n");
const fixed = withFormula.replace('"=HYPERLINK(""http://x"")"', "Trạm y tế phường Vĩnh Phúc");

describe.runIf(requireBrowser("admin.test.ts"))("the administrator's page", () => {
  let app: TestApp;
  const browsers: LaunchedBrowser[] = [];

  beforeAll(async () => {
    app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small" });
  });
  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await app?.stop();
  });

  it("imports facilities after fixing a refused line, adds an exam room, creates a receptionist, who then signs in and sees the room", async () => {
    const page = await signInAsAdmin(app.url, browsers, ADMIN);

    const facilityImport = page.getByRole("form", { name: "Nhập danh sách cơ sở (CSV)" });
    await facilityImport.locator("textarea").fill(withFormula);
    await facilityImport.getByRole("button", { name: "Nhập" }).click();
    const refused = facilityImport.locator('li[data-line="3"][data-code="CSV_FORMULA"]');
    await refused.waitFor();
    expect(await refused.textContent()).toContain("Dòng 3");
    expect(await facilityImport.locator(".admin-line-errors li").count()).toBe(1);
    expect(await page.locator('tr[data-code="01901"]').count()).toBe(0);

    await facilityImport.locator("textarea").fill(fixed);
    await facilityImport.getByRole("button", { name: "Nhập" }).click();
    await facilityImport.getByRole("status").filter({ hasText: "Đã nhập 30 dòng." }).waitFor();
    await page.locator('tr[data-code="01930"]').waitFor();
    await page.locator('tr[data-code="01902"]').filter({ hasText: "Trạm y tế phường Vĩnh Phúc" }).waitFor();

    const rooms = page.locator("section").filter({ has: page.getByRole("heading", { name: "Phòng khám" }) });
    await rooms.locator('select[name="rooms-facility"]').selectOption("01901");
    await rooms.getByText("Cơ sở này chưa có phòng khám.").waitFor();
    const addRoom = page.getByRole("form", { name: "Thêm hoặc sửa phòng" });
    await addRoom.locator('input[name="room-slug"]').fill("noi-1");
    await addRoom.locator('input[name="room-number"]').fill("1");
    await addRoom.locator('input[name="room-name"]').fill("Phòng khám Nội 1");
    await addRoom.locator('input[name="room-service-code"]').fill("02.1896");
    await addRoom.locator('input[name="room-service-name"]').fill("Khám Nội");
    await addRoom.getByRole("button", { name: "Lưu phòng" }).click();
    const roomRow = page.locator('table[data-table="rooms"] tr[data-room="01901-noi-1"]');
    await roomRow.waitFor();
    expect(await roomRow.textContent()).toContain("Đang mở");

    const create = page.getByRole("form", { name: "Tạo tài khoản" });
    await create.locator('input[name="username"]').fill("letan.01901");
    await create.locator('select[name="facility"]').selectOption("01901");
    await create.locator('input[name="full-name"]').fill("Phạm Thị Lan");
    await create.locator('input[name="id-number"]').fill("001190000777");
    await create.getByRole("button", { name: "Tạo tài khoản" }).click();
    const issued = page.locator('.admin-issued tr[data-username="letan.01901"] .one-time-password');
    await issued.waitFor();
    const oneTimePassword = (await issued.textContent()) ?? "";
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(16);
    await page.locator('table[data-table="accounts"] tr[data-username="letan.01901"]').waitFor();

    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { name: "Administration – facilities and accounts" }).waitFor();

    const clerk = await launchBrowser();
    browsers.push(clerk);
    const reception = await clerk.context.newPage();
    await reception.goto(`${app.url}/`);
    await submitPassword(reception, { username: "letan.01901", password: oneTimePassword });
    // A one-time password must be replaced before the first sign-in goes through.
    await changeOneTimePassword(reception, "mật khẩu của Lan 2026");
    await reception.waitForURL((url) => !url.pathname.startsWith("/auth"), { timeout: 60_000 });
    await reception.locator("#typed-value").waitFor({ timeout: 60_000 });
    // The room the administrator added is the one reception sends patients to.
    const picker = reception.getByTestId("room-picker");
    await picker.waitFor({ timeout: 30_000 });
    expect(await picker.locator("option").allTextContents()).toEqual(["P1 · Phòng khám Nội 1 (0 chờ)"]);
    const tokens = await storedTokens(reception);
    expect(claimsOf(tokens?.id_token ?? "")).toMatchObject({
      "cognito:groups": ["receptionist"],
      "custom:facility": "01901",
      name: "Phạm Thị Lan",
      "custom:cccd": "001190000777",
    });
  });
});
