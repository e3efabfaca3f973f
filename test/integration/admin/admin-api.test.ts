import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { startTestApp, type TestApp } from "#test/support/local-app";
import { claimsOf, signInWithCode } from "#test/support/oidc-flow";

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    messageEn: z.string(),
    lines: z
      .array(z.object({ line: z.number(), code: z.string(), message: z.string(), messageEn: z.string() }))
      .optional(),
  }),
});
const facilitiesSchema = z.object({
  facilities: z.array(
    z.object({ code: z.string(), name: z.string(), provinceCode: z.string(), active: z.boolean() }),
  ),
});
const issuedSchema = z.object({
  accounts: z.array(z.object({ username: z.string(), oneTimePassword: z.string().nullable() })),
});
const accountsSchema = z.object({
  accounts: z.array(
    z.object({
      username: z.string(),
      role: z.string(),
      facility: z.string().nullable(),
      enabled: z.boolean(),
    }),
  ),
});

/** Thanh Hóa (038): 30 facilities 38901…38930 with level and address. */
const THANH_HOA_CSV = [
  "maCSKCB,name,province,level,address",
  ...Array.from(
    { length: 30 },
    (_, i) => `${38901 + i},"Trạm y tế xã số ${i + 1}, Thanh Hóa",038,4,Thôn ${i + 1}`,
  ),
].join("\n");

const csv = { "content-type": "text/csv; charset=utf-8" };

