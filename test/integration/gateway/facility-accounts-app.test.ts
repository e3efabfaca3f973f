/**
 * Two facilities of two provinces checking patients in at once through the whole local app: the
 * gateway stand-in records each facility's own account and each receptionist as the clerk; a
 * locked account stops only its own facility, which the administrator sees; pending visits are
 * re-checked under a real person; a kiosk whose facility names no clerk sends the patient to the desk.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { gatewayAccountStatusSchema, gatewayRefusalReportSchema } from "#domain/gateway-account-contract";
import { DEFAULT_CLERK, REGISTERED_CLERKS } from "#functions/gateway-mock/clerks";
import { qrOf } from "#functions/gateway-mock/population";
import { DEMO_KIOSK_CLERK } from "#infra/local/seed/seed-gateway-accounts";
import { demoPeople } from "#test/support/demo-people";
import { startTestApp, type TestApp } from "#test/support/local-app";

const THANH_HOA = { facility: "38001", province: "038", clerk: REGISTERED_CLERKS[1] ?? DEFAULT_CLERK };
const SAI_GON = { facility: "79001", province: "079", clerk: DEFAULT_CLERK };
const NO_KIOSK_CLERK = "52003";

const askedSchema = z.object({
  checks: z.array(z.object({ username: z.string(), hoTenCb: z.string(), cccdCb: z.string() })),
});
const answerSchema = z.object({ status: z.string() });
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

describe("gateway accounts per facility, through the local app", () => {
  let t: TestApp;
  const person = demoPeople(120, 160);

  beforeAll(async () => {
    // A changed gateway item reaches the card check within a second here (a minute by default).
    // The gateway's usual time budget: the checks here are about accounts and clerks, not timeouts.
    t = await startTestApp({ env: { GATEWAY_ACCOUNT_MAX_AGE_SECONDS: "1", GATEWAY_TIMEOUT_MS: "3000" } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const gatewayControl = async (method: string, suffix: string, body?: unknown) => {
    const res = await fetch(`${t.url}/gateway${suffix}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as unknown;
  };
  const asked = async () => askedSchema.parse(await gatewayControl("GET", "/_checks")).checks;
  const checkIn = async (token: string) => {
    const res = await t.call("POST", "/api/checkins", {
      token,
      body: { method: "qr-cccd", payload: qrOf(person()) },
    });
    return { status: res.status, json: res.json };
  };
  const receptionist = (site: typeof THANH_HOA) =>
    t.token("receptionist", { facility: site.facility, clerk: site.clerk });

  it("checks each facility's patients under its own account, with its receptionist as the clerk", async () => {
    const [thanhHoa, saiGon] = await Promise.all([receptionist(THANH_HOA), receptionist(SAI_GON)]);
    const from = (await asked()).length;
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => checkIn(i % 2 === 0 ? thanhHoa : saiGon)),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(201);
      expect(answerSchema.parse(answer.json).status).not.toBe("pending");
    }
    const seen = (await asked())
      .slice(from)
      .map((check) => `${check.username} ${check.hoTenCb} ${check.cccdCb}`);
    expect(seen).toHaveLength(6);
    expect(new Set(seen)).toEqual(
      new Set([
        `38001_BV ${THANH_HOA.clerk.name} ${THANH_HOA.clerk.id}`,
        `79001_BV ${SAI_GON.clerk.name} ${SAI_GON.clerk.id}`,
      ]),
    );
  });

  it("keeps one facility checking cards while the other's account is locked, and shows which", async () => {
    const [thanhHoa, saiGon] = await Promise.all([receptionist(THANH_HOA), receptionist(SAI_GON)]);
    await gatewayControl("PUT", "/_accounts", { username: "38001_BV", locked: true });
    const [held, going] = await Promise.all([checkIn(thanhHoa), checkIn(saiGon)]);
    expect(held.status).toBe(201);
    expect(answerSchema.parse(held.json).status).toBe("pending");
    expect(going.status).toBe(201);
    expect(answerSchema.parse(going.json).status).not.toBe("pending");
    const admin = await t.token("admin", { province: THANH_HOA.province });
    const refused = async () =>
      gatewayAccountStatusSchema.parse(
        (await t.call("GET", `/api/admin/facilities/${THANH_HOA.facility}/gateway`, { token: admin })).json,
      ).refused;
    await expect.poll(refused).toMatchObject({ code: "401" });
    // The health department sees which facility of its province cannot check cards; never a username.
    const refusals = async (province: string) => {
      const token = await t.token("health-dept", { province });
      const res = await t.call("GET", "/api/reports/gateway-accounts", { token });
      expect(res.status).toBe(200);
      expect(res.text).not.toContain("_BV");
      return gatewayRefusalReportSchema
        .parse(res.json)
        .facilities.map((row) => `${row.facility} ${row.refused.code}`);
    };
    expect(await refusals(THANH_HOA.province)).toEqual(["38001 401"]);
    expect(await refusals(SAI_GON.province)).toEqual([]);
  });

  it("re-checks on schedule under the facility's named clerk, and on demand under the receptionist", async () => {
    await gatewayControl("PUT", "/_accounts", { username: "38001_BV", locked: false });
    const from = (await asked()).length;
    const { handler: reverify } = await import("#functions/handlers/reverify");
    const summary = await reverify();
    expect(summary.settled).toBeGreaterThanOrEqual(1);
    const scheduled = (await asked()).slice(from).filter((check) => check.username === "38001_BV");
    expect(scheduled.length).toBeGreaterThanOrEqual(1);
    expect(scheduled.every((check) => check.cccdCb === DEMO_KIOSK_CLERK.id)).toBe(true);

    // A facility that names no clerk: the schedule leaves its visits, "re-check now" asks as the receptionist.
    await t.doc.send(
      new UpdateCommand({
        TableName: t.names.gatewayAccounts,
        Key: { code: NO_KIOSK_CLERK },
        UpdateExpression: "REMOVE kioskClerk",
      }),
    );
    await t.setGatewayFaults({ errorRate: 1, timeoutRate: 0, latencyMs: 0 });
    const desk = await t.token("receptionist", { facility: NO_KIOSK_CLERK, clerk: THANH_HOA.clerk });
    const pending = await checkIn(desk);
    await t.setGatewayFaults({ errorRate: 0, timeoutRate: 0, latencyMs: 0 });
    expect(answerSchema.parse(pending.json).status).toBe("pending");
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const beforeSchedule = (await asked()).length;
    await reverify();
    expect((await asked()).slice(beforeSchedule).filter((check) => check.username === "52003_BV")).toEqual(
      [],
    );
    const now = await t.call("POST", "/api/checkins/recheck", { token: desk });
    expect(now.json).toMatchObject({ settled: 1 });
    const onDemand = (await asked()).filter((check) => check.username === "52003_BV").at(-1);
    expect(onDemand).toMatchObject({ hoTenCb: THANH_HOA.clerk.name, cccdCb: THANH_HOA.clerk.id });
  });

  it("sends a kiosk's patient to the desk when its facility names no clerk", async () => {
    const kiosk = await t.token("kiosk", { facility: NO_KIOSK_CLERK });
    const refused = await checkIn(kiosk);
    expect(refused.status).toBe(403);
    const error = errorSchema.parse(refused.json).error;
    expect(error.code).toBe("KIOSK_CLERK_MISSING");
    expect(error.message).toContain("quầy tiếp đón");
  });
});
