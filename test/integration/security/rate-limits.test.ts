import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vnDay } from "#domain/vn-time";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { RATE_LIMITS } from "#infra/limits";
import { makeRateLimiter } from "#infra/local/rate-limiter";
import { API_ROUTES } from "#infra/routes";
import { nonZero, readCounter, readLog, tally } from "#test/support/counters";
import { startTestApp, type TestApp } from "#test/support/local-app";

const route = API_ROUTES[0] ?? { method: "POST", path: "/api/checkins", function: "checkin" };

describe("the local rate limiter, with the API stage's numbers", () => {
  it("allows a user a burst of 40 then 20 a second, and a facility a burst of 200 then 100 a second", () => {
    expect(RATE_LIMITS.perUser).toEqual({ rate: 20, burst: 40 });
    expect(RATE_LIMITS.perFacility).toEqual({ rate: 100, burst: 200 });
    const limiter = makeRateLimiter();
    const admitted = (sub: string, facility: string, count: number, at: number) =>
      Array.from({ length: count }, () => limiter.admit({ sub, facility }, route, at)).filter((a) => a.ok)
        .length;
    expect(admitted("a", "01001", 100, 0)).toBe(40);
    expect(limiter.admit({ sub: "a", facility: "01001" }, route, 0)).toEqual({
      ok: false,
      retryAfterSeconds: 1,
    });
    // Four more users of the facility take the rest of its burst of 200.
    for (const sub of ["b", "c", "d", "e"]) expect(admitted(sub, "01001", 40, 0)).toBe(40);
    expect(admitted("f", "01001", 10, 0)).toBe(0);
    expect(admitted("g", "38001", 10, 0)).toBe(10);
    // A tenth of a second later the facility has 10 new tokens; a second later the user has 20.
    expect(admitted("f", "01001", 20, 100)).toBe(10);
    expect(admitted("a", "01001", 100, 1000)).toBe(20);
  });

  it("does not let a throttled user use up the facility's share (refused requests spend no tokens)", () => {
    const limiter = makeRateLimiter();
    // A stuck scanner fires 1,000 requests within one second; only its own 40 + 20 get through.
    let stuckAdmitted = 0;
    for (let i = 0; i < 1000; i++) {
      if (limiter.admit({ sub: "stuck", facility: "01001" }, route, i).ok) stuckAdmitted++;
    }
    expect(stuckAdmitted).toBeLessThanOrEqual(60);
    // Its colleague at the same facility still gets a full burst.
    const colleague = Array.from({ length: 40 }, () =>
      limiter.admit({ sub: "colleague", facility: "01001" }, route, 1000),
    );
    expect(colleague.every((admission) => admission.ok)).toBe(true);
  });
});

describe("a stuck scanner repeating one code 50 times a second, with rate limits on", () => {
  let t: TestApp;
  const facility = "49012";

  beforeAll(async () => {
    t = await startTestApp({ rateLimits: RATE_LIMITS });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("stores one visit, counts it once, and answers the rest 200 duplicate or 429 with Retry-After", async () => {
    const token = await t.token("receptionist", { facility });
    const other = await t.token("receptionist", { facility: "52003" });
    const [person, neighbour] = fixtures.people;
    if (person === undefined || neighbour === undefined) throw new Error("fixtures missing");
    const started = Date.now();
    const pending: Array<Promise<Awaited<ReturnType<TestApp["call"]>>>> = [];
    for (let i = 0; i < 250; i++) {
      // 50 a second for 5 seconds, fired on schedule whether or not earlier answers came back.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + i * 20 - Date.now())));
      pending.push(
        t.call("POST", "/api/checkins", { token, body: { method: "qr-cccd", payload: person.qr } }),
      );
    }
    // Another facility is not slowed down by the stuck scanner.
    const neighbourVisit = await t.call("POST", "/api/checkins", {
      token: other,
      body: { method: "qr-cccd", payload: neighbour.qr },
    });
    const results = await Promise.all(pending);
    const seconds = (Date.now() - started) / 1000;
    expect(neighbourVisit.status).toBe(201);

    const byStatus = new Map<number, number>();
    for (const res of results) byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
    console.log(
      `stuck scanner: ${results.length} requests in ${seconds.toFixed(1)} s → ${[...byStatus.entries()].map(([s, n]) => `${n} × ${s}`).join(", ")}`,
    );
    expect([...byStatus.keys()].sort()).toEqual([200, 201, 429]);
    expect(byStatus.get(201)).toBe(1);
    const first = results.find((res) => res.status === 201)?.json as { checkinId: string };
    for (const res of results) {
      if (res.status === 200) expect(res.json).toMatchObject({ checkinId: first.checkinId, duplicate: true });
      if (res.status === 429) {
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        expect(res.json).toMatchObject({ error: { code: "RATE_LIMITED" } });
      }
    }
    const admitted = (byStatus.get(200) ?? 0) + 1;
    expect(admitted).toBeLessThanOrEqual(RATE_LIMITS.perUser.burst + RATE_LIMITS.perUser.rate * seconds + 1);

    const day = vnDay(new Date());
    const log = await readLog(t.doc, t.names, facility, day);
    expect(log).toHaveLength(1);
    const counter = nonZero(await readCounter(t.doc, t.names, facility, day));
    expect(counter.n).toBe(1);
    expect(counter).toEqual(tally(log));
  });
});
