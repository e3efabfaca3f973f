import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { startTestApp, type TestApp } from "#test/support/local-app";

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const listSchema = z.object({ items: z.array(z.unknown()) });
const FACILITY = "01950";

describe("a deactivated facility", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("cannot check patients in, at the desk or the kiosk, nor look them up; nothing is written", async () => {
    const admin = await t.token("admin", { province: "001" });
    const added = await t.call("PUT", `/api/admin/facilities/${FACILITY}`, {
      token: admin,
      body: { name: "Trạm y tế phường Điện Biên", level: "4" },
    });
    expect(added.status).toBe(200);
    const closed = await t.call("PUT", `/api/admin/facilities/${FACILITY}`, {
      token: admin,
      body: { active: false },
    });
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({ code: FACILITY, active: false });

    const reception = await t.token("receptionist", { facility: FACILITY });
    const kiosk = await t.token("kiosk", { facility: FACILITY });
    const person = fixtures.people[0];
    if (person === undefined) throw new Error("no fixture person");
    const body = { method: "qr-cccd", payload: person.qr };
    // A gateway that would admit anyone as pending: a 403 shows the gateway was never reached.
    expect(await t.setGatewayFaults({ errorRate: 1, timeoutRate: 0, latencyMs: 0 })).toBe(200);
    for (const [token, path] of [
      [reception, "/api/checkins"],
      [kiosk, "/api/checkins"],
      [reception, "/api/lookups"],
    ] as const) {
      const refused = await t.call("POST", path, {
        token,
        body,
        headers: { "idempotency-key": crypto.randomUUID() },
      });
      expect(refused.status, `${path}: ${refused.text}`).toBe(403);
      const { error } = errorSchema.parse(refused.json);
      expect(error.code).toBe("FACILITY_INACTIVE");
      expect(error.message).toContain("ngừng hoạt động");
    }
    const list = await t.call("GET", "/api/checkins?date=today&limit=100", { token: reception });
    expect(list.status).toBe(200);
    expect(listSchema.parse(list.json).items).toEqual([]);

    // Another facility of the same install goes on as before.
    await t.setGatewayFaults({ errorRate: 0, timeoutRate: 0, latencyMs: 0 });
    const open = await t.call("POST", "/api/checkins", {
      token: await t.token("receptionist", { facility: "01001" }),
      body,
    });
    expect(open.status).toBe(201);
  });
});
