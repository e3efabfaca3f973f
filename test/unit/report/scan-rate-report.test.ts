import { describe, expect, it } from "vitest";
import type { DayTally, FacilityRef } from "#domain/scan-rate";
import {
  reportScanRate,
  resolveReportProvince,
  type ScanRateReportDeps,
} from "#functions/services/scan-rate-report";

const FACILITIES: FacilityRef[] = [
  { code: "01001", name: "Bệnh viện Bạch Mai", provinceCode: "001" },
  { code: "30001", name: "Bệnh viện Đa khoa Hải Dương", provinceCode: "030" },
  { code: "31001", name: "Bệnh viện Việt Tiệp", provinceCode: "031" },
];

const TALLIES: DayTally[] = [
  {
    facility: "01001",
    day: "2026-11-25",
    total: 4,
    byMethod: { "qr-cccd": 2, "qr-vneid": 0, "manual-id": 2, "bhyt-card": 0 },
  },
  {
    facility: "30001",
    day: "2026-11-25",
    total: 2,
    byMethod: { "qr-cccd": 1, "qr-vneid": 1, "manual-id": 0, "bhyt-card": 0 },
  },
];

function fakeDeps(
  reads: Array<{ days: readonly string[]; prefixes: readonly string[] | null }>,
): ScanRateReportDeps {
  return {
    counters: {
      async readDayCounts(days, options = {}) {
        const wanted = options.facilityPrefixes ?? null;
        reads.push({ days, prefixes: wanted });
        const rows = TALLIES.filter(
          (tally) =>
            days.includes(tally.day) && (wanted === null || wanted.some((p) => tally.facility.startsWith(p))),
        ).map((tally) => ({
          day: tally.day,
          facility: tally.facility,
          counts: {
            n: tally.total,
            ...Object.fromEntries(Object.entries(tally.byMethod).map(([m, v]) => [`m:${m}`, v])),
          },
        }));
        return {
          rows,
          stats: {
            queries: days.length,
            items: rows.length,
            capacityUnits: 0,
            cachedPartitions: 0,
            revisionsRead: 0,
          },
        };
      },
    },
    // Nothing rolled up yet: every day comes from the day counters.
    rollups: {
      readState: async () => null,
      listDirty: async () => [],
      getBlocks: async () => ({ blocks: new Map(), reads: 0, capacityUnits: 0 }),
    },
    facilities: { listFacilities: async () => FACILITIES },
    target: 0.5,
    // 23:30 UTC on the 24th is already the 25th in Vietnam.
    now: () => new Date("2026-11-24T23:30:00Z"),
  };
}

describe("who may see which province", () => {
  it("lets a national user see the country or any province, old codes resolving to the current one", () => {
    expect(resolveReportProvince(null, undefined)).toBeNull();
    expect(resolveReportProvince(null, "030")).toEqual({ code: "031", name: "Hải Phòng" });
  });

  it("keeps a provincial user to their own province, whichever of its old codes is used", () => {
    expect(resolveReportProvince("001", undefined)).toEqual({ code: "001", name: "Hà Nội" });
    expect(resolveReportProvince("030", "031")).toEqual({ code: "031", name: "Hải Phòng" });
    expect(() => resolveReportProvince("001", "031")).toThrow(
      expect.objectContaining({ code: "PROVINCE_FORBIDDEN" }),
    );
    expect(() => resolveReportProvince("999", undefined)).toThrow(
      expect.objectContaining({ code: "PROVINCE_FORBIDDEN" }),
    );
  });

  it("refuses a province code that does not exist", () => {
    expect(() => resolveReportProvince(null, "003")).toThrow(
      expect.objectContaining({ code: "PROVINCE_UNKNOWN" }),
    );
  });
});

describe("the report use case", () => {
  it("defaults to the 30 Vietnamese days ending today and reads only counters of those days", async () => {
    const reads: Array<{ days: readonly string[]; prefixes: readonly string[] | null }> = [];
    const { report } = await reportScanRate(fakeDeps(reads), { province: null }, { groupBy: "facility" });
    expect(report).toMatchObject({ from: "2026-10-27", to: "2026-11-25", target: 0.5, province: null });
    expect(reads).toHaveLength(1);
    expect(reads[0]?.days).toHaveLength(30);
    expect(reads[0]?.prefixes).toBeNull();
    expect(report.summary).toMatchObject({ total: 6, qr: 4 });
  });

  it("narrows a provincial report to the facility codes of all its old provinces", async () => {
    const reads: Array<{ days: readonly string[]; prefixes: readonly string[] | null }> = [];
    const { report } = await reportScanRate(fakeDeps(reads), { province: "031" }, { groupBy: "province" });
    expect(reads[0]?.prefixes).toEqual(["30", "31"]);
    expect(report.rows).toEqual([
      expect.objectContaining({ rank: 1, rankOf: 1, province: "031", total: 2, qr: 2 }),
    ]);
    expect(report.summary.noCheckins.map((entry) => entry.facility)).toEqual(["31001"]);
  });
});
