import { describe, expect, it } from "vitest";
import { BadRequestError } from "#domain/errors";
import { buildReport } from "#domain/report-builder";
import { csvField, reportToCsv, UTF8_BOM } from "#domain/report-csv";
import { resolvePeriod } from "#domain/report-period";
import {
  compareRatesDesc,
  type DayTally,
  type FacilityRef,
  isBelowTarget,
  type MethodCounts,
  rankByRate,
} from "#domain/scan-rate";

const counts = (qrCccd: number, qrVneid: number, manual: number, card: number): MethodCounts => ({
  "qr-cccd": qrCccd,
  "qr-vneid": qrVneid,
  "manual-id": manual,
  "bhyt-card": card,
});

const tally = (facility: string, day: string, byMethod: MethodCounts): DayTally => ({
  facility,
  day,
  byMethod,
  total: Object.values(byMethod).reduce((sum, value) => sum + value, 0),
});

const FACILITIES: FacilityRef[] = [
  { code: "01001", name: "Bệnh viện Bạch Mai", provinceCode: "001" },
  { code: "01002", name: "Trạm y tế Hàng Bài", provinceCode: "001" },
  { code: "01003", name: '=HYPERLINK("http://x")', provinceCode: "001" },
  // Registered under Hải Dương (030), which merged into Hải Phòng (031) on 1 July 2025.
  { code: "30001", name: "Bệnh viện Đa khoa Hải Dương", provinceCode: "030" },
  { code: "31001", name: "Bệnh viện Việt Tiệp, Hải Phòng", provinceCode: "031" },
  { code: "38001", name: "Bệnh viện Thanh Hóa", provinceCode: "038" },
];

const PERIOD = { from: "2026-11-23", to: "2026-11-25" };

function sampleTallies(): DayTally[] {
  return [
    tally("01001", "2026-11-23", counts(6, 3, 1, 0)), // 9/10
    tally("01002", "2026-11-23", counts(1, 0, 1, 0)), // 1/2 with the next day: 3/6 = 0.5
    tally("01002", "2026-11-24", counts(2, 0, 2, 0)),
    tally("01003", "2026-11-25", counts(0, 0, 3, 2)), // 0/5: no QR at all
    tally("30001", "2026-11-24", counts(3, 0, 1, 0)), // 3/4
    tally("31001", "2026-11-25", counts(2, 1, 0, 0)), // 3/3
    tally("31001", "2026-11-26", counts(50, 0, 0, 0)), // outside the period: ignored
  ];
}

describe("the rate and its comparison", () => {
  it("compares fractions exactly, so 1/3 ties 2/6 and 0.1 + 0.2 drift cannot split a tie", () => {
    expect(compareRatesDesc({ qr: 1, total: 3 }, { qr: 2, total: 6 })).toBe(0);
    expect(compareRatesDesc({ qr: 3, total: 10 }, { qr: 1, total: 10 })).toBeLessThan(0);
    expect(compareRatesDesc({ qr: 2, total: 3 }, { qr: 1, total: 2 })).toBeLessThan(0);
    // Products beyond 2^53 still compare exactly.
    const big = 2 ** 40;
    expect(compareRatesDesc({ qr: big + 1, total: big * 3 + 3 }, { qr: 1, total: 3 })).toBe(0);
    expect(compareRatesDesc({ qr: big + 2, total: big * 3 + 3 }, { qr: 1, total: 3 })).toBeLessThan(0);
  });

  it("flags a rate under the target exactly: 5/10 is not under 0.5, 4/9 is, 3/10 is not under 0.3", () => {
    expect(isBelowTarget({ qr: 5, total: 10 }, 0.5)).toBe(false);
    expect(isBelowTarget({ qr: 4, total: 9 }, 0.5)).toBe(true);
    expect(isBelowTarget({ qr: 3, total: 10 }, 0.3)).toBe(false);
    expect(isBelowTarget({ qr: 299_999, total: 1_000_000 }, 0.3)).toBe(true);
    expect(isBelowTarget({ qr: 0, total: 0 }, 0.5)).toBe(false);
  });
});

