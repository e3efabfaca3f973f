import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { addInto, type Counts } from "#domain/counts";
import { numberOfOldCode, oldProvinces } from "#domain/provinces";
import { addDays, daysBetween, vnDay } from "#domain/vn-time";
import { checkinSettingsSchema, checkinStoreConfig } from "#functions/config/settings";
import { checkIn } from "#functions/services/check-in";
import { rollUpCounters } from "#functions/services/counter-rollup";
import { readPeriodCounts } from "#functions/services/period-counts";
import { reportScanRate } from "#functions/services/scan-rate-report";
import { makeCheckinStore } from "#functions/stores/checkin-store";
import { DEFAULT_COUNTER_SHARDS } from "#functions/stores/counter-keys";
import { countsOf, makeCounterStore } from "#functions/stores/counter-store";
import { decodePacked, makeRollupStore } from "#functions/stores/rollup-store";
import { arrivedShare, vnMinutesOf } from "#infra/local/seed/arrival-curve";
import { counterItemOf, makeTallyLoader } from "#infra/local/seed/counter-tallies";
import { dayTallies, nationalDataSet } from "#infra/local/seed/national-history";
import { reachableDays, seedNationalHistory } from "#infra/local/seed/national-seed";
import { nonZero } from "#test/support/counters";
import { makeTestTables } from "#test/support/dynamo";

// 10:30 on a Wednesday in Vietnam.
const NOW = new Date("2026-11-25T10:30:00+07:00");
const TODAY = vnDay(NOW);
const data = nationalDataSet({ today: TODAY, facilities: 150, days: 45 });
const PROVINCES = oldProvinces().map((province) => numberOfOldCode(province.code));
const fraction = (day: string) => (day === TODAY ? arrivedShare(vnMinutesOf(NOW)) : 1);

type Tables = Awaited<ReturnType<typeof makeTestTables>>;

/** The drawn history of a period per facility, as the counters hold it: the recount of what was seeded. */
function drawn(from: string, to: string): Map<string, Counts> {
  const counts = new Map<string, Counts>();
  for (const day of daysBetween(from, to))
    for (const tally of dayTallies(data.facilities, day, data.shape, { fraction: fraction(day) }))
      addInto(counts, tally.facility, countsOf(counterItemOf(tally, DEFAULT_COUNTER_SHARDS)));
  return counts;
}

