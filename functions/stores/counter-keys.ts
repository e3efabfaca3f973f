/** Keys of the per-facility, per-day counter items that reports read. */
import { stableHash } from "./stable-hash.ts";

/**
 * Default number of partitions a day's counters are spread over. Each facility's day is one item,
 * so at any moment all writes land on today's shards: 4 partitions take 4 × 1,000 WCU/s, about ten
 * times a national morning peak, while a 30-day report needs only 30 × 4 queries.
 */
export const DEFAULT_COUNTER_SHARDS = 4;

/** The shard of a facility: the national morning peak spreads over `shards` partitions per day. */
function shardOf(facility: string, shards: number): number {
  return stableHash(facility) % shards;
}

/** Partition key of one day's shard. */
export function counterPartition(day: string, shard: number): string {
  return `DAY#${day}#${String(shard).padStart(2, "0")}`;
}

/** Full key of a facility's counter item for a day. */
export function counterKey(facility: string, day: string, shards: number): { pk: string; sk: string } {
  return { pk: counterPartition(day, shardOf(facility, shards)), sk: facility };
}

/**
 * Key of a day's revision marker, in the counters table: every check-in that reaches a day after
 * that day is over bumps it in the same transaction, so a cache of a closed day can tell it changed.
 */
export function dayRevisionKey(day: string): { pk: string; sk: string } {
  return { pk: `REV#${day}`, sk: "REV" };
}

/** Attribute of the revision marker that counts late writes. */
export const REVISION_ATTR = "rev";

/** Attribute names inside a counter item. */
export const COUNTER_ATTR = {
  total: "n",
  /** Check-ins whose scan time was not believed and that were counted on their arrival. */
  flagged: "f",
  method: (method: string) => `m:${method}`,
  status: (status: string) => `s:${status}`,
  channel: (channel: string) => `c:${channel}`,
} as const;

/** Partition of the rolled-up counts of one calendar block (period-blocks.ts); the sort key is a province number. */
export function rollupPartition(blockId: string): string {
  return `ROLL#${blockId}`;
}

/** The item that says up to which day every closed day has been rolled up. */
export const ROLLUP_STATE_KEY = { pk: "ROLL#STATE", sk: "STATE" } as const;

/**
 * Key of the marker a write into a day that is already over leaves in the same transaction (a late
 * check-in, a re-check after midnight): the roll-up of that day is stale until it is rebuilt.
 * Spread over the counter shards so a province's offline clinics syncing at once stay apart.
 */
export function dirtyMarkerKey(facility: string, day: string, shards: number): { pk: string; sk: string } {
  return { pk: dirtyPartition(shardOf(facility, shards)), sk: `${day}#${facility}` };
}

/** Partition of one shard of the stale-day markers. */
export function dirtyPartition(shard: number): string {
  return `DIRTY#${String(shard).padStart(2, "0")}`;
}

/** The province number a facility's counts roll up under: the first two digits of its code. */
export function provinceNumberOf(facility: string): string {
  return facility.slice(0, 2);
}