describe("competition ranking", () => {
  it("gives tied rates the same rank and skips the shared places (1, 1, 3)", () => {
    const ranked = rankByRate([
      { code: "C", qr: 1, total: 2 },
      { code: "A", qr: 3, total: 4 },
      { code: "B", qr: 6, total: 8 },
      { code: "D", qr: 1, total: 4 },
    ]);
    expect(ranked.map(({ item, rank }) => `${rank}:${item.code}`)).toEqual(["1:B", "1:A", "3:C", "4:D"]);
  });

  it("orders equal rates by total then code, but still ranks them equal", () => {
    const ranked = rankByRate([
      { code: "Z", qr: 1, total: 2 },
      { code: "Y", qr: 1, total: 2 },
      { code: "X", qr: 50, total: 100 },
      { code: "W", qr: 1, total: 1 },
    ]);
    expect(ranked.map(({ item, rank }) => `${rank}:${item.code}`)).toEqual(["1:W", "2:X", "2:Y", "2:Z"]);
  });
});

describe("the facility report", () => {
  const report = buildReport({
    period: PERIOD,
    groupBy: "facility",
    province: null,
    target: 0.5,
    facilities: FACILITIES,
    tallies: sampleTallies(),
  });

  it("ranks facilities with check-ins by rate and lists the rest apart", () => {
    if (report.groupBy !== "facility") throw new Error("expected facility rows");
    expect(report.rows.map((row) => [row.rank, row.facility, row.qr, row.total])).toEqual([
      [1, "31001", 3, 3],
      [2, "01001", 9, 10],
      [3, "30001", 3, 4],
      [4, "01002", 3, 6],
      [5, "01003", 0, 5],
    ]);
    expect(report.rows.every((row) => row.rankOf === 5)).toBe(true);
    expect(report.rows[3]?.rate).toBe(0.5);
    expect(report.rows[1]?.byMethod).toEqual(counts(6, 3, 1, 0));
    expect(report.summary.noCheckins.map((entry) => entry.facility)).toEqual(["38001"]);
    expect(report.summary.noCheckins[0]?.rate).toBeNull();
  });

  it("rolls a facility registered under an old province code into the current province", () => {
    if (report.groupBy !== "facility") throw new Error("expected facility rows");
    const haiDuong = report.rows.find((row) => row.facility === "30001");
    expect(haiDuong).toMatchObject({ province: "031", provinceName: "Hải Phòng" });
  });

  it("flags below-target and no-QR facilities with their rate, never those without check-ins", () => {
    if (report.groupBy !== "facility") throw new Error("expected facility rows");
    expect(report.summary.belowTarget.map((entry) => [entry.facility, entry.rate])).toEqual([["01003", 0]]);
    expect(report.summary.noQr).toEqual([
      {
        facility: "01003",
        name: '=HYPERLINK("http://x")',
        province: "001",
        provinceName: "Hà Nội",
        total: 5,
        qr: 0,
        rate: 0,
      },
    ]);
  });

  it("sums the period and gives a daily trend with null rates on empty days", () => {
    expect(report.summary).toMatchObject({ total: 28, qr: 18, rate: 18 / 28 });
    expect(report.trend).toEqual([
      { day: "2026-11-23", total: 12, qr: 10, rate: 10 / 12 },
      { day: "2026-11-24", total: 8, qr: 5, rate: 5 / 8 },
      { day: "2026-11-25", total: 8, qr: 3, rate: 3 / 8 },
    ]);
    const quiet = buildReport({
      period: { from: "2026-11-20", to: "2026-11-21" },
      groupBy: "facility",
      province: null,
      target: 0.5,
      facilities: FACILITIES,
      tallies: sampleTallies(),
    });
    expect(quiet.trend).toEqual([
      { day: "2026-11-20", total: 0, qr: 0, rate: null },
      { day: "2026-11-21", total: 0, qr: 0, rate: null },
    ]);
    expect(quiet.rows).toEqual([]);
    expect(quiet.summary.rate).toBeNull();
    expect(quiet.summary.noCheckins).toHaveLength(FACILITIES.length);
  });

  it("limits a provincial report to the current province, old codes included", () => {
    const haiPhong = buildReport({
      period: PERIOD,
      groupBy: "facility",
      province: { code: "031", name: "Hải Phòng" },
      target: 0.5,
      facilities: FACILITIES,
      tallies: sampleTallies(),
    });
    if (haiPhong.groupBy !== "facility") throw new Error("expected facility rows");
    expect(haiPhong.rows.map((row) => [row.rank, row.facility])).toEqual([
      [1, "31001"],
      [2, "30001"],
    ]);
    expect(haiPhong.summary).toMatchObject({ total: 7, qr: 6 });
  });

  it("counts a facility missing from the list, placed by its code", () => {
    const withStranger = buildReport({
      period: PERIOD,
      groupBy: "facility",
      province: null,
      target: 0.5,
      facilities: FACILITIES,
      tallies: [tally("38999", "2026-11-23", counts(1, 0, 0, 0))],
    });
    expect(withStranger.rows[0]).toMatchObject({ facility: "38999", name: "38999", province: "038" });
  });
});

