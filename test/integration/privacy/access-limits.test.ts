import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { RateLimitError } from "#domain/errors";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { type AccessLimits, admitCall, DEFAULT_ACCESS_LIMITS } from "#functions/privacy/access-limits";
import { makeAuditTrail } from "#functions/privacy/audit-trail";
import { makeSubjectHasher } from "#functions/privacy/subject-hash";
import { makeAuditStore } from "#functions/stores/audit-store";
import { makeLimitStore } from "#functions/stores/limit-store";
import { makeTestTables } from "#test/support/dynamo";

/** 500 ID numbers of one province, sex and birth year: the walk the limits must stop. */
const WALK = Array.from({ length: 500 }, (_, i) => `001090${String(1_000_000 + i).slice(1)}`);
/** A morning in Hà Nội: 08:00 on 7 December 2026. */
const MORNING = Date.parse("2026-12-07T08:00:00+07:00");
const KEY = new Uint8Array(32).fill(7);

let tables: Awaited<ReturnType<typeof makeTestTables>>;

beforeAll(async () => {
  tables = await makeTestTables();
});

/** One Lambda container: its own DynamoDB clients, limit store and audit trail, sharing only the tables. */
function container(limits: AccessLimits, now: () => Date) {
  const { doc } = makeDynamoClients(tables.endpoint);
  const store = makeAuditStore(doc, { tableName: tables.names.audit, retentionDays: 730, newId: randomUUID });
  return {
    guard: { limiter: makeLimitStore(doc, tables.names.limits), limits, now },
    trail: makeAuditTrail({ store, hashSubject: makeSubjectHasher(KEY), now }),
    store,
  };
}

/** One typed look-up as the handler makes it: admitted or limited, and recorded either way. */
async function lookUp(c: ReturnType<typeof container>, user: string, facility: string, idNumber: string) {
  const actor = { user, role: "receptionist", facility };
  try {
    await c.trail.around(
      actor,
      "lookup",
      () => idNumber,
      () => admitCall(c.guard, "lookup", actor, true),
    );
    return { ok: true as const };
  } catch (error) {
    if (error instanceof RateLimitError) return { ok: false as const, retryAfter: error.retryAfterSeconds };
    throw error;
  }
}

describe("limits on typed look-ups, held in DynamoDB", () => {
  it("stops one receptionist walking 500 typed ID numbers at the daily cap, and records every attempt", async () => {
    let at = MORNING;
    const c = container(DEFAULT_ACCESS_LIMITS, () => new Date(at));
    const user = `walker-${randomUUID()}`;
    const results = [];
    // One number every 3 s: 20 a minute, under the minute limit, so the daily cap is what stops it.
    for (const idNumber of WALK) {
      results.push(await lookUp(c, user, "01001", idNumber));
      at += 3_000;
    }
    const admitted = results.filter((r) => r.ok).length;
    expect(admitted).toBe(DEFAULT_ACCESS_LIMITS.typedLookupsPerUserPerDay);
    expect(admitted).toBeLessThan(500);
    // The 151st and every later attempt is refused until the Vietnamese day ends, never with a fault.
    expect(results.slice(0, admitted).every((r) => r.ok)).toBe(true);
    const refused = results.slice(admitted);
    const waits = refused.map((r) => (r.ok ? 0 : r.retryAfter));
    expect(Math.min(...waits)).toBeGreaterThan(0);
    const midnight = Date.parse("2026-12-08T00:00:00+07:00");
    expect(waits[0]).toBe(Math.ceil((midnight - (MORNING + admitted * 3_000)) / 1000));

    const trail = await c.store.byUser(user, { limit: 1000 });
    expect(trail).toHaveLength(500);
    expect(trail.filter((line) => line.outcome === "ok")).toHaveLength(admitted);
    expect(trail.filter((line) => line.outcome === "limited")).toHaveLength(500 - admitted);
    expect(new Set(trail.map((line) => line.subject)).size).toBe(500);
    expect(trail.every((line) => line.user === user && line.facility === "01001")).toBe(true);
    // The trail names people only by the keyed hash.
    expect(JSON.stringify(trail)).not.toMatch(/00109\d{7}/);

    // The next day the same account may look up again.
    at = Date.parse("2026-12-08T07:00:00+07:00");
    expect(await lookUp(c, user, "01001", "001090999999")).toEqual({ ok: true });
  });

  it("holds the same cap through 20 concurrent containers sharing nothing but the table", async () => {
    let tick = 0;
    // Each attempt a different second, so only the daily cap can stop the walk.
    const clock = () => new Date(MORNING + 3_000 * tick++);
    const containers = Array.from({ length: 20 }, () => container(DEFAULT_ACCESS_LIMITS, clock));
    const user = `walker-${randomUUID()}`;
    const results = await Promise.all(
      containers.map(async (c, index) => {
        const mine = WALK.filter((_, i) => i % containers.length === index);
        const outcomes = [];
        for (const idNumber of mine) outcomes.push(await lookUp(c, user, "01002", idNumber));
        return outcomes;
      }),
    );
    const admitted = results.flat().filter((r) => r.ok).length;
    expect(admitted).toBe(DEFAULT_ACCESS_LIMITS.typedLookupsPerUserPerDay);
    const first = containers[0];
    if (first === undefined) throw new Error("no container");
    const trail = await first.store.byUser(user, { limit: 1000 });
    expect(trail).toHaveLength(500);
    expect(trail.filter((line) => line.outcome === "ok")).toHaveLength(admitted);
  });

  it("lets a burst through up to the minute limit, then answers 429 until the minute ends", async () => {
    const at = MORNING + 15_000;
    const containers = Array.from({ length: 20 }, () => container(DEFAULT_ACCESS_LIMITS, () => new Date(at)));
    const user = `burst-${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => {
        const c = containers[i % containers.length];
        if (c === undefined) throw new Error("no container");
        return lookUp(c, user, "01003", WALK[i] ?? "");
      }),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(DEFAULT_ACCESS_LIMITS.perUserPerMinute.lookup);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? 0 : r.retryAfter))).toContain(45);
  });

  it("gives a kiosk a tighter limit, and never lets a throttled user spend its facility's share", async () => {
    const limits: AccessLimits = {
      ...DEFAULT_ACCESS_LIMITS,
      perFacilityPerMinute: { lookup: 40, checkin: 40, recheck: 5 },
    };
    const at = MORNING + 30_000;
    const c = container(limits, () => new Date(at));
    const facility = "01004";
    const kiosk = { user: `kiosk-${randomUUID()}`, role: "kiosk", facility };
    const kioskResults = await Promise.allSettled(
      Array.from({ length: 20 }, () => admitCall(c.guard, "checkin", kiosk, true)),
    );
    expect(kioskResults.filter((r) => r.status === "fulfilled")).toHaveLength(limits.perKioskPerMinute);

    const stuck = { user: `stuck-${randomUUID()}`, role: "receptionist", facility };
    const stuckResults = await Promise.allSettled(
      Array.from({ length: 100 }, () => admitCall(c.guard, "checkin", stuck, false)),
    );
    // The facility's 40 ran out before the user's own 60: the stuck user had 40 - 6 = 34.
    expect(stuckResults.filter((r) => r.status === "fulfilled")).toHaveLength(34);
    const colleague = { user: `colleague-${randomUUID()}`, role: "receptionist", facility: "01005" };
    await expect(admitCall(c.guard, "checkin", colleague, false)).resolves.toBeUndefined();
  });
});
