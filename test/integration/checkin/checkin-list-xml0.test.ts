/**
 * The day's list says where each visit's XML0 stands: a check-in at a facility that sends XML0
 * through tiepdon is listed as waiting (its record written with the visit), one at a facility
 * whose own software sends XML0 carries none.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkinListSchema } from "#domain/contract";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { startTestApp, type TestApp } from "#test/support/local-app";

const qrOf = (id: string) => {
  const found = fixtures.people.find((p) => p.idNumber === id);
  if (found === undefined) throw new Error(`no fixture ${id}`);
  return found.qr;
};

describe("GET /api/checkins and the visits' XML0", () => {
  let t: TestApp;

  beforeAll(async () => {
    // 01832's own hospital software sends its XML0.
    t = await startTestApp({ env: { XML0_SENDING_OFF: "01832" } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const checkInAndList = async (facility: string) => {
    const token = await t.token("receptionist", { facility });
    const posted = await t.call("POST", "/api/checkins", {
      token,
      body: { method: "qr-cccd", payload: qrOf("001090012345") },
    });
    expect(posted.status).toBe(201);
    const { checkinId } = posted.json as { checkinId: string };
    const listed = await t.call("GET", "/api/checkins?date=today", { token });
    expect(listed.status).toBe(200);
    const row = checkinListSchema.parse(listed.json).items.find((item) => item.checkinId === checkinId);
    if (row === undefined) throw new Error("the visit is not listed");
    return row;
  };

  it("lists a new visit's XML0 as waiting to be sent", async () => {
    const row = await checkInAndList("01001");
    expect(row.xml0).toEqual({ state: "waiting", transactionId: null, receivedAt: null, message: null });
  });

  it("lists no XML0 for a visit at a facility whose own software sends it", async () => {
    const row = await checkInAndList("01832");
    expect(row.xml0).toBeNull();
  });
});
