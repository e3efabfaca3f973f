import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeAuditStore } from "#functions/stores/audit-store";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { startTestApp, type TestApp } from "#test/support/local-app";

const FACILITY = "01002";
const USER = `local-receptionist-${FACILITY}`;
/** Eight insured people of the mock registry, typed by number one after another. */
const TYPED = fixtures.people
  .map((person) => person.idNumber)
  .filter((idNumber) => !idNumber.startsWith("001099"))
  .slice(0, 8);

describe("check-ins, the day's list and re-checks are limited per user and audited, in every container", () => {
  let t: TestApp;
  let token = "";

  beforeAll(async () => {
    // The deployed limits, with the daily typed cap and the re-check burst made small enough to reach.
    t = await startTestApp({
      env: {
        TYPED_CHECKINS_PER_USER_PER_DAY: "5",
        CHECKINS_PER_USER_PER_MINUTE: "60",
        CHECKINS_PER_FACILITY_PER_MINUTE: "600",
        RECHECKS_PER_USER_PER_MINUTE: "2",
        RECHECKS_PER_FACILITY_PER_MINUTE: "30",
      },
    });
    token = await t.token("receptionist", { facility: FACILITY });
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
  });

  const trail = () =>
    makeAuditStore(t.doc, { tableName: t.names.audit, retentionDays: 730, newId: randomUUID }).byUser(USER, {
      limit: 1000,
    });

  it("stops typed check-ins at the user's daily cap with 429 and Retry-After, and records every attempt", async () => {
    expect(TYPED).toHaveLength(8);
    const answers = [];
    for (const idNumber of TYPED) {
      const res = await t.call("POST", "/api/checkins", {
        token,
        body: { method: "manual-id", payload: idNumber },
      });
      answers.push(res);
    }
    expect(answers.map((res) => res.status)).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    for (const refused of answers.slice(5)) {
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(refused.json).toMatchObject({ error: { code: "RATE_LIMITED" } });
      // A refused check-in reveals nothing about the person and stores no visit.
      expect(refused.text).not.toMatch(/"name"|"birthDate"|"checkinId"/);
    }
    const listed = await t.call("GET", "/api/checkins?date=today", { token });
    expect((listed.json as { items: unknown[] }).items).toHaveLength(5);

    const lines = (await trail()).filter((line) => line.action === "checkin");
    expect(lines.map((line) => line.outcome).sort()).toEqual([
      "limited",
      "limited",
      "limited",
      "ok",
      "ok",
      "ok",
      "ok",
      "ok",
    ]);
    expect(lines.every((line) => line.role === "receptionist" && line.facility === FACILITY)).toBe(true);
    // Each line names its person by a keyed hash: eight people, eight subjects, no number in the clear.
    expect(new Set(lines.map((line) => line.subject)).size).toBe(8);
    for (const line of lines)
      for (const idNumber of TYPED) expect(JSON.stringify(line)).not.toContain(idNumber);
  });

  it("records each read of the day's list with how many visits it showed", async () => {
    const lists = (await trail()).filter((line) => line.action === "checkins-list");
    expect(lists).toHaveLength(1);
    expect(lists[0]).toMatchObject({ outcome: "ok", count: 5, subject: null });
  });

  it("bounds re-checks per user: the third in a minute is 429, and each is recorded", async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await t.call("POST", "/api/checkins/recheck", { token })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const rechecks = (await trail()).filter((line) => line.action === "recheck");
    expect(rechecks.map((line) => line.outcome).sort()).toEqual(["limited", "ok", "ok"]);
  });
});
