import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { numberOfOldCode, oldProvinces } from "#domain/provinces";
import type { ReaderReport } from "#domain/reader-health";
import { vnDay, vnTimestamp } from "#domain/vn-time";
import { rollUpCounters } from "#functions/services/counter-rollup";
import { readPeriodCounts } from "#functions/services/period-counts";
import { DEFAULT_COUNTER_SHARDS } from "#functions/stores/counter-keys";
import { makeCounterStore } from "#functions/stores/counter-store";
import { makeRollupStore } from "#functions/stores/rollup-store";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { captureOutput } from "#test/support/capture-output";
import { nonZero, readCounter, readLog, tally } from "#test/support/counters";
import { parseCsv } from "#test/support/csv";
import { startTestApp, type TestApp } from "#test/support/local-app";

const an = fixtures.people.find((person) => person.idNumber === "001090012345");
if (an === undefined) throw new Error("fixture person missing");

type Kind = "qr-camera" | "qr-scanner" | "typed";
/** One check-in a page sends: how it was made, and the reader counts it carries (null: an older page). */
type Sent = { kind: Kind; reader: ReaderReport | null };

const cam = (failedScans: number): ReaderReport => ({ camera: true, scanner: false, failedScans });
const scn = (failedScans: number): ReaderReport => ({ camera: false, scanner: true, failedScans });
const none: ReaderReport = { camera: false, scanner: false, failedScans: 0 };

/** Each facility's check-ins on each of three days (two days back, yesterday, today). */
const DAY: Record<string, Sent[]> = {
  // No camera, no scanner: everything typed.
  "01001": [
    { kind: "typed", reader: none },
    { kind: "typed", reader: none },
    { kind: "typed", reader: none },
    { kind: "typed", reader: none },
  ],
  // A camera that rarely reads: one code after two misses, three typed after 1, 3 and 0 misses.
  "01832": [
    { kind: "qr-camera", reader: cam(2) },
    { kind: "typed", reader: cam(1) },
    { kind: "typed", reader: cam(3) },
    { kind: "typed", reader: cam(0) },
  ],
  // A scanner that works, yet most visits are typed without trying it.
  "38001": [
    { kind: "qr-scanner", reader: scn(0) },
    { kind: "typed", reader: scn(0) },
    { kind: "typed", reader: scn(0) },
    { kind: "typed", reader: scn(1) },
  ],
  // Above the target: its misses are not why its rate is low (it is not low).
  "38453": [
    { kind: "qr-camera", reader: cam(0) },
    { kind: "qr-camera", reader: cam(1) },
    { kind: "qr-camera", reader: cam(0) },
    { kind: "typed", reader: cam(2) },
  ],
  // An older page that sends no reader counts.
  "31001": [
    { kind: "qr-camera", reader: null },
    { kind: "typed", reader: null },
    { kind: "typed", reader: null },
    { kind: "typed", reader: null },
  ],
};
/** Too few check-ins with reader counts (READER_MIN_CHECKINS is 6 here) to name a cause: today only. */
const FEW: Sent[] = Array.from({ length: 5 }, () => ({ kind: "typed", reader: none }));

const BODY: Record<Kind, { method: string; payload: string; channel: string }> = {
  "qr-camera": { method: "qr-cccd", payload: an.qr, channel: "camera" },
  "qr-scanner": { method: "qr-cccd", payload: an.qr, channel: "scanner" },
  typed: { method: "manual-id", payload: an.idNumber, channel: "typed" },
};

interface Planned {
  facility: string;
  sent: Sent;
  scannedAt: Date;
}

/** The figures a facility's row must show, worked out from what was sent. */
function expectedFigures(planned: readonly Planned[]) {
  const days = (pick: (p: Planned) => boolean) =>
    new Set(planned.filter(pick).map((p) => vnDay(p.scannedAt))).size;
  const reported = planned.filter((p) => p.sent.reader !== null);
  const typed = (p: Planned) => p.sent.kind === "typed";
  return {
    cameraDays: days((p) => p.sent.reader?.camera === true),
    scannerDays: days((p) => p.sent.reader?.scanner === true),
    failedScans: reported.reduce((sum, p) => sum + (p.sent.reader?.failedScans ?? 0), 0),
    typedAfterFailedScan: reported.filter((p) => typed(p) && (p.sent.reader?.failedScans ?? 0) > 0).length,
    typedWithReader: reported.filter(
      (p) => typed(p) && (p.sent.reader?.camera === true || p.sent.reader?.scanner === true),
    ).length,
    reportedCheckins: reported.length,
    reportedDays: days((p) => p.sent.reader !== null),
  };
}