describe("the province report", () => {
  it("rolls facilities up into the 34 current provinces and ranks them", () => {
    const report = buildReport({
      period: PERIOD,
      groupBy: "province",
      province: null,
      target: 0.7,
      facilities: FACILITIES,
      tallies: sampleTallies(),
    });
    if (report.groupBy !== "province") throw new Error("expected province rows");
    expect(
      report.rows.map((row) => [row.rank, row.province, row.name, row.facilities, row.qr, row.total]),
    ).toEqual([
      [1, "031", "Hải Phòng", 2, 6, 7],
      [2, "001", "Hà Nội", 3, 12, 21],
    ]);
    expect(report.summary.belowTarget.map((entry) => entry.province)).toEqual(["001"]);
    expect(report.summary.noQr.map((entry) => entry.facility)).toEqual(["01003"]);
  });

  it("ties provinces with equal rates", () => {
    const report = buildReport({
      period: PERIOD,
      groupBy: "province",
      province: null,
      target: 0.5,
      facilities: FACILITIES,
      tallies: [
        tally("01001", "2026-11-23", counts(1, 0, 1, 0)),
        tally("38001", "2026-11-23", counts(2, 0, 2, 0)),
        tally("31001", "2026-11-23", counts(0, 0, 1, 0)),
      ],
    });
    expect(report.rows.map((row) => [row.rank, row.province])).toEqual([
      [1, "038"],
      [1, "001"],
      [3, "031"],
    ]);
  });
});

