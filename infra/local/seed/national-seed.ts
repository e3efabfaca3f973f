/**
 * `npm start -- --seed national`: what the counters table would hold after a year of national
 * check-ins, loaded in minutes. Check-ins are not written one by one (170 M of them through the
 * check-in transaction would take weeks on DynamoDB Local); the synthetic history is drawn a
 * facility-day at a time (national-history.ts) and written as what the check-in path and the
 * roll-up leave behind:
 *
 * - day counter items for every day a check-in can still reach (today and the 72 hours a late
 *   scan time is believed for), so live and late check-ins add onto them and a stale day is
 *   rebuilt from complete counters;
 * - the roll-up blocks of every closed day, built by the roll-up function's own code
 *   (counter-rollup.ts) from the drawn counters, and the roll-up state.
 *
 * The days further back have no day counter items: no write can reach them any more, and the
 * reports read them as blocks.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { blockOfId, childrenOf } from "#domain/period-blocks";
import { currentProvinceOf, numberOfOldCode, oldProvinces } from "#domain/provinces";
import { MAX_PERIOD_DAYS } from "#domain/report-period";
import { MAX_LATE_MS } from "#domain/scan-time";
import { addDays, daysBetween, vnDay } from "#domain/vn-time";
import { lastClosableDay, rollUpCounters } from "#functions/services/counter-rollup";
import { DEFAULT_COUNTER_SHARDS } from "#functions/stores/counter-keys";
import { countsOf, type DayCounts } from "#functions/stores/counter-store";
import { makeRollupStore, type PackedCounts, type RollupStore } from "#functions/stores/rollup-store";
import type { TableNames } from "../table-definitions.ts";
import { arrivedShare, vnMinutesOf } from "./arrival-curve.ts";
import { type CounterTally, counterItemOf, makeTallyLoader } from "./counter-tallies.ts";
import type { NationalFacility } from "./national-facilities.ts";
import { dayTallies, type HistoryShape } from "./national-history.ts";

export interface NationalSeedOptions {
  readonly counterShards?: number;
  /**
   * Day counters of every day a check-in can still reach (the default), or only of the days the
   * roll-up leaves open (today, and yesterday in its first 15 minutes): enough for a browser test
   * that sends no late check-in, in a quarter of the writes.
   */
  readonly counterDays?: "reachable" | "open";
  /** Progress lines while it runs (a national seed takes minutes). */
  readonly log?: (line: string) => void;
}

export interface NationalSeedSummary {
  readonly facilities: number;
  readonly provinces: number;
  readonly days: number;
  readonly checkins: number;
  /** Check-ins of today up to `now`, part of `checkins`. */
  readonly today: number;
  readonly busiest: {
    readonly facility: string;
    readonly name: string;
    readonly visits: number;
    readonly day: string;
  };
  /** Facilities without any check-in in the whole history, and with check-ins but never a QR one. */
  readonly idle: number;
  readonly noQr: number;
  readonly counterItems: number;
  readonly counterDays: number;
  readonly blockItems: number;
  /** The last day the roll-up state covers. */
  readonly rolledThrough: string | null;
  readonly seconds: { readonly counters: number; readonly rollup: number };
}

/** The days whose counters the seed writes: those a check-in can still reach from `now` on. */
export function reachableDays(now: Date, first: string): string[] {
  const from = vnDay(new Date(now.getTime() - MAX_LATE_MS - 5 * 60_000));
  return daysBetween(from < first ? first : from, vnDay(now));
}

/**
 * The roll-up store as the seed's roll-up sees it: blocks are written to DynamoDB and kept in
 * memory until their parent block is built from them, so the roll-up reads its children back
 * without a round trip (and a year of day blocks never sits in memory at once).
 */
function writeThroughRollups(real: RollupStore): RollupStore & { written(): number } {
  const kept = new Map<string, PackedCounts>();
  let written = 0;
  return {
    ...real,
    async putBlocks(blocks) {
      for (const { blockId, province, packed } of blocks) {
        kept.set(`${blockId}|${province}`, packed);
        const block = blockOfId(blockId);
        for (const child of block === null ? [] : childrenOf(block)) kept.delete(`${child.id}|${province}`);
      }
      written += blocks.length;
      await real.putBlocks(blocks);
    },
    async getBlocks(keys) {
      const blocks = new Map<string, PackedCounts>();
      for (const key of keys) {
        const found = kept.get(`${key.blockId}|${key.province}`);
        if (found !== undefined) blocks.set(`${key.blockId}|${key.province}`, found);
      }
      return { blocks, reads: 0, capacityUnits: 0 };
    },
    async listDirty() {
      return [];
    },
    written: () => written,
  };
}

/**
 * Loads a national history into empty tables: day counters of the reachable days, the roll-up
 * blocks of every closed day, the roll-up state. Facilities and the registry are the caller's.
 */
