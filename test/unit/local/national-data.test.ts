import { describe, expect, it } from "vitest";
import { blockOf, blockOfId, splitPeriod } from "#domain/period-blocks";
import { currentProvinceOf } from "#domain/provinces";
import { addDays, daysBetween } from "#domain/vn-time";
import { generateFacilities } from "#functions/gateway-mock/population";
import { arrivedShare, minutesAtShare, shareBetween } from "#infra/local/seed/arrival-curve";
import { generateNationalFacilities } from "#infra/local/seed/national-facilities";
import { dayLoad, dayTallies, expectedVisits, nationalDataSet } from "#infra/local/seed/national-history";
import { reachableDays } from "#infra/local/seed/national-seed";

const TODAY = "2026-11-25";
const national = nationalDataSet({ today: TODAY });
const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

describe("the national facility list", () => {
  it("holds 12,851 facilities with unique codes over all 34 provinces, the demo's 120 among them", () => {
    const { facilities } = national;
    expect(facilities).toHaveLength(12_851);
    const codes = facilities.map((entry) => entry.facility.code);
    expect(new Set(codes).size).toBe(12_851);
    expect(codes.every((code) => /^\d{5}$/.test(code))).toBe(true);
    const provinces = new Set(
      facilities.map((entry) => currentProvinceOf(entry.facility.provinceCode)?.code ?? "?"),
    );
    expect(provinces.size).toBe(34);
    expect(provinces.has("?")).toBe(false);
    const byCode = new Map(facilities.map((entry) => [entry.facility.code, entry.facility]));
    for (const demo of generateFacilities(120)) expect(byCode.get(demo.code)).toEqual(demo);
    // Every facility code starts with its own province's number.
    for (const { facility } of facilities)
      expect(facility.code.slice(0, 2)).toBe(facility.provinceCode.slice(1));
  });

  it("is mostly commune stations, with central hospitals at 6,000–8,000 visits a weekday at the top", () => {
    const kinds = new Map<string, number>();
    for (const { profile } of national.facilities)
      kinds.set(profile.kind, (kinds.get(profile.kind) ?? 0) + 1);
    expect(kinds.get("general-hospital")).toBe(63);
    expect(kinds.get("commune-station") ?? 0).toBeGreaterThan(0.7 * 12_851);
    const busiest = Math.max(...national.facilities.map((entry) => entry.profile.weekdayVisits));
    expect(busiest).toBeGreaterThanOrEqual(6_000);
    expect(busiest).toBeLessThanOrEqual(8_000);
    // Some facilities never scan a QR code, some never check anyone in.
    const noQr = national.facilities.filter((entry) => entry.profile.qrEnd === 0).length;
    const idle = national.facilities.filter(
      (entry) => entry.profile.activeFrom >= national.shape.days,
    ).length;
    expect(noQr / 12_851).toBeGreaterThan(0.02);
    expect(noQr / 12_851).toBeLessThan(0.1);
    expect(idle).toBeGreaterThan(50);
    expect(idle).toBeLessThan(400);
  });

  it("is the same list on every call, and a short list keeps the mix", () => {
    expect(generateNationalFacilities({ count: 500 })).toEqual(generateNationalFacilities({ count: 500 }));
    const short = generateNationalFacilities({ count: 300 });
    expect(short).toHaveLength(300);
    expect(short.filter((entry) => entry.profile.kind === "commune-station").length).toBeGreaterThan(150);
  });
});