describe("/api/admin: a province administrator onboards facilities and staff", () => {
  let t: TestApp;
  let thanhHoa = "";
  let hanoi = "";

  beforeAll(async () => {
    t = await startTestApp();
    thanhHoa = await t.token("admin", { province: "038" });
    hanoi = await t.token("admin", { province: "001" });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const lineCodes = (json: unknown) =>
    (errorSchema.parse(json).error.lines ?? []).map(({ line, code }) => `${line} ${code}`);
  const listed = async (token: string) =>
    facilitiesSchema.parse((await t.call("GET", "/api/admin/facilities", { token })).json).facilities;

  it("refuses a CSV with bad lines line by line, in both languages, and writes none of it", async () => {
    const bad = [
      "maCSKCB,name,province,level,address",
      "38950,Phòng khám tốt,038,3,Đường 1",
      "3895,Mã thiếu số,038,3,",
      "38951,Tỉnh lạ,099,3,",
      '38952,=HYPERLINK("x"),038,3,',
      "38950,Trùng mã,038,3,",
      "79001,Ngoài tỉnh,079,2,",
      "38953,Tuyến sai,038,7,",
    ].join("\n");
    const res = await t.call("POST", "/api/admin/facilities/import", {
      token: thanhHoa,
      body: bad,
      headers: csv,
    });
    expect(res.status).toBe(422);
    expect(errorSchema.parse(res.json).error.code).toBe("IMPORT_REJECTED");
    expect(lineCodes(res.json)).toEqual([
      "3 FACILITY_CODE_INVALID",
      "4 PROVINCE_UNKNOWN",
      "5 CSV_FORMULA",
      "6 DUPLICATE",
      "7 FACILITY_OUT_OF_SCOPE",
      "8 FACILITY_LEVEL_INVALID",
    ]);
    for (const line of errorSchema.parse(res.json).error.lines ?? []) {
      expect(line.message).not.toBe(line.messageEn);
    }
    expect((await listed(thanhHoa)).map((f) => f.code)).not.toContain("38950");
  });

  it("imports 30 facilities, lists only its own province's, and edits and deactivates one", async () => {
    const res = await t.call("POST", "/api/admin/facilities/import", {
      token: thanhHoa,
      body: THANH_HOA_CSV,
      headers: csv,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ imported: 30 });
    const own = await listed(thanhHoa);
    expect(own.filter((f) => f.code >= "38901" && f.code <= "38930")).toHaveLength(30);
    expect(own.every((f) => f.provinceCode === "038")).toBe(true);
    expect((await listed(hanoi)).some((f) => f.code === "38901")).toBe(false);

    const edit = await t.call("PUT", "/api/admin/facilities/38930", {
      token: thanhHoa,
      body: { name: "Trạm y tế xã Quảng Phú", active: false },
    });
    expect(edit.status).toBe(200);
    expect(edit.json).toMatchObject({ code: "38930", name: "Trạm y tế xã Quảng Phú", active: false });
    const foreign = await t.call("PUT", "/api/admin/facilities/38929", {
      token: hanoi,
      body: { active: false },
    });
    expect(foreign.status).toBe(403);
  });

  it("creates a receptionist only with a 12-digit ID number and a facility of its province, who then signs in", async () => {
    const base = { username: "letan.38901", role: "receptionist", facility: "38901", name: "Lê Thị Hoa" };
    const long = await t.call("POST", "/api/admin/accounts", {
      token: thanhHoa,
      body: { ...base, idNumber: "0381900000011" },
    });
    expect(lineCodes(long.json)).toEqual(["1 STAFF_ID_NUMBER_INVALID"]);
    const inactive = await t.call("POST", "/api/admin/accounts", {
      token: thanhHoa,
      body: { ...base, facility: "38930", idNumber: "038190000001" },
    });
    expect(lineCodes(inactive.json)).toEqual(["1 FACILITY_UNKNOWN"]);
    const foreign = await t.call("POST", "/api/admin/accounts", {
      token: hanoi,
      body: { ...base, idNumber: "038190000001" },
    });
    expect(lineCodes(foreign.json)).toEqual(["1 FACILITY_OUT_OF_SCOPE"]);

    const created = await t.call("POST", "/api/admin/accounts", {
      token: thanhHoa,
      body: { ...base, idNumber: "038190000001" },
    });
    expect(created.status).toBe(201);
    const [issued] = issuedSchema.parse(created.json).accounts;
    expect(issued?.oneTimePassword).toMatch(/^.{16,}$/);
    const again = await t.call("POST", "/api/admin/accounts", {
      token: thanhHoa,
      body: { ...base, idNumber: "038190000001" },
    });
    expect(lineCodes(again.json)).toEqual(["1 ACCOUNT_EXISTS"]);

    const credentials = { username: "letan.38901", password: issued?.oneTimePassword ?? "" };
    await expect(signInWithCode(t.url, credentials)).rejects.toThrow("must change its password");
    const tokens = await signInWithCode(t.url, { ...credentials, newPassword: "mật khẩu mới của Hoa 2026" });
    expect(claimsOf(tokens.id_token)).toMatchObject({
      "cognito:groups": ["receptionist"],
      "custom:facility": "38901",
      "custom:province": "038",
      name: "Lê Thị Hoa",
      "custom:cccd": "038190000001",
    });
  });

  it("imports accounts from CSV all-or-nothing, and needs a province for a health department", async () => {
    const bad = [
      "username,role,facility,province,name,idNumber",
      "phong.38902,room,38902,,Trần Văn Nam,038190000002",
      "kiosk.38902,kiosk,38902,,,",
      "soyte.thanhhoa,health-dept,,,,",
      "phong.38902,room,38902,,Trùng Tên,038190000003",
      "letan.38903,receptionist,38903,,@SUM(1),038190000004",
      "toanquoc,health-dept,,,,",
    ].join("\n");
    const refused = await t.call("POST", "/api/admin/accounts", { token: thanhHoa, body: bad, headers: csv });
    expect(refused.status).toBe(422);
    expect(lineCodes(refused.json)).toEqual([
      "4 PROVINCE_REQUIRED",
      "5 DUPLICATE",
      "6 CSV_FORMULA",
      "7 PROVINCE_REQUIRED",
    ]);
    const national = await t.call("POST", "/api/admin/accounts", {
      token: thanhHoa,
      body: { username: "soyte.toanquoc2", role: "health-dept", national: true },
    });
    expect(lineCodes(national.json)).toEqual(["1 NATIONAL_FORBIDDEN"]);

    const fixed = [
      "phong.38902,room,38902,,Trần Văn Nam,038190000002",
      "kiosk.38902,kiosk,38902,,,",
      "soyte.thanhhoa,health-dept,,038,,",
    ].join("\r\n");
    const created = await t.call("POST", "/api/admin/accounts", {
      token: thanhHoa,
      body: fixed,
      headers: csv,
    });
    expect(created.status).toBe(201);
    expect(issuedSchema.parse(created.json).accounts.map((a) => a.username)).toEqual([
      "phong.38902",
      "kiosk.38902",
      "soyte.thanhhoa",
    ]);
    const ofFacility = await t.call("GET", "/api/admin/accounts?facility=38902", { token: thanhHoa });
    expect(accountsSchema.parse(ofFacility.json).accounts.map((a) => `${a.username} ${a.role}`)).toEqual([
      "kiosk.38902 kiosk",
      "phong.38902 room",
    ]);
    const fromHanoi = accountsSchema.parse(
      (await t.call("GET", "/api/admin/accounts", { token: hanoi })).json,
    );
    expect(fromHanoi.accounts.map((a) => a.username)).not.toContain("phong.38902");
  });

  it("resets, disables and enables an account of its province, and audits each change without passwords", async () => {
    const reset = await t.call("POST", "/api/admin/accounts/phong.38902/reset-password", { token: thanhHoa });
    expect(reset.status).toBe(200);
    const password = z.object({ oneTimePassword: z.string() }).parse(reset.json).oneTimePassword;
    expect((await t.call("POST", "/api/admin/accounts/phong.38902/disable", { token: hanoi })).status).toBe(
      403,
    );

    const disabled = await t.call("POST", "/api/admin/accounts/phong.38902/disable", { token: thanhHoa });
    expect(disabled.json).toMatchObject({ username: "phong.38902", enabled: false });
    const signIn = { username: "phong.38902", password, newPassword: "mật khẩu mới của Nam 2026" };
    await expect(signInWithCode(t.url, signIn, "/room")).rejects.toThrow("sign-in refused");
    await t.call("POST", "/api/admin/accounts/phong.38902/enable", { token: thanhHoa });
    await signInWithCode(t.url, signIn, "/room");
    expect((await t.call("POST", "/api/admin/accounts/nobody.here/enable", { token: thanhHoa })).status).toBe(
      404,
    );

    const admin = await t.token("admin");
    const sub = String(claimsOf(thanhHoa).sub);
    const audit = await t.call("GET", `/api/audit?user=${encodeURIComponent(sub)}`, { token: admin });
    expect(audit.status).toBe(200);
    expect(audit.text).toContain("account phong.38902 reset-password");
    expect(audit.text).toContain("account phong.38902 disable");
    expect(audit.text).toContain("facilities import");
    expect(audit.text).not.toContain(password);
  });

  it("is for administrators only", async () => {
    const receptionist = await t.token("receptionist", { facility: "01001" });
    expect((await t.call("GET", "/api/admin/facilities", { token: receptionist })).status).toBe(403);
    expect((await t.call("GET", "/api/admin/accounts")).status).toBe(401);
  });
});
