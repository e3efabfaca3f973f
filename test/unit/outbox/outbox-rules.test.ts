import { describe, expect, it } from "vitest";
import { nextOfflineTicket } from "#web/outbox/offline-tickets";
import { outcomeOf, retryDelayMs } from "#web/outbox/send-outcome";

describe("offline tickets", () => {
  it("counts from 1 each new day and never hands a number out twice when the clock goes back", () => {
    let counter = { series: "B", day: null as string | null, last: 0 };
    const take = (day: string) => {
      const next = nextOfflineTicket(counter, day);
      if (next === null) throw new Error("used up");
      counter = next.counter;
      return next.number;
    };
    expect([take("2026-11-24"), take("2026-11-24"), take("2026-11-24")]).toEqual([1, 2, 3]);
    expect(take("2026-11-25")).toBe(1);
    // The clock is set back a day: counting goes on instead of starting over.
    expect([take("2026-11-24"), take("2026-11-25")]).toEqual([2, 3]);
    expect(nextOfflineTicket({ series: "B", day: "2026-11-25", last: 9999 }, "2026-11-25")).toBeNull();
  });
});

describe("what a delivery attempt means", () => {
  it("is done on 2xx, needs a person on a refusal, retries faults and asks for a sign-in on 401", () => {
    expect(outcomeOf(201, null, null)).toEqual({ kind: "done" });
    expect(outcomeOf(200, null, null)).toEqual({ kind: "done" });
    expect(outcomeOf(422, "ISSUE_IN_FUTURE", null)).toEqual({ kind: "attention" });
    expect(outcomeOf(400, "BODY_INVALID", null)).toEqual({ kind: "attention" });
    expect(outcomeOf(409, "IDEMPOTENCY_KEY_REUSED", null)).toEqual({ kind: "attention" });
    expect(outcomeOf(409, "CHECKIN_CONFLICT", null)).toEqual({ kind: "retry", retryAfterMs: null });
    expect(outcomeOf(503, "UNAVAILABLE", 2)).toEqual({ kind: "retry", retryAfterMs: 2000 });
    expect(outcomeOf(429, "RATE_LIMITED", 1)).toEqual({ kind: "retry", retryAfterMs: 1000 });
    expect(outcomeOf(0, null, null)).toEqual({ kind: "retry", retryAfterMs: null });
    expect(outcomeOf(401, "UNAUTHENTICATED", null)).toEqual({ kind: "unauthorized" });
  });

  it("backs off from 1 s doubling to a minute, spread ±20 %, never under Retry-After", () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => retryDelayMs(n, null, middle))).toEqual([
      1_000, 2_000, 4_000, 8_000, 60_000, 60_000, 60_000,
    ]);
    expect(retryDelayMs(1, null, () => 0)).toBe(800);
    expect(retryDelayMs(1, null, () => 1)).toBe(1_200);
    expect(retryDelayMs(1, 5_000, middle)).toBe(5_000);
  });
});
