import { describe, expect, it } from "vitest";
import {
  DEFAULT_READER_THRESHOLDS,
  type ReaderFigures,
  readerCause,
  readerCounterDelta,
  readerFiguresOf,
  readerReportSchema,
} from "#domain/reader-health";
import { buildReport, type FacilityTally } from "#domain/report-builder";
import { reportToCsv } from "#domain/report-csv";
import type { FacilityRef } from "#domain/scan-rate";

const figures = (partial: Partial<ReaderFigures>): ReaderFigures => ({
  ...readerFiguresOf({}),
  ...partial,
});

describe("what one check-in adds to the day counter", () => {
  it("adds the failed scans, and typed-after-failure and typed-with-reader for a typed visit", () => {
    expect(
      readerCounterDelta({ camera: true, scanner: false, failedScans: 3 }, "manual-id", "typed"),
    ).toEqual({
      add: { "r:n": 1, "r:fail": 3, "r:taf": 1, "r:twr": 1 },
      flags: ["r:d", "r:cam"],
    });
    // A typed card code is typed too; without a reader it is not "typed with a reader".
    expect(
      readerCounterDelta({ camera: false, scanner: false, failedScans: 0 }, "bhyt-card", "typed"),
    ).toEqual({
      add: { "r:n": 1 },
      flags: ["r:d"],
    });
    // A scan that worked after two failed tries: the failures count, nothing was typed.
    expect(
      readerCounterDelta({ camera: false, scanner: true, failedScans: 2 }, "qr-cccd", "scanner"),
    ).toEqual({
      add: { "r:n": 1, "r:fail": 2 },
      flags: ["r:d", "r:scn"],
    });
    // The kiosk keypad is typing.
    expect(
      readerCounterDelta({ camera: true, scanner: false, failedScans: 1 }, "manual-id", "kiosk").add,
    ).toEqual({
      "r:n": 1,
      "r:fail": 1,
      "r:taf": 1,
      "r:twr": 1,
    });
  });

  it("accepts only the three counts, within bounds", () => {
    expect(readerReportSchema.safeParse({ camera: true, scanner: false, failedScans: 0 }).success).toBe(true);
    for (const bad of [
      { camera: true, scanner: false },
      { camera: "yes", scanner: false, failedScans: 0 },
      { camera: true, scanner: false, failedScans: -1 },
      { camera: true, scanner: false, failedScans: 1.5 },
      { camera: true, scanner: false, failedScans: 501 },
      { camera: true, scanner: false, failedScans: 0, payload: "001090012345" },
    ])
      expect(readerReportSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});

describe("why a rate is low", () => {
  const t = DEFAULT_READER_THRESHOLDS;
  it("gives no cause above the target, or with fewer reported check-ins than the minimum", () => {
    const noReader = figures({ reportedCheckins: 40, reportedDays: 10 });
    expect(readerCause(noReader, true, t)).toBe("no-reader");
    expect(readerCause(noReader, false, t)).toBeNull();
    expect(readerCause({ ...noReader, reportedCheckins: 9 }, true, t)).toBeNull();
  });

  it("says no-reader while camera and scanner are each there on at most a tenth of the days", () => {
    const base = figures({ reportedCheckins: 40, reportedDays: 10, typedWithReader: 1 });
    expect(readerCause({ ...base, cameraDays: 1, scannerDays: 1 }, true, t)).toBe("no-reader");
    expect(readerCause({ ...base, cameraDays: 2 }, true, t)).toBe("habit");
    expect(readerCause({ ...base, scannerDays: 2, typedAfterFailedScan: 1 }, true, t)).toBe("reader-failing");
  });

  it("tells a failing reader from habit by the share of typed check-ins that followed a failed scan", () => {
    const base = figures({ reportedCheckins: 40, reportedDays: 10, cameraDays: 10, typedWithReader: 30 });
    expect(readerCause({ ...base, typedAfterFailedScan: 15 }, true, t)).toBe("reader-failing");
    expect(readerCause({ ...base, typedAfterFailedScan: 14 }, true, t)).toBe("habit");
    expect(readerCause({ ...base, typedAfterFailedScan: 14 }, true, { ...t, failingShare: 0.4 })).toBe(
      "reader-failing",
    );
    // Nothing typed with the reader: the low rate has another reason (insurance cards).
    expect(readerCause({ ...base, typedWithReader: 0 }, true, t)).toBeNull();
  });
});

describe("the report's reader figures and causes", () => {
  const FACILITIES: FacilityRef[] = [
    { code: "01001", name: "Bệnh viện Bạch Mai", provinceCode: "001" },
    { code: "01002", name: "Trạm y tế Hàng Bài", provinceCode: "001" },
    { code: "01003", name: "Trạm y tế Tràng Tiền", provinceCode: "001" },
    { code: "31001", name: "Bệnh viện Việt Tiệp", provinceCode: "031" },
    { code: "31002", name: "Trạm y tế Lê Chân", provinceCode: "031" },
  ];
  const typed = (facility: string, total: number, qr: number, reader: ReaderFigures): FacilityTally => ({
    facility,
    total,
    byMethod: { "qr-cccd": qr, "qr-vneid": 0, "manual-id": total - qr, "bhyt-card": 0 },
    reader,
  });
  const NO_READER = figures({ reportedCheckins: 30, reportedDays: 6 });
  const FAILING = figures({
    reportedCheckins: 30,
    reportedDays: 6,
    cameraDays: 6,
    failedScans: 41,
    typedAfterFailedScan: 18,
    typedWithReader: 24,
  });
  const HABIT = figures({ reportedCheckins: 30, reportedDays: 6, scannerDays: 6, typedWithReader: 25 });
  const totals = [
    typed("01001", 30, 0, NO_READER),
    typed("01002", 30, 6, FAILING),
    typed("01003", 30, 5, HABIT),
    typed("31001", 50, 10, { ...NO_READER, reportedCheckins: 50 }),
    // Above the target: its failing reader is not why its rate is low.
    typed("31002", 30, 20, FAILING),
  ];
  const input = {
    period: { from: "2026-11-20", to: "2026-11-25" },
    province: null,
    target: 0.5,
    facilities: FACILITIES,
    totals,
    daily: [],
  } as const;

  it("carries each facility's figures and cause, and lists the equipment problems busiest first", () => {
    const report = buildReport({ ...input, groupBy: "facility" });
    if (report.groupBy !== "facility") throw new Error("facility report expected");
    const byCode = new Map(report.rows.map((row) => [row.facility, row]));
    expect(byCode.get("01002")?.reader).toEqual(FAILING);
    expect(report.rows.map((row) => [row.facility, row.cause])).toEqual([
      ["31002", null],
      ["31001", "no-reader"],
      ["01002", "reader-failing"],
      ["01003", "habit"],
      ["01001", "no-reader"],
    ]);
    expect(report.summary.causes).toEqual({ "no-reader": 2, "reader-failing": 1, habit: 1 });
    expect(report.summary.readerProblems.map((p) => [p.facility, p.cause, p.total])).toEqual([
      ["31001", "no-reader", 50],
      ["01001", "no-reader", 30],
      ["01002", "reader-failing", 30],
    ]);
    expect(report.summary.readerProblems[2]?.reader).toEqual(FAILING);
    expect(report.readerThresholds).toEqual(DEFAULT_READER_THRESHOLDS);
    const csv = reportToCsv(report).slice(1).split("\r\n");
    expect(csv[3]).toBe(
      // No patient called yet: no waits, so no median or 90th percentile.
      "2,5,01002,Trạm y tế Hàng Bài,001,Hà Nội,30,6,6,0,24,0,0.2,6,0,41,18,24,30,6,reader-failing,0,,",
    );
    expect(csv[1]?.endsWith(",0.6666666666666666,6,0,41,18,24,30,6,,0,,")).toBe(true);
  });

  it("counts each province's facilities per cause", () => {
    const report = buildReport({ ...input, groupBy: "province" });
    if (report.groupBy !== "province") throw new Error("province report expected");
    expect(report.rows.map((row) => [row.province, row.causes])).toEqual([
      ["031", { "no-reader": 1, "reader-failing": 0, habit: 0 }],
      ["001", { "no-reader": 1, "reader-failing": 1, habit: 1 }],
    ]);
    expect(reportToCsv(report).slice(1).split("\r\n")[2]).toBe(
      `2,2,001,Hà Nội,3,90,11,11,0,79,0,${11 / 90},1,1,1`,
    );
  });
});
