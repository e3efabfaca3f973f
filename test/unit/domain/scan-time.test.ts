import { describe, expect, it } from "vitest";
import { placeVisit, seriesOf, ticketLabel } from "#domain/scan-time";

const arrival = new Date("2026-11-26T09:00:00+07:00");

describe("placeVisit", () => {
  it("places a visit without a scan time at its arrival", () => {
    expect(placeVisit(null, arrival)).toEqual({ at: arrival, day: "2026-11-26", flag: null });
  });

  it("places a believable late scan on its own Vietnamese day, across midnight", () => {
    const scan = new Date("2026-11-25T16:59:59Z"); // 23:59:59 in Vietnam
    expect(placeVisit(scan, arrival)).toEqual({ at: scan, day: "2026-11-25", flag: null });
    const after = new Date("2026-11-25T17:00:00Z"); // 00:00:00 in Vietnam
    expect(placeVisit(after, arrival).day).toBe("2026-11-26");
  });

  it("accepts exactly 72 hours late and flags anything older, placing it at arrival", () => {
    const limit = new Date(arrival.getTime() - 72 * 3_600_000);
    expect(placeVisit(limit, arrival).flag).toBeNull();
    const older = new Date(limit.getTime() - 1);
    expect(placeVisit(older, arrival)).toEqual({ at: arrival, day: "2026-11-26", flag: "too-old" });
  });

  it("puts a scan a few minutes ahead at arrival unflagged, and flags a clock further ahead", () => {
    const ahead = new Date(arrival.getTime() + 5 * 60_000);
    expect(placeVisit(ahead, arrival)).toEqual({ at: arrival, day: "2026-11-26", flag: null });
    const twoDays = new Date(arrival.getTime() + 48 * 3_600_000);
    expect(placeVisit(twoDays, arrival)).toEqual({ at: arrival, day: "2026-11-26", flag: "clock-ahead" });
  });
});

describe("offline queue series", () => {
  it("hands out letters without I and O, then two letters, never the same twice", () => {
    expect([1, 2, 8, 9, 24, 25, 26].map(seriesOf)).toEqual(["A", "B", "H", "J", "Z", "AA", "AB"]);
    const all = Array.from({ length: 24 + 24 * 24 }, (_, i) => seriesOf(i + 1));
    expect(new Set(all).size).toBe(all.length);
    expect(all.every((series) => !/[IO]/.test(series))).toBe(true);
    expect(() => seriesOf(0)).toThrow(RangeError);
    expect(() => seriesOf(24 + 24 * 24 + 1)).toThrow(RangeError);
  });

  it("prints an online number bare and an offline one with its series", () => {
    expect(ticketLabel(12, null)).toBe("12");
    expect(ticketLabel(7, "B")).toBe("B-07");
    expect(ticketLabel(123, "AC")).toBe("AC-123");
  });
});
