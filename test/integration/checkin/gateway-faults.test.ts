import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vnDay } from "#domain/vn-time";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";
import { nonZero, readCounter, readLog, tally } from "#test/support/counters";
import { startTestApp, type TestApp } from "#test/support/local-app";

type Answer = { checkinId: string; status: string; insurance: unknown; queueNumber: number };

describe("check-ins while the national gateway fails", () => {
  let t: TestApp;
  const facility = "52003";

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  const setFaults = async (faults: { errorRate: number; timeoutRate: number; latencyMs: number }) => {
    expect(await t.setGatewayFaults(faults)).toBe(200);
  };

  it("stores every check-in as pending, then settles them all once the gateway recovers", async () => {
    const token = await t.token("receptionist", { facility });
    const people = generatePopulation(300, generateFacilities(120)).slice(220, 260);
    await setFaults({ errorRate: 1, timeoutRate: 0, latencyMs: 0 });
    const half = people.length / 2;
    for (const [i, p] of people.entries()) {
      if (i === half) await setFaults({ errorRate: 0, timeoutRate: 1, latencyMs: 0 });
      const res = await t.call("POST", "/api/checkins", {
        token,
        body: { method: "qr-cccd", payload: qrOf(p) },
      });
      expect(res.status).toBe(201);
      const answer = res.json as Answer;
      expect(answer.status).toBe("pending");
      expect(answer.insurance).toBeNull();
    }
    const day = vnDay(new Date());
    let counter = nonZero(await readCounter(t.doc, t.names, facility, day));
    expect(counter["s:pending"]).toBe(people.length);

    await setFaults({ errorRate: 0, timeoutRate: 0, latencyMs: 0 });
    let settled = 0;
    for (let round = 0; round < 20 && settled < people.length; round++) {
      const res = await t.call("POST", "/api/checkins/recheck", { token });
      expect(res.status).toBe(200);
      settled += (res.json as { settled: number }).settled;
      // The circuit breaker may still be open from the outage; it half-opens on its own.
      if (settled < people.length) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(settled).toBe(people.length);

    const log = await readLog(t.doc, t.names, facility, day);
    expect(log.filter((item) => item.status === "pending")).toEqual([]);
    expect(
      log.every((item) => ["covered", "not-covered", "needs-review"].includes(String(item.status))),
    ).toBe(true);
    counter = nonZero(await readCounter(t.doc, t.names, facility, day));
    expect(counter).toEqual(tally(log));
    expect(counter.n).toBe(people.length);

    const again = await t.call("POST", "/api/checkins/recheck", { token });
    expect(again.json).toMatchObject({ settled: 0 });
    expect(nonZero(await readCounter(t.doc, t.names, facility, day))).toEqual(counter);
  });
});
