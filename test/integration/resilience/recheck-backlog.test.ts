import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vnDay, vnTimestamp } from "#domain/vn-time";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import type { CheckinRecord } from "#functions/stores/checkin-record";
import { makeCheckinStore } from "#functions/stores/checkin-store";
import { DEFAULT_COUNTER_SHARDS } from "#functions/stores/counter-keys";
import { nonZero, readCounter, readLog, tally } from "#test/support/counters";
import { startTestApp, type TestApp } from "#test/support/local-app";

describe("re-checking one facility's pending check-ins behind another facility's backlog", () => {
  let t: TestApp;
  const busy = "38001";
  const small = "52003";

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("settles the small facility's pending visit although 250 older ones of another facility wait", async () => {
    const store = makeCheckinStore(t.doc, {
      checkinsTable: t.names.checkins,
      countersTable: t.names.counters,
      idempotencyTable: t.names.idempotency,
      counterShards: DEFAULT_COUNTER_SHARDS,
      retentionDays: 400,
      duplicateWindowMs: 600_000,
      idempotencyTtlSeconds: 86_400,
    });
    // The busy facility's backlog: 250 pending visits from an hour ago (a gateway outage there).
    const people = generatePopulation(300, generateFacilities(120));
    const hourAgo = new Date(Date.now() - 3_600_000);
    const day = vnDay(hourAgo);
    const backlog = people.slice(0, 250).map((person, i) => {
      const at = new Date(hourAgo.getTime() + i);
      const record: CheckinRecord = {
        pk: `CHK#${busy}#${day}`,
        sk: `${at.toISOString()}#backlog-${i}`,
        checkinId: `backlog-${i}`,
        facility: busy,
        day,
        method: "manual-id",
        channel: "typed",
        status: "pending",
        queueNumber: i + 1,
        checkedInAt: vnTimestamp(at),
        createdBy: "backlog",
        personKey: `ID#${person.idNumber}`,
        patient: { idNumber: person.idNumber, name: null, birthDate: null, sex: null },
        lookup: { idNumber: person.idNumber, cardCode: null, name: null },
        insurance: null,
      };
      return { record, at };
    });
    for (let i = 0; i < backlog.length; i += 25) {
      const outcomes = await Promise.all(
        backlog
          .slice(i, i + 25)
          .map(({ record, at }) => store.record(record, { now: at, at, idempotency: null })),
      );
      expect(outcomes.every((outcome) => outcome.kind === "created")).toBe(true);
    }

    const faults = (errorRate: number) => t.setGatewayFaults({ errorRate, timeoutRate: 0, latencyMs: 0 });
    const token = await t.token("receptionist", { facility: small });
    await faults(1);
    const visit = await t.call("POST", "/api/checkins", {
      token,
      body: { method: "qr-cccd", payload: qrOf(people[260] ?? people[0] ?? ({} as never)) },
    });
    expect(visit.status).toBe(201);
    expect(visit.json).toMatchObject({ status: "pending" });
    await faults(0);

    const recheck = await t.call("POST", "/api/checkins/recheck", { token });
    expect(recheck.status).toBe(200);
    expect(recheck.json).toMatchObject({ checked: 1, settled: 1, stillPending: 0 });

    const today = vnDay(new Date());
    const log = await readLog(t.doc, t.names, small, today);
    expect(log.map((item) => item.status)).not.toContain("pending");
    expect(nonZero(await readCounter(t.doc, t.names, small, today))).toEqual(tally(log));
    // The busy facility's backlog is untouched by the small facility's re-check.
    expect(
      (await readLog(t.doc, t.names, busy, day)).filter((item) => item.status === "pending"),
    ).toHaveLength(250);
  });
});
