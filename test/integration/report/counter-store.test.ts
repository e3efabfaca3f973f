import { beforeAll, describe, expect, it } from "vitest";
import type { DayTally } from "#domain/scan-rate";
import { DEFAULT_COUNTER_SHARDS } from "#functions/stores/counter-keys";
import { makeCounterStore } from "#functions/stores/counter-store";
import { makeTallyLoader } from "#infra/local/seed/counter-tallies";
import { makeTestTables } from "#test/support/dynamo";

const DAYS = ["2026-03-01", "2026-03-02", "2026-03-03"];

/** Facility codes of several provinces, enough to land on every shard. */
const FACILITIES = Array.from(
  { length: 60 },
  (_, i) => `${["01", "30", "31", "38"][i % 4]}${String(100 + i)}`,
);

const sortTallies = (tallies: readonly DayTally[]) =>
  [...tallies].sort((a, b) => `${a.day}${a.facility}`.localeCompare(`${b.day}${b.facility}`));

describe("the counter store", () => {
  let tables: Awaited<ReturnType<typeof makeTestTables>>;
  const expected: DayTally[] = [];

  beforeAll(async () => {
    tables = await makeTestTables();
    const loader = makeTallyLoader(tables.clients.doc, {
      countersTable: tables.names.counters,
      counterShards: DEFAULT_COUNTER_SHARDS,
    });
    const tallies = FACILITIES.flatMap((facility, i) =>
      DAYS.map((day, d) => ({
        facility,
        day,
        byMethod: { "qr-cccd": i % 5, "qr-vneid": d, "manual-id": 1, "bhyt-card": i % 2 },
        byStatus: { covered: (i % 5) + d + 1 + (i % 2) },
      })),
    );
    await loader.putTallies(tallies);
    for (const tally of tallies) {
      const byMethod = {
        "qr-cccd": tally.byMethod["qr-cccd"],
        "qr-vneid": tally.byMethod["qr-vneid"],
        "manual-id": tally.byMethod["manual-id"],
        "bhyt-card": tally.byMethod["bhyt-card"],
      };
      expected.push({
        facility: tally.facility,
        day: tally.day,
        byMethod,
        total: Object.values(byMethod).reduce((sum, value) => sum + value, 0),
      });
    }
  });

  it("reads back every facility-day it bulk-loaded, one query per day and shard", async () => {
    const store = makeCounterStore(tables.clients.doc, {
      countersTable: tables.names.counters,
      counterShards: DEFAULT_COUNTER_SHARDS,
    });
    const { tallies, stats } = await store.readTallies(DAYS);
    expect(sortTallies(tallies)).toEqual(sortTallies(expected));
    expect(stats).toMatchObject({
      queries: DAYS.length * DEFAULT_COUNTER_SHARDS,
      items: 180,
      cachedPartitions: 0,
    });
  });

  it("reads only the facility codes of the given prefixes", async () => {
    const store = makeCounterStore(tables.clients.doc, {
      countersTable: tables.names.counters,
      counterShards: DEFAULT_COUNTER_SHARDS,
    });
    const { tallies, stats } = await store.readTallies(["2026-03-02"], { facilityPrefixes: ["30", "31"] });
    const wanted = expected.filter(
      (tally) =>
        tally.day === "2026-03-02" && (tally.facility.startsWith("30") || tally.facility.startsWith("31")),
    );
    expect(sortTallies(tallies)).toEqual(sortTallies(wanted));
    expect(stats.items).toBe(30);
  });

  it("answers closed days from memory and always reads today", async () => {
    let now = new Date("2026-03-03T10:00:00+07:00");
    const store = makeCounterStore(tables.clients.doc, {
      countersTable: tables.names.counters,
      counterShards: DEFAULT_COUNTER_SHARDS,
      closedDayCache: { ttlMs: 20 * 3_600_000, maxTallies: 10_000, now: () => now },
    });
    const first = await store.readTallies(DAYS);
    expect(first.stats.cachedPartitions).toBe(0);
    const again = await store.readTallies(DAYS);
    // The 1st and 2nd are over; the 3rd is today and is read again.
    expect(again.stats).toMatchObject({
      cachedPartitions: 2 * DEFAULT_COUNTER_SHARDS,
      queries: DEFAULT_COUNTER_SHARDS,
    });
    expect(sortTallies(again.tallies)).toEqual(sortTallies(first.tallies));
    // Just after midnight the day is not yet over: check-ins begun before midnight may still land.
    now = new Date("2026-03-04T00:05:00+07:00");
    expect((await store.readTallies(DAYS)).stats.queries).toBe(DEFAULT_COUNTER_SHARDS);
    now = new Date("2026-03-04T00:20:00+07:00");
    await store.readTallies(DAYS);
    expect((await store.readTallies(DAYS)).stats.queries).toBe(0);
    // Past their time to live (20 h), the days cached at 10:00 are read again; the 3rd, cached at 00:20, is not.
    now = new Date("2026-03-04T07:00:00+07:00");
    expect((await store.readTallies(DAYS)).stats.queries).toBe(2 * DEFAULT_COUNTER_SHARDS);
  });

  it("keeps the cache within its size bound", async () => {
    const store = makeCounterStore(tables.clients.doc, {
      countersTable: tables.names.counters,
      counterShards: DEFAULT_COUNTER_SHARDS,
      closedDayCache: { ttlMs: 60_000, maxTallies: 70, now: () => new Date("2026-04-01T10:00:00+07:00") },
    });
    await store.readTallies(DAYS);
    const again = await store.readTallies(DAYS);
    const cachedItems = again.tallies.length - again.stats.items;
    expect(cachedItems).toBeLessThanOrEqual(70);
    expect(again.tallies).toHaveLength(180);
  });
});
