/**
 * The administrator enters a facility's gateway account and uploads its signing certificate on the
 * admin page: the list shows the username and the certificate, never a secret, and a file that
 * cannot sign is refused with its message.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoFacilityAccount } from "#functions/gateway-mock/demo-accounts";
import { DEMO_ACCOUNTS } from "#infra/local/auth/local-sign-in";
import { type LaunchedBrowser, launchBrowser, requireBrowser } from "#test/support/browser";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { makeTestCertificate } from "#test/support/test-certificates";
import { signInThroughProvider } from "./support/sign-in.ts";
import { ensureWebBuilt } from "./support/web-build.ts";

/** The password the gateway stand-in knows for 01001_BV. */
const HANOI_PASSWORD = demoFacilityAccount("01001").password;

const ADMIN = DEMO_ACCOUNTS.find((account) => account.username === "quantri.001") ?? {
  username: "quantri.001",
  password: "",
};

describe.runIf(requireBrowser("admin-gateway.test.ts"))("the admin page's gateway accounts", () => {
  let app: TestApp;
  let browser: LaunchedBrowser | undefined;

  beforeAll(async () => {
    app = await startTestApp({ webRoot: await ensureWebBuilt(), seed: "small" });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("sets a facility's account and certificate, and refuses a certificate file with a wrong password", async () => {
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    await page.goto(`${app.url}/admin`);
    await signInThroughProvider(page, ADMIN);
    const panel = page.locator("section").filter({
      has: page.getByRole("heading", { name: "Tài khoản cổng giám định BHXH" }),
    });
    const row = panel.locator('table[data-table="gateway-accounts"] tr[data-facility="01001"]');
    await row.waitFor();
    expect(await row.textContent()).toContain("Chưa có");

    await panel.locator('select[name="gateway-facility"]').selectOption("01001");
    const account = page.getByRole("form", { name: "Lưu tài khoản" });
    // A password the gateway refuses is not saved: the administrator is told why.
    await account.locator('input[name="gateway-username"]').fill("01001_BV");
    await account.locator('input[name="gateway-password"]').fill("Mật khẩu bí mật 01001");
    await account.getByRole("button", { name: "Lưu tài khoản" }).click();
    await panel.getByRole("alert").filter({ hasText: "Cổng BHXH từ chối" }).waitFor();
    expect(await row.textContent()).not.toContain("01001_BV");
    await account.locator('input[name="gateway-password"]').fill(HANOI_PASSWORD);
    await account.getByRole("button", { name: "Lưu tài khoản" }).click();
    await row.filter({ hasText: "01001_BV" }).waitFor();
    expect(await row.textContent()).toContain("Đang dùng");
    expect(await page.content()).not.toContain(HANOI_PASSWORD);

    // The kiosk clerk: the name is shown back, the ID number never.
    const clerk = page.getByRole("form", { name: "Lưu cán bộ cho ki-ốt" });
    await clerk.locator('input[name="kiosk-clerk-name"]').fill("Trần Văn Tiếp Nhận");
    await clerk.locator('input[name="kiosk-clerk-id"]').fill("038085000002");
    await clerk.getByRole("button", { name: "Lưu cán bộ cho ki-ốt" }).click();
    await row.filter({ hasText: "Trần Văn Tiếp Nhận" }).waitFor();
    expect(await page.content()).not.toContain("038085000002");

    const certificate = makeTestCertificate({ commonName: "Bệnh viện Đa khoa Hà Nội (mẫu)" });
    const upload = page.getByRole("form", { name: "Tải lên chứng thư số" });
    const file = { name: "bv01001.p12", mimeType: "application/x-pkcs12" };
    await upload
      .locator('input[name="gateway-certificate-file"]')
      .setInputFiles({ ...file, buffer: Buffer.from(certificate.pkcs12("đúng")) });
    await upload.locator('input[name="gateway-certificate-password"]').fill("sai");
    await upload.getByRole("button", { name: "Tải lên chứng thư số" }).click();
    await panel.getByRole("alert").filter({ hasText: "Mật khẩu của tệp chứng thư số không đúng." }).waitFor();

    await upload
      .locator('input[name="gateway-certificate-file"]')
      .setInputFiles({ ...file, buffer: Buffer.from(certificate.pkcs12("đúng")) });
    await upload.locator('input[name="gateway-certificate-password"]').fill("đúng");
    await upload.getByRole("button", { name: "Tải lên chứng thư số" }).click();
    await row.filter({ hasText: "CN=Bệnh viện Đa khoa Hà Nội (mẫu)" }).waitFor();
    expect(await panel.getByRole("alert").count()).toBe(0);
  });
});
