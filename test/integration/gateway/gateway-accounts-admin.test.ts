/**
 * An administrator registers a facility's gateway account and signing certificate through the
 * API: the secrets are refused when they cannot work, never come back out, rest sealed in the
 * table, and the card check uses the facility's own account from the next minute on.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { gatewayAccountListSchema, gatewayAccountStatusSchema } from "#domain/gateway-account-contract";
import { REGISTERED_CLERKS } from "#functions/gateway-mock/clerks";
import { demoFacilityAccount } from "#functions/gateway-mock/demo-accounts";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { LOCAL_GATEWAY_ACCOUNT } from "#infra/local/local-env";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { makeTestCertificate } from "#test/support/test-certificates";

const FACILITY = "38001";
/** The password the gateway stand-in knows for 38001_BV. */
const THANH_HOA_PASSWORD = demoFacilityAccount(FACILITY).password;
const OTHER = "01001";
const DAY = 86_400_000;
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const codeOf = (json: unknown) => errorSchema.parse(json).error.code;
const base64 = (file: Uint8Array) => Buffer.from(file).toString("base64");

describe("a facility's gateway account, set by its province's administrator", () => {
  let t: TestApp;
  let thanhHoa = "";
  let hanoi = "";
  const people = generatePopulation(300, generateFacilities(120)).slice(100, 108);

  beforeAll(async () => {
    // A password change reaches the card check within a second here (a minute by default).
    t = await startTestApp({ env: { GATEWAY_ACCOUNT_MAX_AGE_SECONDS: "1" } });
    thanhHoa = await t.token("admin", { province: "038" });
    hanoi = await t.token("admin", { province: "001" });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const putAccount = (token: string, body: unknown, code = FACILITY) =>
    t.call("PUT", `/api/admin/facilities/${code}/gateway-account`, { token, body });
  const putCertificate = (token: string, body: unknown) =>
    t.call("PUT", `/api/admin/facilities/${FACILITY}/gateway-certificate`, { token, body });
  const lockAccount = async (username: string, locked: boolean) => {
    const res = await fetch(`${t.url}/gateway/_accounts`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, locked }),
    });
    expect(res.status).toBe(200);
    await res.body?.cancel();
  };
  const checkIn = async (facility: string, person: (typeof people)[number]) => {
    const token = await t.token("receptionist", { facility });
    const res = await t.call("POST", "/api/checkins", {
      token,
      body: { method: "qr-cccd", payload: qrOf(person) },
    });
    expect(res.status).toBe(201);
    return z.object({ status: z.string() }).parse(res.json).status;
  };

  it("refuses a password the gateway refuses, and stores nothing", async () => {
    const before = await t.doc.send(
      new GetCommand({ TableName: t.names.gatewayAccounts, Key: { code: FACILITY } }),
    );
    const refused = await putAccount(thanhHoa, { username: "38001_BV", password: "Mật-khẩu-38001" });
    expect(refused.status).toBe(422);
    expect(codeOf(refused.json)).toBe("GATEWAY_PASSWORD_REFUSED");
    expect(errorSchema.parse(refused.json).error.message).toContain("BHXH");
    const after = await t.doc.send(
      new GetCommand({ TableName: t.names.gatewayAccounts, Key: { code: FACILITY } }),
    );
    expect(after.Item).toEqual(before.Item);
  });

  it("keeps the password write-only and sealed, and answers only whether it is set", async () => {
    const put = await putAccount(thanhHoa, { username: "38001_BV", password: THANH_HOA_PASSWORD });
    expect(put.status).toBe(200);
    expect(put.text).not.toContain(THANH_HOA_PASSWORD);
    const status = gatewayAccountStatusSchema.parse(put.json);
    expect(status).toMatchObject({
      facility: FACILITY,
      account: { username: "38001_BV" },
      certificate: null,
    });

    const stored = await t.doc.send(
      new GetCommand({ TableName: t.names.gatewayAccounts, Key: { code: FACILITY } }),
    );
    expect(JSON.stringify(stored.Item)).not.toContain(THANH_HOA_PASSWORD);
    expect(stored.Item?.username).toBe("38001_BV");

    const listed = gatewayAccountListSchema.parse(
      (await t.call("GET", "/api/admin/gateway-accounts", { token: thanhHoa })).json,
    );
    expect(listed.facilities.find((f) => f.facility === FACILITY)?.account?.username).toBe("38001_BV");
    expect(listed.facilities.every((f) => f.facility.startsWith("38"))).toBe(true);
  });

  it("refuses another province's administrator with OUT_OF_SCOPE and changes nothing", async () => {
    const refused = await putAccount(hanoi, { username: "38001_BV", password: "x" });
    expect(refused.status).toBe(403);
    expect(codeOf(refused.json)).toBe("OUT_OF_SCOPE");
    expect((await t.call("GET", `/api/admin/facilities/${FACILITY}/gateway`, { token: hanoi })).status).toBe(
      403,
    );
    const seen = gatewayAccountStatusSchema.parse(
      (await t.call("GET", `/api/admin/facilities/${FACILITY}/gateway`, { token: thanhHoa })).json,
    );
    expect(seen.account?.username).toBe("38001_BV");
  });

  it("stops only its own facility when the gateway refuses its account, and checks again once it is corrected", async () => {
    // The gateway locks 38001's account (as after wrong passwords); 01001 still checks under the install's account.
    await lockAccount("38001_BV", true);
    const [first, second, third, fourth] = people;
    if (first === undefined || second === undefined || third === undefined || fourth === undefined)
      throw new Error("too few people");
    expect(await checkIn(FACILITY, first)).toBe("pending");
    expect(await checkIn(OTHER, second)).not.toBe("pending");
    const refusedNow = async () =>
      gatewayAccountStatusSchema.parse(
        (await t.call("GET", `/api/admin/facilities/${FACILITY}/gateway`, { token: thanhHoa })).json,
      ).refused;
    // The admin sees which facility's account the gateway refused.
    await expect.poll(refusedNow).toMatchObject({ code: "401" });

    await lockAccount("38001_BV", false);
    const corrected = await putAccount(thanhHoa, LOCAL_GATEWAY_ACCOUNT_WRITE);
    expect(corrected.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await refusedNow()).toBeNull();
    expect(await checkIn(FACILITY, third)).not.toBe("pending");
    expect(await checkIn(OTHER, fourth)).not.toBe("pending");
  });

  it("checks a kiosk's cards under the clerk its facility names", async () => {
    const kiosk = await t.token("kiosk", { facility: OTHER });
    const kioskCheck = async (person: (typeof people)[number]) => {
      const res = await t.call("POST", "/api/checkins", {
        token: kiosk,
        body: { method: "qr-cccd", payload: qrOf(person) },
      });
      expect(res.status).toBe(201);
      expect(res.text).not.toContain(person.idNumber);
      return z.object({ status: z.string() }).parse(res.json).status;
    };
    const put = (body: unknown) =>
      t.call("PUT", `/api/admin/facilities/${OTHER}/kiosk-clerk`, { token: hanoi, body });
    expect((await put({ name: "Nguyễn Văn Ki Ốt", id: "12345" })).status).toBe(400);
    // A clerk the gateway does not know: it answers 054, which reception must review.
    const unknown = await put({ name: "Phạm Văn Chưa Đăng Ký", id: "001190009999" });
    expect(unknown.status).toBe(200);
    expect(gatewayAccountStatusSchema.parse(unknown.json).kioskClerk).toEqual({
      name: "Phạm Văn Chưa Đăng Ký",
    });
    expect(unknown.text).not.toContain("001190009999");
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await kioskCheck(people[4] ?? fail())).toBe("needs-review");
    const known = await put(REGISTERED_CLERKS[1]);
    expect(known.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await kioskCheck(people[5] ?? fail())).toBe("covered");
  });

  it("takes a signing certificate, showing its subject and end but never its key", async () => {
    const certificate = makeTestCertificate({ commonName: "Bệnh viện Đa khoa tỉnh Thanh Hóa" });
    const put = await putCertificate(thanhHoa, {
      pkcs12: base64(certificate.pkcs12("Mật khẩu")),
      password: "Mật khẩu",
    });
    expect(put.status).toBe(200);
    const status = gatewayAccountStatusSchema.parse(put.json);
    expect(status.certificate?.subject).toContain("CN=Bệnh viện Đa khoa tỉnh Thanh Hóa");
    expect(new Date(status.certificate?.validTo ?? 0).getTime()).toBeGreaterThan(Date.now() + 300 * DAY);
    expect(put.text).not.toContain("PRIVATE KEY");
    const stored = await t.doc.send(
      new GetCommand({ TableName: t.names.gatewayAccounts, Key: { code: FACILITY } }),
    );
    expect(JSON.stringify(stored.Item)).not.toContain("PRIVATE KEY");
  });

  it("refuses at upload what cannot sign, each with its code, and keeps the certificate it had", async () => {
    const good = makeTestCertificate();
    const expired = makeTestCertificate({
      notBefore: new Date(Date.now() - 400 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    const mismatched = makeTestCertificate({ otherKey: true });
    const cases = [
      [{ pkcs12: base64(good.pkcs12("right")), password: "wrong" }, "CERTIFICATE_PASSPHRASE_WRONG"],
      [
        { pkcs12: base64(new TextEncoder().encode(good.certificatePem)), password: "a" },
        "CERTIFICATE_NOT_PKCS12",
      ],
      [{ pkcs12: base64(expired.pkcs12("a")), password: "a" }, "CERTIFICATE_EXPIRED"],
      [{ pkcs12: base64(mismatched.pkcs12("a")), password: "a" }, "CERTIFICATE_KEY_MISMATCH"],
    ] as const;
    for (const [body, code] of cases) {
      const refused = await putCertificate(thanhHoa, body);
      expect(refused.status).toBe(422);
      expect(codeOf(refused.json)).toBe(code);
    }
    const seen = gatewayAccountStatusSchema.parse(
      (await t.call("GET", `/api/admin/facilities/${FACILITY}/gateway`, { token: thanhHoa })).json,
    );
    expect(seen.certificate?.subject).toContain("Thanh Hóa");
  });
});

function fail(): never {
  throw new Error("too few people");
}

const LOCAL_GATEWAY_ACCOUNT_WRITE = {
  username: LOCAL_GATEWAY_ACCOUNT.username,
  password: LOCAL_GATEWAY_ACCOUNT.password,
};
