/** Keys of the per-facility, per-day counter items that reports read. */
import { stableHash } from "./stable-hash.ts";

/**
 * Default number of partitions a day's counters are spread over. Each facility's day is one item,
 * so at any moment all writes land on today's shards: 4 partitions take 4 × 1,000 WCU/s, about ten
 * times a national morning peak, while a 30-day report needs only 30 × 4 queries.
 */
export const DEFAULT_COUNTER_SHARDS = 4;

/** The shard of a facility: the national morning peak spreads over `shards` partitions per day. */
export function shardOf(facility: string, shards: number): number {
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
