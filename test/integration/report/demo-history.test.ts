import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { vnDay } from "#domain/vn-time";
import { generateFacilities, generatePopulation } from "#functions/gateway-mock/population";
import { reportScanRate } from "#functions/services/scan-rate-report";
import { makeCheckinStore } from "#functions/stores/checkin-store";
import { DEFAULT_COUNTER_SHARDS } from "#functions/stores/counter-keys";
import { makeCounterStore } from "#functions/stores/counter-store";
import { makeRollupStore } from "#functions/stores/rollup-store";
import { type DemoHistorySummary, seedDemoHistory } from "#infra/local/seed/demo-history";
import { nonZero, readCounter, readLog, tally } from "#test/support/counters";
import { makeTestTables } from "#test/support/dynamo";

// 10:30 on a Wednesday in Vietnam: the morning queue is under way.
const NOW = new Date("2026-11-25T10:30:00+07:00");
const TODAY = vnDay(NOW);
const facilities = generateFacilities(40);
const people = generatePopulation(800, facilities);

async function seeded() {
  const tables = await makeTestTables();
  const summary = await seedDemoHistory(tables.clients.doc, tables.names, facilities, people, NOW, {
    checkins: 900,
  });
  const counterTable = { countersTable: tables.names.counters, counterShards: DEFAULT_COUNTER_SHARDS };
  const counters = makeCounterStore(tables.clients.doc, counterTable);
  const { report } = await reportScanRate(
    {
      counters,
      rollups: makeRollupStore(tables.clients.doc, counterTable),
      facilities: { listFacilities: async () => facilities },
      target: 0.5,
      now: () => NOW,
    },
    { province: null },
    { groupBy: "facility" },
  );
  if (report.groupBy !== "facility") throw new Error("expected facility rows");
  return { tables, summary, report };
}

describe("the demo history", () => {
  let first: Awaited<ReturnType<typeof seeded>>;
  let summary: DemoHistorySummary;

  beforeAll(async () => {
    first = await seeded();
    summary = first.summary;
  });

  it("seeds about the asked volume over 30 days, with facilities left idle", () => {
    expect(summary.days).toBe(30);
    expect(summary.checkins).toBeGreaterThan(750);
    expect(summary.checkins).toBeLessThan(1050);
    expect(first.report.summary.total).toBe(summary.checkins);
    expect(first.report.summary.noCheckins.length).toBe(summary.idleFacilities);
  });

  it("keeps every counter item equal to the log it counts", async () => {
    const { doc } = first.tables.clients;
    const items: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new ScanCommand({ TableName: first.tables.names.counters, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    expect(items.length).toBeGreaterThan(100);
    for (const item of items) {
      const facility = String(item.sk);
      const day = String(item.pk).slice(4, 14);
      const log = await readLog(doc, first.tables.names, facility, day);
      expect(
        nonZero(await readCounter(doc, first.tables.names, facility, day)),
        `${facility} ${day}`,
      ).toEqual(tally(log));
    }
  });

  it("varies by facility (near 90 %, under 20 %, no QR) and is quiet at weekends", () => {
    const rates = first.report.rows.map((row) => row.rate);
    expect(rates.some((rate) => rate >= 0.85)).toBe(true);
    expect(rates.some((rate) => rate > 0 && rate < 0.2)).toBe(true);
    expect(first.report.summary.noQr.length).toBeGreaterThan(0);
    const byWeekday = (weekday: number) =>
      first.report.trend
        .filter((point) => new Date(`${point.day}T00:00:00Z`).getUTCDay() === weekday)
        .reduce((sum, point) => sum + point.total, 0);
    expect(byWeekday(0)).toBeLessThan(byWeekday(1) / 3);
  });

  it("shows every cause of a low rate: no reader, a failing reader, a working one skipped by habit", () => {
    const byCause = (cause: string) => first.report.rows.filter((row) => row.cause === cause);
    const [none] = byCause("no-reader");
    const [failing] = byCause("reader-failing");
    const [habit] = byCause("habit");
    expect(none?.reader).toMatchObject({ cameraDays: 0, scannerDays: 0, typedWithReader: 0 });
    expect(none?.qr).toBe(0);
    if (failing === undefined || habit === undefined) throw new Error("a cause is missing");
    expect(failing.reader.cameraDays).toBe(failing.reader.reportedDays);
    expect(failing.reader.typedAfterFailedScan * 2).toBeGreaterThanOrEqual(failing.reader.typedWithReader);
    expect(habit.reader.typedAfterFailedScan * 2).toBeLessThan(habit.reader.typedWithReader);
    expect(first.report.summary.readerProblems.map((problem) => problem.cause)).toContain("no-reader");
    // Every visit of the history sent its counts.
    expect(first.report.rows.every((row) => row.reader.reportedCheckins === row.total)).toBe(true);
  });

  it("writes today's visits only up to now, and the live queue numbers follow on", async () => {
    const { doc } = first.tables.clients;
    const busiest = first.report.rows[0]?.facility ?? "";
    const active = first.report.rows.map((row) => row.facility);
    let checkedToday = 0;
    for (const facility of active) {
      const log = await readLog(doc, first.tables.names, facility, TODAY);
      for (const item of log) expect(String(item.checkedInAt) <= "2026-11-25T10:30:00+07:00").toBe(true);
      checkedToday += log.length;
      if (facility === busiest && log.length > 0) {
        const store = makeCheckinStore(doc, {
          checkinsTable: first.tables.names.checkins,
          countersTable: first.tables.names.counters,
          idempotencyTable: first.tables.names.idempotency,
          counterShards: DEFAULT_COUNTER_SHARDS,
          retentionDays: 400,
          duplicateWindowMs: 600_000,
          idempotencyTtlSeconds: 86_400,
        });
        expect(await store.nextQueueNumber(facility, TODAY)).toBe(log.length + 1);
      }
    }
    expect(checkedToday).toBeGreaterThan(0);
    expect(first.report.trend.at(-1)).toMatchObject({ day: TODAY, total: checkedToday });
  });

  it("is the same history for the same seed, day and inputs", async () => {
    const again = await seeded();
    expect(again.report.rows).toEqual(first.report.rows);
    expect(again.report.trend).toEqual(first.report.trend);
  });
});
