import { addInto, type Counts } from "#domain/counts";
import { type Block, childrenOf, splitPeriod } from "#domain/period-blocks";
import { numberOfOldCode, oldProvinces } from "#domain/provinces";
import { daysBetween } from "#domain/vn-time";
import { provinceNumberOf } from "#functions/stores/counter-keys";
import type { CounterStore, DayCounts } from "#functions/stores/counter-store";
import type { RollupStore } from "#functions/stores/rollup-store";

export interface PeriodCountsDeps {
  readonly counters: Pick<CounterStore, "readDayCounts">;
  readonly rollups: Pick<RollupStore, "readState" | "listDirty" | "getBlocks">;
}

/** What reading a period cost. */
export interface PeriodReadStats {
  /** Day-counter queries and items (days not rolled up yet, today, stale days). */
  readonly queries: number;
  readonly items: number;
  /** Rolled-up block items read, and the BatchGetItem calls that read them. */
  readonly rollupItems: number;
  readonly batchGets: number;
  /** Read capacity units DynamoDB charged (0 when the endpoint does not report them). */
  readonly capacityUnits: number;
  /** Blocks the period split into, and days read from the day counters. */
  readonly blocks: number;
  readonly counterDays: number;
}

/** Counts of a period, summed per facility and per day over the provinces asked for. */
export interface PeriodCounts {
  readonly facilities: Map<string, Counts>;
  readonly days: Map<string, Counts>;
  readonly stats: PeriodReadStats;
}

/**
 * Counts of every facility of the given province numbers (null: the whole country) over an
 * inclusive period. The part of
 * the period the roll-up covers is read as whole blocks (quarters, months, dekads, days: about a
 * dozen for a month, two dozen for a year); the rest (today, days not rolled up yet) and every
 * day a stale marker names for a province come from the day counters, so the answer always
 * equals the counters, live and late check-ins included.
 */
export async function readPeriodCounts(
  deps: PeriodCountsDeps,
  period: { readonly from: string; readonly to: string },
  scope: readonly string[] | null,
): Promise<PeriodCounts> {
  const national = scope === null;
  const provinces = scope ?? oldProvinces().map((province) => numberOfOldCode(province.code));
  const [state, markers] = await Promise.all([deps.rollups.readState(), deps.rollups.listDirty()]);
  const wanted = new Set(provinces);
  const stale = new Set(
    markers
      .filter((marker) => wanted.has(provinceNumberOf(marker.facility)))
      .map((marker) => `${marker.day}|${provinceNumberOf(marker.facility)}`),
  );
  const from = state === null || state.from < period.from ? period.from : state.from;
  const to = state === null || state.through > period.to ? period.to : state.through;
  const rolled = state !== null && from <= to ? { from, to } : null;

  // Days outside the rolled-up span: read for every wanted province.
  const counterDays = daysBetween(period.from, period.to).filter(
    (day) => rolled === null || day < rolled.from || day > rolled.to,
  );
  const packedKeys: Array<{ blockId: string; province: string }> = [];
  const staleDays = new Map<string, string[]>();
  const blocks = rolled === null ? [] : splitPeriod(rolled.from, rolled.to);
  const isStale = (block: Block, province: string) =>
    daysBetween(block.from, block.to).some((day) => stale.has(`${day}|${province}`));
  const place = (block: Block, province: string): void => {
    if (stale.size === 0 || !isStale(block, province)) {
      packedKeys.push({ blockId: block.id, province });
    } else if (block.level === "day") {
      staleDays.set(block.from, [...(staleDays.get(block.from) ?? []), province]);
    } else {
      for (const child of childrenOf(block)) place(child, province);
    }
  };
  for (const block of blocks) for (const province of provinces) place(block, province);

  const counterReads = [
    ...(counterDays.length === 0
      ? []
      : [
          deps.counters.readDayCounts(counterDays, {
            facilityPrefixes: national ? null : provinces,
          }),
        ]),
    ...[...staleDays.entries()].map(([day, staleProvinces]) =>
      deps.counters.readDayCounts([day], { facilityPrefixes: staleProvinces }),
    ),
  ];
  const [packed, ...reads] = await Promise.all([deps.rollups.getBlocks(packedKeys), ...counterReads]);

  const facilities = new Map<string, Counts>();
  const days = new Map<string, Counts>();
  for (const part of packed.blocks.values()) {
    for (const [facility, counts] of part.facilities) addInto(facilities, facility, counts);
    for (const [day, counts] of part.days) addInto(days, day, counts);
  }
  const addRow = (row: DayCounts) => {
    if (!wanted.has(provinceNumberOf(row.facility))) return;
    addInto(facilities, row.facility, row.counts);
    addInto(days, row.day, row.counts);
  };
  for (const read of reads) for (const row of read.rows) addRow(row);
  return {
    facilities,
    days,
    stats: {
      queries: reads.reduce((sum, read) => sum + read.stats.queries, 0),
      items: reads.reduce((sum, read) => sum + read.stats.items, 0),
      rollupItems: packed.blocks.size,
      batchGets: packed.reads,
      capacityUnits: packed.capacityUnits + reads.reduce((sum, read) => sum + read.stats.capacityUnits, 0),
      blocks: blocks.length,
      counterDays: counterDays.length,
    },
  };
}
