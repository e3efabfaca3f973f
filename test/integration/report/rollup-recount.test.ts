import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { numberOfOldCode, oldProvinces } from "#domain/provinces";
import { readerCounterDelta, readerReportSchema } from "#domain/reader-health";
import { addDays, daysBetween, vnDay } from "#domain/vn-time";
import { checkinSettingsSchema, checkinStoreConfig } from "#functions/config/settings";
import { generateFacilities, generatePopulation } from "#functions/gateway-mock/population";
import { checkIn } from "#functions/services/check-in";
import { rollUpCounters } from "#functions/services/counter-rollup";
import { readPeriodCounts } from "#functions/services/period-counts";
import { reportScanRate } from "#functions/services/scan-rate-report";
import { checkinRecordSchema } from "#functions/stores/checkin-record";
import { makeCheckinStore } from "#functions/stores/checkin-store";
import { DEFAULT_COUNTER_SHARDS } from "#functions/stores/counter-keys";
import { makeCounterStore } from "#functions/stores/counter-store";
import { makeRollupStore } from "#functions/stores/rollup-store";
import fixtures from "#gateway-mock/fixtures.json" with { type: "json" };
import { seedDemoHistory } from "#infra/local/seed/demo-history";
import { nonZero } from "#test/support/counters";
import { makeTestTables } from "#test/support/dynamo";

// 10:30 on a Wednesday in Vietnam.
const NOW = new Date("2026-11-25T10:30:00+07:00");
const TODAY = vnDay(NOW);
const facilities = generateFacilities(40);
const people = generatePopulation(800, facilities);
const PROVINCES = oldProvinces().map((province) => numberOfOldCode(province.code));
const an = fixtures.people.find((person) => person.idNumber === "001090012345");
if (an === undefined) throw new Error("fixture person missing");

type Tables = Awaited<ReturnType<typeof makeTestTables>>;

