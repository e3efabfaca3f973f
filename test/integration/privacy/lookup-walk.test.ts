import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCESS_LIMITS } from "#functions/privacy/access-limits";
import { makeAuditStore } from "#functions/stores/audit-store";
import { startTestApp, type TestApp } from "#test/support/local-app";

const WALK = Array.from({ length: 500 }, (_, i) => `001090${String(1_000_000 + i).slice(1)}`);
const FACILITY = "01001";

/** Runs tasks with at most `limit` in flight. */
async function pool<T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      const task = tasks[index];
      if (task !== undefined) results[index] = await task();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe("POST /api/lookups: a receptionist walking 500 typed ID numbers", () => {
  let t: TestApp;

  beforeAll(async () => {
    // The minute limits raised so that, at test speed, the daily cap is what stops the walk.
    t = await startTestApp({
      env: { LOOKUPS_PER_USER_PER_MINUTE: "10000", LOOKUPS_PER_FACILITY_PER_MINUTE: "10000" },
    });
  }, 180_000);
  afterAll(async () => {
    await t?.stop();
  });

  it("is stopped at the daily cap with 429 and Retry-After, never a 5xx, and every attempt is audited", {
    timeout: 240_000,
  }, async () => {
    const token = await t.token("receptionist", { facility: FACILITY });
    const answers = await pool(
      WALK.map((idNumber) => async () => {
        const res = await t.call("POST", "/api/lookups", {
          token,
          body: { method: "manual-id", payload: idNumber },
        });
        return {
          status: res.status,
          retryAfter: res.headers.get("retry-after"),
          json: res.json,
          text: res.text,
        };
      }),
      8,
    );
    const statuses = answers.map((a) => a.status);
    const byStatus: Record<number, number> = {};
    for (const status of statuses) byStatus[status] = (byStatus[status] ?? 0) + 1;
    const cap = DEFAULT_ACCESS_LIMITS.typedLookupsPerUserPerDay;
    expect(byStatus, answers.find((a) => a.status !== 200)?.text).toEqual({ 200: cap, 429: 500 - cap });
    expect(statuses.filter((s) => s === 200)).toHaveLength(DEFAULT_ACCESS_LIMITS.typedLookupsPerUserPerDay);
    expect(statuses.filter((s) => s === 429)).toHaveLength(
      500 - DEFAULT_ACCESS_LIMITS.typedLookupsPerUserPerDay,
    );
    for (const refused of answers.filter((a) => a.status === 429)) {
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(86_400);
      expect(refused.json).toMatchObject({ error: { code: "RATE_LIMITED" } });
      // A refused look-up reveals nothing about the person.
      expect(refused.text).not.toMatch(/"name"|"birthDate"/);
    }

    const store = makeAuditStore(t.doc, { tableName: t.names.audit, retentionDays: 730, newId: randomUUID });
    const lines = await store.byUser(`local-receptionist-${FACILITY}`, { limit: 1000 });
    expect(lines).toHaveLength(500);
    expect(lines.filter((l) => l.outcome === "ok")).toHaveLength(
      DEFAULT_ACCESS_LIMITS.typedLookupsPerUserPerDay,
    );
    expect(lines.filter((l) => l.outcome === "limited")).toHaveLength(
      500 - DEFAULT_ACCESS_LIMITS.typedLookupsPerUserPerDay,
    );
    expect(
      lines.every((l) => l.action === "lookup" && l.role === "receptionist" && l.facility === FACILITY),
    ).toBe(true);
    expect(new Set(lines.map((l) => l.subject)).size).toBe(500);

    // An administrator asking about one walked number sees that user's look-up of it.
    const admin = await t.token("admin");
    const found = await t.call("GET", `/api/audit?subject=${WALK[499]}`, { token: admin });
    expect(found.status).toBe(200);
    expect(found.json).toMatchObject({
      by: "subject",
      entries: [{ user: `local-receptionist-${FACILITY}`, action: "lookup", outcome: "limited" }],
    });

    // Bad input is refused before the limits and the trail: nothing more is written.
    const bad = await t.call("POST", "/api/lookups", { token, body: { method: "manual-id", payload: "12" } });
    expect(bad.status).toBe(422);
    expect(await store.byUser(`local-receptionist-${FACILITY}`, { limit: 1000 })).toHaveLength(500);
  });
});