export async function seedNationalHistory(
  doc: DynamoDBDocumentClient,
  names: Pick<TableNames, "counters">,
  data: { facilities: readonly NationalFacility[]; shape: HistoryShape },
  now: Date,
  options: NationalSeedOptions = {},
): Promise<NationalSeedSummary> {
  const log = options.log ?? (() => undefined);
  const shards = options.counterShards ?? DEFAULT_COUNTER_SHARDS;
  const table = { countersTable: names.counters, counterShards: shards };
  const today = vnDay(now);
  const { facilities, shape } = data;
  // Today so far: the share of a day's visits that has arrived by now.
  const fraction = (day: string) => (day === today ? arrivedShare(vnMinutesOf(now)) : 1);
  const totals = new Map<string, { total: number; qr: number }>();
  let busiest: NationalSeedSummary["busiest"] = { facility: "", name: "", visits: 0, day: "" };
  let todayCount = 0;
  const nameOf = new Map(facilities.map(({ facility }) => [facility.code, facility.name]));
  const seen = new Set<string>();
  /** Draws a day once for the summary; the roll-up and the counters may draw it again. */
  const draw = (day: string, prefixes: readonly string[] | null = null): CounterTally[] => {
    const tallies = dayTallies(facilities, day, shape, { fraction: fraction(day), prefixes });
    if (prefixes === null && !seen.has(day)) {
      seen.add(day);
      for (const tally of tallies) {
        const visits = Object.values(tally.byMethod).reduce((sum, value) => sum + value, 0);
        const qr = (tally.byMethod["qr-cccd"] ?? 0) + (tally.byMethod["qr-vneid"] ?? 0);
        const entry = totals.get(tally.facility) ?? { total: 0, qr: 0 };
        entry.total += visits;
        entry.qr += qr;
        totals.set(tally.facility, entry);
        if (day === today) todayCount += visits;
        if (visits > busiest.visits)
          busiest = { facility: tally.facility, name: nameOf.get(tally.facility) ?? "", visits, day };
      }
    }
    return tallies;
  };
  // What readDayCounts would answer for these items once written.
  const rowsOf = (tallies: readonly CounterTally[]): DayCounts[] =>
    tallies.map((tally) => ({
      day: tally.day,
      facility: tally.facility,
      counts: countsOf(counterItemOf(tally, shards)),
    }));

  const countersStarted = performance.now();
  const counterDays =
    options.counterDays === "open"
      ? daysBetween(addDays(lastClosableDay(now), 1), today).filter((day) => day >= shape.first)
      : reachableDays(now, shape.first);
  const counters = makeTallyLoader(doc, { ...table, concurrency: 16 });
  let counterItems = 0;
  for (const day of counterDays) {
    const tallies = draw(day);
    await counters.putTallies(tallies);
    counterItems += tallies.length;
    log(`day counters of ${day}: ${tallies.length.toLocaleString("en-US")} items`);
  }
  const countersSeconds = (performance.now() - countersStarted) / 1000;

  const rollupStarted = performance.now();
  const rollups = writeThroughRollups(makeRollupStore(doc, table));
  let closed = 0;
  const rolled = await rollUpCounters(
    {
      counters: {
        async readDayCounts(days, readOptions = {}) {
          const rows = days.flatMap((day) => rowsOf(draw(day, readOptions.facilityPrefixes ?? null)));
          closed += days.length;
          if (closed % 30 === 0) log(`rolled up ${closed} days`);
          return {
            rows,
            stats: {
              queries: 0,
              items: rows.length,
              capacityUnits: 0,
              cachedPartitions: 0,
              revisionsRead: 0,
            },
          };
        },
      },
      rollups,
      provinces: oldProvinces().map((province) => numberOfOldCode(province.code)),
      now: () => now,
    },
    { firstRunDays: MAX_PERIOD_DAYS, maxDays: MAX_PERIOD_DAYS + 92 },
  );
  // Closed days the roll-up did not draw (none, unless the history starts before its first day).
  for (const day of daysBetween(shape.first, addDays(shape.first, shape.days - 1)))
    if (!seen.has(day)) draw(day);
  const rollupSeconds = (performance.now() - rollupStarted) / 1000;

  const active = [...totals.values()].filter((entry) => entry.total > 0);
  return {
    facilities: facilities.length,
    provinces: new Set(
      facilities.map(
        ({ facility }) => currentProvinceOf(facility.provinceCode)?.code ?? facility.provinceCode,
      ),
    ).size,
    days: shape.days,
    checkins: active.reduce((sum, entry) => sum + entry.total, 0),
    today: todayCount,
    busiest,
    idle: facilities.length - active.length,
    noQr: active.filter((entry) => entry.qr === 0).length,
    counterItems,
    counterDays: counterDays.length,
    blockItems: rollups.written(),
    rolledThrough: rolled.through,
    seconds: { counters: countersSeconds, rollup: rollupSeconds },
  };
}