/** Every check-in of the log in a period, counted per facility by the counter attribute names. */
async function recount(
  tables: Tables,
  from: string,
  to: string,
): Promise<Map<string, Record<string, number>>> {
  const counts = new Map<string, Record<string, number>>();
  const dayFlags = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await tables.clients.doc.send(
      new ScanCommand({ TableName: tables.names.checkins, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) {
      if (!String(item.pk).startsWith("CHK#")) continue;
      const day = String(item.day);
      if (day < from || day > to) continue;
      const entry = counts.get(String(item.facility)) ?? {};
      for (const name of ["n", `m:${item.method}`, `s:${item.status}`, `c:${item.channel}`])
        entry[name] = (entry[name] ?? 0) + 1;
      counts.set(String(item.facility), entry);
      if (item.reader === undefined) continue;
      const record = checkinRecordSchema.parse(item);
      const delta = readerCounterDelta(readerReportSchema.parse(item.reader), record.method, record.channel);
      for (const [name, value] of Object.entries(delta.add)) entry[name] = (entry[name] ?? 0) + value;
      // A day flag counts once per facility and day, however many visits set it.
      for (const flag of delta.flags) dayFlags.add(`${item.facility}|${day}|${flag}`);
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  for (const key of dayFlags) {
    const [facility = "", , flag = ""] = key.split("|");
    const entry = counts.get(facility) ?? {};
    entry[flag] = (entry[flag] ?? 0) + 1;
    counts.set(facility, entry);
  }
  return counts;
}

const asObject = (map: Map<string, Record<string, number>>) =>
  Object.fromEntries([...map].map(([key, counts]) => [key, nonZero(counts)]).sort());

describe("rolled-up reports equal a full recount of the log", { timeout: 120_000 }, () => {
  let tables: Tables;
  let deps: Parameters<typeof readPeriodCounts>[0] & Parameters<typeof rollUpCounters>[0];
  /** The check-in store the check-in function itself builds from its settings. */
  let live: ReturnType<typeof makeCheckinStore>;
  const year = { from: addDays(TODAY, -365), to: TODAY };
  const month = { from: addDays(TODAY, -29), to: TODAY };
  // Within the 72 h a scan time is believed for.
  const lateDay = addDays(TODAY, -2);

  beforeAll(async () => {
    tables = await makeTestTables();
    await seedDemoHistory(tables.clients.doc, tables.names, facilities, people, NOW, { checkins: 900 });
    const table = { countersTable: tables.names.counters, counterShards: DEFAULT_COUNTER_SHARDS };
    deps = {
      counters: makeCounterStore(tables.clients.doc, table),
      rollups: makeRollupStore(tables.clients.doc, table),
      provinces: PROVINCES,
      now: () => NOW,
    };
    const settings = checkinSettingsSchema.parse({
      CHECKINS_TABLE: tables.names.checkins,
      COUNTERS_TABLE: tables.names.counters,
      IDEMPOTENCY_TABLE: tables.names.idempotency,
    });
    live = makeCheckinStore(tables.clients.doc, checkinStoreConfig(settings));
  }, 120_000);

  it("closes every day that is over and reads them as blocks, today from the day counters", async () => {
    const before = await readPeriodCounts(deps, month, null);
    expect(before.stats.rollupItems).toBe(0);
    expect(asObject(before.facilities)).toEqual(asObject(await recount(tables, month.from, month.to)));

    // The history is 30 days: the first run need not look a year back.
    const run = await rollUpCounters(deps, { firstRunDays: 31 });
    expect(run.through).toBe(addDays(TODAY, -1));
    for (const period of [month, year, { from: addDays(TODAY, -9), to: addDays(TODAY, -2) }]) {
      const after = await readPeriodCounts(deps, period, null);
      expect(asObject(after.facilities), `${period.from}..${period.to}`).toEqual(
        asObject(await recount(tables, period.from, period.to)),
      );
    }
    // Today stays live: read from the day counters, and the history put check-ins into it.
    const today = await recount(tables, TODAY, TODAY);
    expect([...today.values()].reduce((sum, counts) => sum + (counts.n ?? 0), 0)).toBeGreaterThan(0);
    const todayRead = await readPeriodCounts(deps, { from: TODAY, to: TODAY }, null);
    expect(asObject(todayRead.facilities)).toEqual(asObject(today));
    expect(todayRead.stats.rollupItems).toBe(0);
    const after = await readPeriodCounts(deps, month, null);
    expect(after.stats.counterDays).toBe(1);
    expect(after.stats.rollupItems).toBeGreaterThan(0);
    // Days before the first roll-up's start (a quarter's first day) are read from the day counters.
    const yearRead = await readPeriodCounts(deps, year, null);
    const state = await deps.rollups.readState();
    expect(yearRead.stats.counterDays).toBe(daysBetween(year.from, state?.from ?? year.from).length);
  });

  it("counts a late check-in into a closed day and a live one of today at once, and after the day is rebuilt", async () => {
    const arrival = new Date(NOW.getTime() + 60_000);
    const todayBefore = asObject(await recount(tables, TODAY, TODAY));
    const checkinDeps = {
      store: live,
      gateway: {
        checkCard: async () => ({
          kind: "unavailable" as const,
          reason: "timeout" as const,
          resultCode: null,
          latencyMs: 0,
        }),
      },
      now: () => arrival,
    };
    // Scanned two days ago at 09:00 while offline, sent now: counted on its scan day.
    const scannedAt = new Date(`${lateDay}T09:00:00+07:00`);
    const outcome = await checkIn(
      { ...checkinDeps, newId: () => "late-0001" },
      {
        facility: "01001",
        user: "test",
        method: "qr-cccd",
        payload: an.qr,
        channel: "camera",
        idempotencyKey: null,
        scannedAt,
        offlineQueue: null,
        reader: { camera: true, scanner: false, failedScans: 2 },
      },
    );
    expect(outcome.statusCode).toBe(201);
    // A live check-in of today, after the roll-up closed the days before.
    const today = await checkIn(
      { ...checkinDeps, newId: () => "live-0001" },
      {
        facility: "01002",
        user: "test",
        method: "manual-id",
        payload: "001185001122",
        channel: "typed",
        idempotencyKey: null,
        scannedAt: null,
        offlineQueue: null,
        reader: null,
      },
    );
    expect(today.statusCode).toBe(201);
    // Only the late one marks a day stale: today is read from its counters anyway.
    const markers = await deps.rollups.listDirty();
    expect(markers.map((marker) => marker.sk)).toEqual([`${lateDay}#01001`]);
    expect(asObject(await recount(tables, TODAY, TODAY))["01002"]?.n).toBe(
      (todayBefore["01002"]?.n ?? 0) + 1,
    );

    const expected = asObject(await recount(tables, month.from, month.to));
    expect(expected["01001"]?.["m:qr-cccd"]).toBeGreaterThan(0);
    expect(expected["01001"]?.["r:fail"]).toBeGreaterThanOrEqual(2);
    const stale = await readPeriodCounts(deps, month, null);
    expect(asObject(stale.facilities)).toEqual(expected);
    const report = await reportScanRate(
      { ...deps, facilities: { listFacilities: async () => facilities }, target: 0.5 },
      { province: null },
      { from: month.from, to: month.to, groupBy: "facility" },
    );
    const row =
      report.report.groupBy === "facility"
        ? report.report.rows.find((r) => r.facility === "01001")
        : undefined;
    expect(row?.total).toBe(expected["01001"]?.n);
    expect(report.report.trend.find((point) => point.day === lateDay)?.total).toBe(
      [...(await recount(tables, lateDay, lateDay)).values()].reduce(
        (sum, counts) => sum + (counts.n ?? 0),
        0,
      ),
    );

    const run = await rollUpCounters({ ...deps, now: () => arrival });
    expect(run).toMatchObject({ rebuilt: 1, cleared: 1, closedDays: 0 });
    expect(await deps.rollups.listDirty()).toEqual([]);
    for (const period of [month, year, { from: lateDay, to: lateDay }]) {
      const rebuilt = await readPeriodCounts(deps, period, null);
      expect(asObject(rebuilt.facilities)).toEqual(asObject(await recount(tables, period.from, period.to)));
      if (period !== year) expect(rebuilt.stats.counterDays).toBe(period.to === TODAY ? 1 : 0);
    }
    // A provincial read sees the same figures for its own facilities.
    const hanoi = await readPeriodCounts(deps, month, ["01"]);
    expect(nonZero(hanoi.facilities.get("01001") ?? {})).toEqual(expected["01001"]);
  });

  it("re-checks after midnight leave a marker too, and the rebuilt day keeps the statuses exact", async () => {
    const [key] = await live.listPending(1, "01001");
    if (key === undefined) throw new Error("the late check-in should be pending");
    const record = await live.getCheckin(key.pk, key.sk);
    if (record === null) throw new Error("pending check-in missing");
    const settled = await live.settle(record, {
      status: "covered",
      insurance: null,
      at: new Date(NOW.getTime() + 120_000).toISOString(),
    });
    expect(settled).toBe(true);
    expect((await deps.rollups.listDirty()).length).toBe(1);
    await rollUpCounters({ ...deps, now: () => new Date(NOW.getTime() + 180_000) });
    const rebuilt = await readPeriodCounts(deps, { from: record.day, to: record.day }, null);
    expect(asObject(rebuilt.facilities)).toEqual(asObject(await recount(tables, record.day, record.day)));
    expect(rebuilt.stats.counterDays).toBe(0);
  });
});
