/**
 * Onboarding is not blocked by a gateway outage: with the gateway unreachable, a facility's new
 * account is stored (sealed) with a warning that it could not be tried. The app is also started
 * with the demo facility's certificate, as `npm start` takes it from GATEWAY_CERTIFICATE.
 */
import { createServer } from "node:net";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gatewayAccountStatusSchema } from "#domain/gateway-account-contract";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { makeTestCertificate } from "#test/support/test-certificates";

/** A loopback port with nothing listening on it: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

const CERTIFICATE = makeTestCertificate({ commonName: "Phòng khám mẫu 01001" });

describe("a new gateway account while the gateway is down", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { GATEWAY_BASE_URL: `http://127.0.0.1:${await closedPort()}/gateway` },
      certificate: { pkcs12: CERTIFICATE.pkcs12("Mật khẩu tệp"), password: "Mật khẩu tệp" },
    });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("is stored sealed, with a warning that the password could not be tried", async () => {
    const admin = await t.token("admin", { province: "052" });
    const put = await t.call("PUT", "/api/admin/facilities/52003/gateway-account", {
      token: admin,
      body: { username: "52003_BV", password: "Mật khẩu mới 52003" },
    });
    expect(put.status).toBe(200);
    const status = gatewayAccountStatusSchema.parse(put.json);
    expect(status.account?.username).toBe("52003_BV");
    expect(status.warning?.code).toBe("GATEWAY_UNREACHABLE");
    expect(put.text).not.toContain("Mật khẩu mới 52003");
    const stored = await t.doc.send(
      new GetCommand({ TableName: t.names.gatewayAccounts, Key: { code: "52003" } }),
    );
    expect(stored.Item?.username).toBe("52003_BV");
    expect(JSON.stringify(stored.Item)).not.toContain("Mật khẩu mới 52003");
    // The list never carries the warning: it belongs to that one write.
    const listed = await t.call("GET", "/api/admin/facilities/52003/gateway", { token: admin });
    expect(gatewayAccountStatusSchema.parse(listed.json).warning).toBeUndefined();
  });

  it("keeps the demo facility's certificate given at start, its key sealed", async () => {
    const admin = await t.token("admin", { province: "001" });
    const status = gatewayAccountStatusSchema.parse(
      (await t.call("GET", "/api/admin/facilities/01001/gateway", { token: admin })).json,
    );
    expect(status.certificate?.subject).toContain("CN=Phòng khám mẫu 01001");
    const stored = await t.doc.send(
      new GetCommand({ TableName: t.names.gatewayAccounts, Key: { code: "01001" } }),
    );
    expect(JSON.stringify(stored.Item)).not.toContain("PRIVATE KEY");
  });
});
