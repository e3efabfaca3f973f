import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import pMap from "p-map";
import * as z from "zod";
import type { DayTally } from "#domain/scan-rate";
import { vnDay } from "#domain/vn-time";
import { type ClosedDayCache, makeClosedDayCache } from "./closed-day-cache.ts";
import { counterPartition } from "./counter-keys.ts";
import {
  type CounterPartition,
  queryCounterItems,
  queryTallies,
  readDayRevisions,
} from "./counter-queries.ts";

export interface CounterStoreConfig {
  readonly countersTable: string;
  readonly counterShards: number;
  /** Queries in flight at once; the report's latency is days × shards ÷ this × one round trip. */
  readonly concurrency?: number;
  /**
   * Keep the counters of days that are over in memory. A closed day still changes when a late
   * check-in (synced after an outage) lands on it; that check-in bumps the day's revision marker in
   * the same transaction, and a cached day is used only while its marker is unchanged (one
   * BatchGet of the markers per report). Re-checks move only statuses, which the report does not
   * read. `ttlMs` bounds memory use over time; `maxTallies` bounds memory. Absent: every read goes
   * to DynamoDB.
   */
  readonly closedDayCache?: {
    readonly ttlMs: number;
    readonly maxTallies: number;
    readonly now?: () => Date;
  };
}

/** What a read cost: for benchmarks and the report's log line. */
export interface ReadStats {
  /** Queries sent to DynamoDB (one per day, shard and prefix, plus extra pages). */
  readonly queries: number;
  /** Counter items read from DynamoDB. */
  readonly items: number;
  /** Read capacity units DynamoDB charged (0 when the endpoint does not report them). */
  readonly capacityUnits: number;
  /** Partitions of closed days answered from memory instead. */
  readonly cachedPartitions: number;
  /** Revision markers of closed days read to validate the cache. */
  readonly revisionsRead: number;
}

/** A day counts as over this long after its Vietnamese midnight: check-ins still in flight then have landed. */
const CLOSED_DAY_GRACE_MS = 15 * 60_000;

type Counts = Record<string, number>;

/** Every counter of one facility on one day, by attribute name. */
export interface DayCounts {
  readonly day: string;
  readonly facility: string;
  readonly counts: Counts;
}

const rawCounterSchema = z.looseObject({ pk: z.string(), sk: z.string().min(1) });

/** The numeric attributes of a counter item: all of them are counts. */
function dayCountsOf(day: string, raw: Record<string, unknown>): DayCounts {
  const item = rawCounterSchema.parse(raw);
  return { day, facility: item.sk, counts: countsOf(item) };
}

/** The counts of a counter item as readDayCounts answers them: every number but zeros. */
export function countsOf(item: Readonly<Record<string, unknown>>): Counts {
  const counts: Counts = {};
  for (const [name, value] of Object.entries(item))
    if (typeof value === "number" && value !== 0) counts[name] = value;
  return counts;
}

/** Every partition of the days: each shard, once per facility code prefix. */
function partitionsOf(
  days: readonly string[],
  shards: number,
  prefixes: readonly (string | null)[],
): CounterPartition[] {
  return days.flatMap((day) =>
    Array.from({ length: shards }, (_, shard) => prefixes.map((prefix) => ({ day, shard, prefix }))).flat(),
  );
}

/** The cost of reads that went to DynamoDB, summed over partitions. */
function statsOf(
  parts: ReadonlyArray<{ queries: number; items: number; capacityUnits: number }>,
  cache: { cachedPartitions: number; revisionsRead: number },
): ReadStats {
  return {
    queries: parts.reduce((sum, part) => sum + part.queries, 0),
    items: parts.reduce((sum, part) => sum + part.items, 0),
    capacityUnits: parts.reduce((sum, part) => sum + part.capacityUnits, 0),
    ...cache,
  };
}

/**
 * Reads the daily counter items (counter-keys.ts) that the check-in transaction maintains. Reports
 * read only these, so their cost grows with facilities × days, never with the number of check-ins.
 */
export function makeCounterStore(doc: DynamoDBDocumentClient, config: CounterStoreConfig) {
  const concurrency = config.concurrency ?? 32;
  const table = config.countersTable;
  const cacheConfig = config.closedDayCache;
  const cache: ClosedDayCache | null = cacheConfig === undefined ? null : makeClosedDayCache(cacheConfig);

  return {
    /**
     * Every counter of every facility on the given days, whatever its name (a counter added to the
     * check-in transaction is read without a change here): one query per day, shard and prefix.
     * `consistent` for the roll-up, which must see every committed check-in.
     */
    async readDayCounts(
      days: readonly string[],
      options: { facilityPrefixes?: readonly string[] | null; consistent?: boolean } = {},
    ): Promise<{ rows: DayCounts[]; stats: ReadStats }> {
      const partitions = partitionsOf(days, config.counterShards, options.facilityPrefixes ?? [null]);
      const parts = await pMap(
        partitions,
        async (part) => {
          const read = await queryCounterItems(doc, table, part, {
            projected: false,
            consistent: options.consistent === true,
          });
          const rows = read.items.map((raw) => dayCountsOf(part.day, raw));
          return { ...read, rows, items: rows.length };
        },
        { concurrency },
      );
      return {
        rows: parts.flatMap((part) => part.rows),
        stats: statsOf(parts, { cachedPartitions: 0, revisionsRead: 0 }),
      };
    },

    /**
     * Every facility-day tally of the given days: one query per day and shard (and per facility
     * code prefix when given, so a provincial report reads only its facilities), run in parallel.
     */
    async readTallies(
      days: readonly string[],
      options: { facilityPrefixes: readonly string[] | null } = { facilityPrefixes: null },
    ): Promise<{ tallies: DayTally[]; stats: ReadStats }> {
      const nowMs = (cacheConfig?.now?.() ?? new Date()).getTime();
      const lastClosedDay = vnDay(new Date(nowMs - CLOSED_DAY_GRACE_MS - 86_400_000));
      const closedDays = cache === null ? [] : days.filter((day) => day <= lastClosedDay);
      const revisions =
        closedDays.length === 0 ? new Map<string, number>() : await readDayRevisions(doc, table, closedDays);
      let cachedPartitions = 0;
      const parts = await pMap(
        partitionsOf(days, config.counterShards, options.facilityPrefixes ?? [null]),
        async (part) => {
          const key = `${counterPartition(part.day, part.shard)}|${part.prefix ?? ""}`;
          const revision = revisions.get(part.day);
          const hit = revision === undefined ? undefined : cache?.get(key, nowMs, revision);
          if (hit !== undefined) {
            cachedPartitions += 1;
            return { tallies: hit, queries: 0, items: 0, capacityUnits: 0 };
          }
          const read = await queryTallies(doc, table, part);
          if (revision !== undefined) cache?.put(key, read.tallies, nowMs, revision);
          return { ...read, items: read.tallies.length };
        },
        { concurrency },
      );
      return {
        tallies: parts.flatMap((part) => part.tallies),
        stats: statsOf(parts, { cachedPartitions, revisionsRead: closedDays.length }),
      };
    },
  };
}

export type CounterStore = ReturnType<typeof makeCounterStore>;