type Row = {
  facility?: string;
  province?: string;
  total: number;
  qr: number;
  reader?: Record<string, number>;
  cause?: string | null;
  causes?: Record<string, number>;
};
type Report = {
  rows: Row[];
  readerThresholds: Record<string, number>;
  summary: {
    causes: Record<string, number>;
    readerProblems: Array<{ facility: string; cause: string; total: number; reader: Record<string, number> }>;
  };
};

describe("reader health from the pages, in the report", { timeout: 120_000 }, () => {
  let t: TestApp;
  let national: string;
  let output: ReturnType<typeof captureOutput> | undefined;
  const now = new Date();
  const planned: Planned[] = [];

  beforeAll(async () => {
    process.env.LOG_LEVEL = "INFO";
    output = captureOutput();
    t = await startTestApp({ env: { READER_MIN_CHECKINS: "6" } });
    national = await t.token("health-dept");
    // Scan times 12 minutes apart (the same person, never within the 10-minute rule), one series a day.
    for (const [facility, sent] of Object.entries(DAY))
      for (const back of [2, 1, 0])
        for (const [index, one] of sent.entries())
          planned.push({
            facility,
            sent: one,
            scannedAt: new Date(now.getTime() - back * 86_400_000 - (index + 1) * 12 * 60_000),
          });
    for (const [index, one] of FEW.entries())
      planned.push({
        facility: "30001",
        sent: one,
        scannedAt: new Date(now.getTime() - index * 12 * 60_000),
      });
    const tokens = new Map<string, string>();
    for (const facility of new Set(planned.map((p) => p.facility)))
      tokens.set(facility, await t.token("receptionist", { facility }));
    await Promise.all(
      [...new Set(planned.map((p) => p.facility))].map(async (facility) => {
        for (const p of planned.filter((one) => one.facility === facility)) {
          const res = await t.call("POST", "/api/checkins", {
            token: tokens.get(facility) ?? "",
            body: {
              ...BODY[p.sent.kind],
              scannedAt: vnTimestamp(p.scannedAt),
              ...(p.sent.reader === null ? {} : { reader: p.sent.reader }),
            },
          });
          if (res.status !== 201) throw new Error(`check-in refused: ${res.status} ${res.text}`);
        }
      }),
    );
  }, 120_000);
  afterAll(async () => {
    output?.restore();
    await t?.stop();
  });

  const from = () => vnDay(new Date(Math.min(...planned.map((p) => p.scannedAt.getTime()))));
  const report = async (query: string): Promise<Report> => {
    const res = await t.call("GET", `/api/reports/scan-rate?from=${from()}&to=${vnDay(now)}&${query}`, {
      token: national,
    });
    expect(res.status, res.text).toBe(200);
    return res.json as Report;
  };

  it("gives each facility the figures its pages sent and the cause they point to", async () => {
    const json = await report("groupBy=facility");
    const rows = new Map(json.rows.map((row) => [row.facility, row]));
    for (const facility of [...Object.keys(DAY), "30001"]) {
      expect(rows.get(facility)?.reader, facility).toEqual(
        expectedFigures(planned.filter((p) => p.facility === facility)),
      );
    }
    expect(rows.get("01832")?.reader).toMatchObject({
      failedScans: 18,
      typedAfterFailedScan: 6,
      typedWithReader: 9,
    });
    expect(Object.fromEntries(json.rows.map((row) => [row.facility, row.cause]))).toEqual({
      "01001": "no-reader",
      "01832": "reader-failing",
      "38001": "habit",
      "38453": null,
      "31001": null,
      "30001": null,
    });
    expect(json.readerThresholds).toEqual({ minCheckins: 6, noReaderDayShare: 0.1, failingShare: 0.5 });
    expect(json.summary.causes).toEqual({ "no-reader": 1, "reader-failing": 1, habit: 1 });
    expect(json.summary.readerProblems.map((p) => [p.facility, p.cause, p.total])).toEqual([
      ["01001", "no-reader", 12],
      ["01832", "reader-failing", 12],
    ]);
  });

  it("counts each province's facilities per cause, and writes the cause into the CSV", async () => {
    const provinces = await report("groupBy=province");
    expect(Object.fromEntries(provinces.rows.map((row) => [row.province, row.causes]))).toEqual({
      "001": { "no-reader": 1, "reader-failing": 1, habit: 0 },
      "038": { "no-reader": 0, "reader-failing": 0, habit: 1 },
      "031": { "no-reader": 0, "reader-failing": 0, habit: 0 },
    });
    const csv = await t.call("GET", `/api/reports/scan-rate?from=${from()}&to=${vnDay(now)}&format=csv`, {
      token: national,
    });
    const [header = [], ...lines] = parseCsv(csv.text.replace(/^\uFEFF/, ""));
    const at = (name: string) => header.indexOf(name);
    // The ranked facilities; the file then lists those without check-ins, unranked.
    const ranked = lines.filter((line) => line[at("rank")] !== "");
    expect(
      Object.fromEntries(
        ranked.map((line) => [line[at("facility")], [line[at("cause")], line[at("reader.failedScans")]]]),
      ),
    ).toEqual({
      "01001": ["no-reader", "0"],
      "01832": ["reader-failing", "18"],
      "38001": ["habit", "3"],
      "38453": ["", "9"],
      "31001": ["", "0"],
      "30001": ["", "0"],
    });
  });

  it("keeps the figures exact once the past days are rolled up", async () => {
    const before = await report("groupBy=facility");
    const table = { countersTable: t.names.counters, counterShards: DEFAULT_COUNTER_SHARDS };
    const deps = {
      counters: makeCounterStore(t.doc, table),
      rollups: makeRollupStore(t.doc, table),
      provinces: oldProvinces().map((province) => numberOfOldCode(province.code)),
      now: () => new Date(),
    };
    const run = await rollUpCounters(deps, { firstRunDays: 5 });
    expect(run.closedDays).toBeGreaterThan(0);
    // The past days are now read as rolled-up blocks, only today from the day counters.
    const read = await readPeriodCounts(deps, { from: from(), to: vnDay(now) }, null);
    expect(read.stats.rollupItems).toBeGreaterThan(0);
    expect(read.stats.counterDays).toBe(1);
    const after = await report("groupBy=facility");
    expect(after.rows).toEqual(before.rows);
    expect(after.summary).toEqual(before.summary);
  });

  it("stores the three counts with the visit, counts them in its day counter, and logs nothing personal", async () => {
    for (const facility of ["01832", "38001", "31001"]) {
      for (const day of new Set(
        planned.filter((p) => p.facility === facility).map((p) => vnDay(p.scannedAt)),
      )) {
        const log = await readLog(t.doc, t.names, facility, day);
        expect(nonZero(await readCounter(t.doc, t.names, facility, day))).toEqual(tally(log));
        for (const item of log) {
          if (facility === "31001") expect(item.reader).toBeUndefined();
          else
            expect(Object.keys(item.reader as object).sort()).toEqual(["camera", "failedScans", "scanner"]);
        }
      }
    }
    const text = output?.text() ?? "";
    const lines = text.split("\n").filter((line) => line.includes('"reader":{'));
    expect(lines.length).toBe(planned.filter((p) => p.sent.reader !== null).length);
    for (const line of lines) {
      expect(line).toMatch(/"reader":\{"camera":(true|false),"scanner":(true|false),"failedScans":\d+\}/);
      expect(line).not.toContain(an.idNumber);
      expect(line).not.toContain(an.name);
    }
  });

  it("refuses a malformed reader object with BODY_INVALID and stores nothing", async () => {
    const token = await t.token("receptionist", { facility: "01002" });
    for (const reader of [
      { camera: true, scanner: false },
      { camera: true, scanner: false, failedScans: -1 },
      { camera: true, scanner: false, failedScans: 100_000 },
      { camera: 1, scanner: false, failedScans: 0 },
      { camera: true, scanner: false, failedScans: 0, frames: "data:image/png;base64,AAAA" },
      "camera",
    ]) {
      const res = await t.call("POST", "/api/checkins", {
        token,
        body: { method: "manual-id", payload: an.idNumber, reader },
      });
      expect(res.status, JSON.stringify(reader)).toBe(400);
      expect((res.json as { error: { code: string } }).error.code).toBe("BODY_INVALID");
    }
    expect(await readLog(t.doc, t.names, "01002", vnDay(new Date()))).toEqual([]);
  });
});