async function scanAll(tables: Tables): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await tables.clients.doc.send(
      new ScanCommand({ TableName: tables.names.counters, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/** The roll-up items (blocks and state) of a counters table, decoded, by key. */
async function rollupItems(tables: Tables): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const item of await scanAll(tables)) {
    const pk = String(item.pk);
    if (!pk.startsWith("ROLL#")) continue;
    const packed = typeof item.packed === "string" ? decodePacked(item.packed) : null;
    out[`${pk}|${String(item.sk)}`] =
      packed === null
        ? { from: item.from, through: item.through }
        : {
            facilities: Object.fromEntries([...packed.facilities].sort()),
            days: Object.fromEntries([...packed.days].sort()),
          };
  }
  return out;
}

const asObject = (map: Map<string, Counts>) =>
  Object.fromEntries([...map].map(([key, counts]) => [key, nonZero(counts)]).sort());

function depsOf(tables: Tables) {
  const table = { countersTable: tables.names.counters, counterShards: DEFAULT_COUNTER_SHARDS };
  return {
    counters: makeCounterStore(tables.clients.doc, table),
    rollups: makeRollupStore(tables.clients.doc, table),
    provinces: PROVINCES,
    now: () => NOW,
  };
}

describe("the national seed", { timeout: 120_000 }, () => {
  let seeded: Tables;
  let summary: Awaited<ReturnType<typeof seedNationalHistory>>;

  beforeAll(async () => {
    seeded = await makeTestTables();
    summary = await seedNationalHistory(seeded.clients.doc, seeded.names, data, NOW);
  }, 120_000);

  it("writes the roll-up the roll-up function builds from every day's counters", async () => {
    // The long way: every day's counters written, then the scheduled roll-up run over them.
    const full = await makeTestTables();
    const deps = depsOf(full);
    const loader = makeTallyLoader(full.clients.doc, {
      countersTable: full.names.counters,
      counterShards: DEFAULT_COUNTER_SHARDS,
    });
    for (const day of daysBetween(data.shape.first, TODAY))
      await loader.putTallies(dayTallies(data.facilities, day, data.shape, { fraction: fraction(day) }));
    await rollUpCounters(deps);
    const expected = await rollupItems(full);
    expect(Object.keys(expected).length).toBeGreaterThan(500);
    expect(await rollupItems(seeded)).toEqual(expected);
    expect(summary.blockItems).toBe(Object.keys(expected).length - 1);
    expect(summary.rolledThrough).toBe(addDays(TODAY, -1));

    // Day counters only for the days a check-in can still reach, each the same item.
    const counterItems = (items: Record<string, unknown>[]) =>
      items
        .filter((item) => String(item.pk).startsWith("DAY#"))
        .map((item) => JSON.stringify(Object.entries(item).sort()))
        .sort();
    const reachable = reachableDays(NOW, data.shape.first);
    expect(reachable).toEqual(daysBetween(addDays(TODAY, -3), TODAY));
    const seededCounters = counterItems(await scanAll(seeded));
    expect(seededCounters).toEqual(
      counterItems(
        (await scanAll(full)).filter((item) => reachable.some((day) => String(item.pk).includes(day))),
      ),
    );
    expect(summary.counterItems).toBe(seededCounters.length);
  });

  it("answers every period as the drawn history does, the facility totals and the summary", async () => {
    const deps = depsOf(seeded);
    const periods = [
      { from: addDays(TODAY, -29), to: TODAY },
      { from: addDays(TODAY, -365), to: TODAY },
      { from: addDays(TODAY, -17), to: addDays(TODAY, -9) },
    ];
    for (const period of periods) {
      const read = await readPeriodCounts(deps, period, null);
      expect(asObject(read.facilities), `${period.from}..${period.to}`).toEqual(
        asObject(drawn(period.from, period.to)),
      );
      // Closed days come from blocks: only today is read from the day counters.
      expect(read.stats.counterDays).toBe(period.to === TODAY ? 1 : 0);
    }
    const year = await reportScanRate(
      {
        ...deps,
        facilities: { listFacilities: async () => data.facilities.map((entry) => entry.facility) },
        target: 0.5,
      },
      { province: null },
      { from: addDays(TODAY, -365), to: TODAY, groupBy: "facility" },
    );
    expect(year.report.summary.total).toBe(summary.checkins);
    expect(year.report.summary.noCheckins.length).toBe(summary.idle);
  });

  it("counts live and late check-ins on top, before and after the roll-up rebuilds the late day", async () => {
    const deps = depsOf(seeded);
    const settings = checkinSettingsSchema.parse({
      CHECKINS_TABLE: seeded.names.checkins,
      COUNTERS_TABLE: seeded.names.counters,
      IDEMPOTENCY_TABLE: seeded.names.idempotency,
    });
    const store = makeCheckinStore(seeded.clients.doc, checkinStoreConfig(settings));
    const busiest = [...data.facilities].sort((a, b) => b.profile.weekdayVisits - a.profile.weekdayVisits)[0];
    const facility = busiest?.facility.code ?? "01001";
    const lateDay = addDays(TODAY, -2);
    let id = 0;
    for (const [idNumber, scannedAt] of [
      ["001090012345", null],
      ["001185001122", new Date(`${lateDay}T09:00:00+07:00`)],
    ] as const) {
      const outcome = await checkIn(
        {
          store,
          gateway: {
            checkCard: async () => ({
              kind: "unavailable",
              reason: "timeout",
              resultCode: null,
              latencyMs: 0,
            }),
          },
          now: () => new Date(NOW.getTime() + 60_000),
          newId: () => `national-${++id}`,
        },
        {
          facility,
          user: "test",
          method: "manual-id",
          payload: idNumber,
          channel: "typed",
          idempotencyKey: null,
          scannedAt,
          offlineQueue: null,
          reader: null,
        },
      );
      expect(outcome.statusCode).toBe(201);
    }
    const month = { from: addDays(TODAY, -29), to: TODAY };
    const expected = drawn(month.from, month.to);
    addInto(expected, facility, { n: 2, "m:manual-id": 2, "s:pending": 2, "c:typed": 2 });
    const stale = await readPeriodCounts(deps, month, null);
    expect(asObject(stale.facilities)).toEqual(asObject(expected));
    expect(stale.stats.counterDays).toBe(1);
    expect(stale.stats.queries).toBeGreaterThan(DEFAULT_COUNTER_SHARDS);

    const run = await rollUpCounters({ ...deps, now: () => new Date(NOW.getTime() + 120_000) });
    expect(run).toMatchObject({ rebuilt: 1, cleared: 1, closedDays: 0 });
    const rebuilt = await readPeriodCounts(deps, month, null);
    expect(asObject(rebuilt.facilities)).toEqual(asObject(expected));
    expect(rebuilt.stats.queries).toBe(DEFAULT_COUNTER_SHARDS);
  });
});