describe("the period", () => {
  it("defaults to the 30 days ending today (Vietnam)", () => {
    expect(resolvePeriod({}, "2026-11-25")).toEqual({ from: "2026-10-27", to: "2026-11-25" });
    expect(resolvePeriod({ to: "2026-03-01" }, "2026-11-25")).toEqual({
      from: "2026-01-31",
      to: "2026-03-01",
    });
  });

  it("accepts 366 days and refuses 367 with PERIOD_TOO_LONG in both languages", () => {
    expect(resolvePeriod({ from: "2024-01-01", to: "2024-12-31" }, "2026-11-25")).toEqual({
      from: "2024-01-01",
      to: "2024-12-31",
    });
    const tooLong = (() => {
      try {
        resolvePeriod({ from: "2025-01-01", to: "2026-01-02" }, "2026-11-25");
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(tooLong).toBeInstanceOf(BadRequestError);
    expect(tooLong).toMatchObject({ code: "PERIOD_TOO_LONG" });
    expect((tooLong as BadRequestError).messages.vi).toContain("367");
    expect((tooLong as BadRequestError).messages.en).toContain("at most 366 days");
  });

  it("refuses from after to and dates that do not exist", () => {
    expect(() => resolvePeriod({ from: "2026-11-26", to: "2026-11-25" }, "2026-11-25")).toThrow(
      expect.objectContaining({ code: "PERIOD_INVALID" }),
    );
    expect(() => resolvePeriod({ from: "2026-02-30" }, "2026-11-25")).toThrow(
      expect.objectContaining({ code: "PERIOD_INVALID" }),
    );
  });
});

describe("the CSV export", () => {
  it("quotes per RFC 4180 and neutralises formulas", () => {
    expect(csvField("Bệnh viện Việt Tiệp, Hải Phòng")).toBe('"Bệnh viện Việt Tiệp, Hải Phòng"');
    expect(csvField('Trạm "Hàng Bài"')).toBe('"Trạm ""Hàng Bài"""');
    expect(csvField("dòng 1\ndòng 2")).toBe('"dòng 1\ndòng 2"');
    for (const dangerous of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"]) {
      expect(csvField(dangerous)).toBe(`'${dangerous}`);
    }
    expect(csvField("\r=1")).toBe(`"'\r=1"`);
    expect(csvField(0.75)).toBe("0.75");
    expect(csvField(null)).toBe("");
  });

  it("starts with a BOM, ends lines with CRLF and has the JSON rows' columns", () => {
    const report = buildReport({
      period: PERIOD,
      groupBy: "facility",
      province: null,
      target: 0.5,
      facilities: FACILITIES,
      tallies: sampleTallies(),
    });
    const csv = reportToCsv(report);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines.pop()).toBe("");
    expect(lines[0]).toBe(
      "rank,rankOf,facility,name,province,provinceName,total,qr,byMethod.qr-cccd,byMethod.qr-vneid,byMethod.manual-id,byMethod.bhyt-card,rate,reader.cameraDays,reader.scannerDays,reader.failedScans,reader.typedAfterFailedScan,reader.typedWithReader,reader.reportedCheckins,reader.reportedDays,cause,waits.calls,waits.medianMinutes,waits.p90Minutes",
    );
    // The ranked rows, then the facility without any check-in, unranked: every facility is in the file.
    expect(report.summary.noCheckins.map((flag) => flag.facility)).toEqual(["38001"]);
    expect(lines).toHaveLength(report.rows.length + 2);
    expect(lines.at(-1)).toBe(",,38001,Bệnh viện Thanh Hóa,038,Thanh Hóa,0,0,0,0,0,0,,0,0,0,0,0,0,0,,0,,");
    expect(lines[1]).toBe(
      '1,5,31001,"Bệnh viện Việt Tiệp, Hải Phòng",031,Hải Phòng,3,3,2,1,0,0,1,0,0,0,0,0,0,0,,0,,',
    );
    expect(lines[5]).toBe(
      `5,5,01003,"'=HYPERLINK(""http://x"")",001,Hà Nội,5,0,0,0,3,2,0,0,0,0,0,0,0,0,,0,,`,
    );
  });

  it("writes province rows with their own columns", () => {
    const report = buildReport({
      period: PERIOD,
      groupBy: "province",
      province: null,
      target: 0.5,
      facilities: FACILITIES,
      tallies: sampleTallies(),
    });
    const lines = reportToCsv(report).slice(1).split("\r\n");
    expect(lines[0]).toBe(
      "rank,rankOf,province,name,facilities,total,qr,byMethod.qr-cccd,byMethod.qr-vneid,byMethod.manual-id,byMethod.bhyt-card,rate,causes.no-reader,causes.reader-failing,causes.habit",
    );
    expect(lines[1]).toBe(`1,2,031,Hải Phòng,2,7,6,5,1,1,0,${6 / 7},0,0,0`);
  });
});