describe("the national history", () => {
  it("expects 170 million visits in a year", () => {
    expect(expectedVisits(national.facilities, national.shape) / 170_000_000).toBeCloseTo(1, 2);
  });

  it("follows the week: Mondays busy, Sundays quiet, holidays and Tết quieter still", () => {
    expect(dayLoad("2026-11-23", "commune-station")).toBeGreaterThan(1); // a Monday
    expect(dayLoad("2026-11-29", "commune-station")).toBeLessThan(0.1); // a Sunday
    expect(dayLoad("2026-11-28", "hospital")).toBeCloseTo(0.55); // a Saturday
    expect(dayLoad("2026-09-02", "hospital")).toBe(dayLoad("2026-11-29", "hospital")); // National Day
    expect(dayLoad("2026-02-18", "hospital")).toBeLessThan(dayLoad("2026-11-29", "hospital")); // Tết
    const monday = sum(dayTallies(national.facilities, "2026-11-23", national.shape).map(visits));
    const sunday = sum(dayTallies(national.facilities, "2026-11-29", national.shape).map(visits));
    expect(monday).toBeGreaterThan(550_000);
    expect(monday).toBeLessThan(750_000);
    expect(sunday / monday).toBeLessThan(0.25);
  });

  it("draws the same counts for a facility-day every time, each split adding up to the total", () => {
    const first = dayTallies(national.facilities, "2026-11-24", national.shape);
    expect(dayTallies(national.facilities, "2026-11-24", national.shape)).toEqual(first);
    for (const tally of first.slice(0, 2_000)) {
      const total = visits(tally);
      expect(total).toBeGreaterThan(0);
      expect(sum(Object.values(tally.byStatus ?? {}))).toBe(total);
      expect(sum(Object.values(tally.byChannel ?? {}))).toBe(total);
      for (const value of [
        ...Object.values(tally.byMethod),
        ...Object.values(tally.byStatus ?? {}),
        ...Object.values(tally.byChannel ?? {}),
      ])
        expect(value).toBeGreaterThanOrEqual(0);
    }
    // A province's draw is the national draw's share of it.
    const hanoi = dayTallies(national.facilities, "2026-11-24", national.shape, { prefixes: ["01"] });
    expect(hanoi).toEqual(first.filter((tally) => tally.facility.startsWith("01")));
    // The QR share climbs over the year.
    const qrShare = (day: string) => {
      const tallies = dayTallies(national.facilities, day, national.shape);
      return (
        sum(tallies.map((t) => (t.byMethod["qr-cccd"] ?? 0) + (t.byMethod["qr-vneid"] ?? 0))) /
        sum(tallies.map(visits))
      );
    };
    expect(qrShare("2026-11-24")).toBeGreaterThan(qrShare(addDays(national.shape.first, 7)) + 0.1);
  });
});

describe("arrivals through the day", () => {
  it("puts 80 % of a day's visits between 6:30 and 10:30 and all of them by 16:00", () => {
    expect(shareBetween(6.5 * 60, 10.5 * 60)).toBeCloseTo(0.8, 10);
    expect(arrivedShare(5 * 60)).toBe(0);
    expect(arrivedShare(16 * 60)).toBe(1);
    for (const q of [0.01, 0.25, 0.5, 0.9, 0.999]) expect(arrivedShare(minutesAtShare(q))).toBeCloseTo(q, 10);
  });
});

describe("what the seed writes", () => {
  it("writes day counters for the days a check-in can still reach: today and the 72 hours before", () => {
    expect(reachableDays(new Date("2026-11-25T10:30:00+07:00"), "2025-11-25")).toEqual(
      daysBetween("2026-11-22", "2026-11-25"),
    );
    expect(reachableDays(new Date("2026-11-25T10:30:00+07:00"), "2026-11-24")).toEqual([
      "2026-11-24",
      "2026-11-25",
    ]);
  });

  it("names every roll-up block by an id that reads back to the block", () => {
    for (const block of splitPeriod("2025-11-26", "2026-11-24")) expect(blockOfId(block.id)).toEqual(block);
    for (const level of ["day", "dekad", "month", "quarter"] as const)
      expect(blockOfId(blockOf(level, "2026-02-28").id)).toEqual(blockOf(level, "2026-02-28"));
    for (const bad of ["", "D:2026-02-30", "T:2026-11-4", "Q:2026-5", "M:2026-13", "X:2026"])
      expect(blockOfId(bad)).toBeNull();
  });
});

function visits(tally: { byMethod: Record<string, number> }): number {
  return sum(Object.values(tally.byMethod));
}
