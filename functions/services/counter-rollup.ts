import pMap from "p-map";
import { addInto } from "#domain/counts";
import { type Block, blockOf, blocksEndingOn, blocksHolding, childrenOf } from "#domain/period-blocks";
import { MAX_PERIOD_DAYS } from "#domain/report-period";
import { addDays, daysBetween, vnDay } from "#domain/vn-time";
import { provinceNumberOf } from "#functions/stores/counter-keys";
import type { CounterStore, DayCounts } from "#functions/stores/counter-store";
import type { DirtyMarker, PackedCounts, RollupStore } from "#functions/stores/rollup-store";

/**
 * A day is rolled up this long after its Vietnamese midnight. A check-in that found the day still
 * open commits well within it (a function times out in seconds), so a day is never closed under a
 * write that left no stale-day marker; any later write into the day leaves one.
 */
const ROLLUP_GRACE_MS = 15 * 60_000;

export interface RollupDeps {
  readonly counters: Pick<CounterStore, "readDayCounts">;
  readonly rollups: RollupStore;
  /** Province numbers to roll up coarser blocks for (every province of the facility list). */
  readonly provinces: readonly string[];
  readonly now: () => Date;
}

export interface RollupSummary {
  /** Days closed by this run. */
  readonly closedDays: number;
  /** The last day rolled up after the run, or null when no day is over yet. */
  readonly through: string | null;
  /** Stale (day, province) pairs rebuilt, and markers cleared. */
  readonly rebuilt: number;
  readonly cleared: number;
}

/** The last day that is over, with the grace: the latest day the roll-up may close. */
export function lastClosableDay(now: Date): string {
  return vnDay(new Date(now.getTime() - ROLLUP_GRACE_MS - 86_400_000));
}

/** Consecutive days split where dekads end. */
function groupByDekad(days: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (const day of days) {
    const group = groups.at(-1);
    if (group !== undefined && blockOf("dekad", group[0] ?? day).id === blockOf("dekad", day).id)
      group.push(day);
    else groups.push([day]);
  }
  return groups;
}

/** Groups a day's counter rows by province number into packed day blocks. */
function packDay(rows: readonly DayCounts[]): Map<string, PackedCounts> {
  const byProvince = new Map<string, PackedCounts>();
  for (const row of rows) {
    const province = provinceNumberOf(row.facility);
    let packed = byProvince.get(province);
    if (packed === undefined) {
      packed = { facilities: new Map(), days: new Map() };
      byProvince.set(province, packed);
    }
    addInto(packed.facilities, row.facility, row.counts);
    addInto(packed.days, row.day, row.counts);
  }
  return byProvince;
}

/** Sums packed blocks into one. */
function mergePacked(parts: Iterable<PackedCounts>): PackedCounts {
  const merged: PackedCounts = { facilities: new Map(), days: new Map() };
  for (const part of parts) {
    for (const [facility, counts] of part.facilities) addInto(merged.facilities, facility, counts);
    for (const [day, counts] of part.days) addInto(merged.days, day, counts);
  }
  return merged;
}

/**
 * Rolls the day counters up into day, dekad, month and quarter blocks per province, the way an
 * analytics table is refreshed: asynchronously, idempotently, recomputable from the counters at
 * any time. It closes every day that is over since the last run (at most `maxDays`, starting a
 * year back on the first run), then rebuilds the blocks that stale-day markers name and clears
 * each marker only if no write bumped it meanwhile. Reports never depend on it for exactness:
 * whatever is not rolled up, or marked stale, they read from the day counters.
 */
export async function rollUpCounters(
  deps: RollupDeps,
  options: { maxDays?: number; firstRunDays?: number } = {},
): Promise<RollupSummary> {
  // Markers first: a marker read before the counters are read covers every write it counted.
  const markers = await deps.rollups.listDirty({ consistent: true });
  const state = await deps.rollups.readState();
  const last = lastClosableDay(deps.now());
  // The first run starts on a quarter's first day a year back, so every block it builds is whole.
  const from =
    state?.from ?? blockOf("quarter", addDays(last, -((options.firstRunDays ?? MAX_PERIOD_DAYS) - 1))).from;
  const first = state === null ? from : addDays(state.through, 1);
  const toClose =
    first <= last ? daysBetween(first, last).slice(0, options.maxDays ?? MAX_PERIOD_DAYS + 92) : [];
  let through = state?.through ?? null;
  // A dekad at a time: its days close in parallel, then the blocks they complete, then the state moves.
  for (const dekad of groupByDekad(toClose)) {
    await pMap(dekad, async (day) => {
      const { rows } = await deps.counters.readDayCounts([day], { consistent: true });
      const packed = packDay(rows);
      await deps.rollups.putBlocks(
        [...packed.entries()].map(([province, counts]) => ({
          blockId: blockOf("day", day).id,
          province,
          packed: counts,
        })),
      );
    });
    const last = dekad.at(-1) ?? "";
    for (const block of blocksEndingOn(last)) {
      if (block.from >= from) await rebuildBlock(deps, block, deps.provinces);
    }
    await deps.rollups.writeState({ from, through: last });
    through = last;
  }

  let rebuilt = 0;
  let cleared = 0;
  if (through !== null) {
    const closedThrough = through;
    const stale = new Map<string, DirtyMarker[]>();
    for (const marker of markers) {
      if (marker.day > closedThrough) continue;
      const key = `${marker.day}|${provinceNumberOf(marker.facility)}`;
      stale.set(key, [...(stale.get(key) ?? []), marker]);
    }
    for (const [key, group] of stale) {
      const [day = "", province = ""] = key.split("|");
      const { rows } = await deps.counters.readDayCounts([day], {
        facilityPrefixes: [province],
        consistent: true,
      });
      const packed = packDay(rows).get(province) ?? { facilities: new Map(), days: new Map() };
      await deps.rollups.putBlocks([{ blockId: blockOf("day", day).id, province, packed }]);
      for (const block of blocksHolding(day)) {
        if (block.from >= from && block.to <= closedThrough) await rebuildBlock(deps, block, [province]);
      }
      rebuilt += 1;
      for (const marker of group) if (await deps.rollups.clearDirty(marker)) cleared += 1;
    }
  }
  return { closedDays: toClose.length, through, rebuilt, cleared };
}

/** Rebuilds a coarser block of the given provinces from its (already built) children. */
async function rebuildBlock(deps: RollupDeps, block: Block, provinces: readonly string[]): Promise<void> {
  const children = childrenOf(block);
  const keys = provinces.flatMap((province) => children.map((child) => ({ blockId: child.id, province })));
  const { blocks } = await deps.rollups.getBlocks(keys, { consistent: true });
  const built = provinces.flatMap((province) => {
    const parts = children.flatMap((child) => {
      const part = blocks.get(`${child.id}|${province}`);
      return part === undefined ? [] : [part];
    });
    return parts.length === 0 ? [] : [{ blockId: block.id, province, packed: mergePacked(parts) }];
  });
  await deps.rollups.putBlocks(built);
}
