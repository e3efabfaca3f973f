/**
 * The locally started app sends each visit's XML0 on its own timer to its built-in mock gateway,
 * signed with the install's stand-in certificate: a check-in ends listed as sent, with the
 * gateway's transaction id and receipt time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkinListSchema } from "#domain/contract";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { startTestApp, type TestApp } from "#test/support/local-app";

const PATIENT = fixtures.people.find((person) => person.idNumber === "001090012345");

describe("XML0 on the locally started app", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ xml0EveryMs: 250 });
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });

  it("a check-in's XML0 reaches the local mock gateway and the day's list shows it sent", async () => {
    if (PATIENT === undefined) throw new Error("no fixture patient");
    const token = await t.token("receptionist", { facility: "01001" });
    const posted = await t.call("POST", "/api/checkins", {
      token,
      body: { method: "qr-cccd", payload: PATIENT.qr },
    });
    expect(posted.status, posted.text).toBe(201);
    const { checkinId } = posted.json as { checkinId: string };

    const xml0Of = async () => {
      const listed = await t.call("GET", "/api/checkins?date=today", { token });
      expect(listed.status).toBe(200);
      return checkinListSchema.parse(listed.json).items.find((item) => item.checkinId === checkinId)?.xml0;
    };
    await expect.poll(async () => (await xml0Of())?.state, { timeout: 20_000, interval: 250 }).toBe("sent");
    const xml0 = await xml0Of();
    expect(xml0?.message).toBeNull();
    expect(xml0?.transactionId).toMatch(/^[0-9a-f-]{36}$/);
    // The gateway's receipt time, yyyyMMddHHmmss in Vietnamese time.
    expect(xml0?.receivedAt).toMatch(/^20\d{12}$/);
  });
});
