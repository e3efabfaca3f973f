import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import pMap from "p-map";
import * as z from "zod";
import type { DayTally } from "#domain/scan-rate";
import { METHODS, type Method } from "#domain/types";
import { vnDay } from "#domain/vn-time";
import { COUNTER_ATTR, counterPartition, dayRevisionKey, REVISION_ATTR } from "./counter-keys.ts";

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

const count = z.number().int().nonnegative().default(0);

/** A counter item read back: only the attributes the report projects. */
const counterItemSchema = z.object({
  sk: z.string().min(1),
  n: count,
  "m:qr-cccd": count,
  "m:qr-vneid": count,
  "m:manual-id": count,
  "m:bhyt-card": count,
  f: count,
} satisfies Record<"sk" | "n" | "f" | `m:${Method}`, z.ZodType>);

const revisionItemSchema = z.object({ pk: z.string(), [REVISION_ATTR]: count });

const PROJECTED = ["sk", COUNTER_ATTR.total, COUNTER_ATTR.flagged, ...METHODS.map(COUNTER_ATTR.method)];
/** Placeholders for the projected names: "m:qr-cccd" holds a colon, which a projection cannot name directly. */
const PROJECTION_NAMES = Object.fromEntries(PROJECTED.map((name, index) => [`#a${index}`, name]));
const PROJECTION = Object.keys(PROJECTION_NAMES).join(", ");

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

/**
 * Reads the daily counter items (counter-keys.ts) that the check-in transaction maintains. Reports
 * read only these, so their cost grows with facilities × days, never with the number of check-ins.
 */
export function makeCounterStore(doc: DynamoDBDocumentClient, config: CounterStoreConfig) {
  const concurrency = config.concurrency ?? 32;
  const cacheConfig = config.closedDayCache;
  // Insertion order is recency order: a hit is moved to the end, eviction takes from the front.
  const cache = new Map<string, { storedAt: number; revision: number; tallies: readonly DayTally[] }>();
  let cachedTallies = 0;

  function cached(key: string, nowMs: number, revision: number): readonly DayTally[] | undefined {
    const entry = cache.get(key);
    if (entry === undefined || cacheConfig === undefined) return undefined;
    cache.delete(key);
    if (nowMs - entry.storedAt > cacheConfig.ttlMs || entry.revision !== revision) {
      cachedTallies -= entry.tallies.length;
      return undefined;
    }
    cache.set(key, entry);
    return entry.tallies;
  }

  function remember(key: string, tallies: readonly DayTally[], nowMs: number, revision: number): void {
    if (cacheConfig === undefined || tallies.length > cacheConfig.maxTallies) return;
    const previous = cache.get(key);
    if (previous !== undefined) cachedTallies -= previous.tallies.length;
    cache.set(key, { storedAt: nowMs, revision, tallies });
    cachedTallies += tallies.length;
    for (const [oldest, entry] of cache) {
      if (cachedTallies <= cacheConfig.maxTallies) break;
      cache.delete(oldest);
      cachedTallies -= entry.tallies.length;
    }
  }

  /** One partition (day, shard), optionally only the facility codes starting with `prefix`, all pages. */
  async function queryItems(
    day: string,
    shard: number,
    prefix: string | null,
    options: { projected: boolean; consistent: boolean },
  ): Promise<{ items: Record<string, unknown>[]; queries: number; capacityUnits: number }> {
    const items: Record<string, unknown>[] = [];
    let queries = 0;
    let capacityUnits = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await doc.send(
        new QueryCommand({
          TableName: config.countersTable,
          KeyConditionExpression: prefix === null ? "pk = :pk" : "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: {
            ":pk": counterPartition(day, shard),
            ...(prefix === null ? {} : { ":prefix": prefix }),
          },
          ...(options.projected
            ? { ProjectionExpression: PROJECTION, ExpressionAttributeNames: PROJECTION_NAMES }
            : {}),
          ConsistentRead: options.consistent,
          ReturnConsumedCapacity: "TOTAL",
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      queries += 1;
      capacityUnits += result.ConsumedCapacity?.CapacityUnits ?? 0;
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (startKey !== undefined);
    return { items, queries, capacityUnits };
  }

  async function queryPartition(
    day: string,
    shard: number,
    prefix: string | null,
  ): Promise<{ tallies: DayTally[]; queries: number; capacityUnits: number }> {
    const read = await queryItems(day, shard, prefix, { projected: true, consistent: false });
    const tallies: DayTally[] = [];
    for (const raw of read.items) {
      const item = counterItemSchema.parse(raw);
      tallies.push({
        day,
        facility: item.sk,
        total: item.n,
        byMethod: {
          "qr-cccd": item["m:qr-cccd"],
          "qr-vneid": item["m:qr-vneid"],
          "manual-id": item["m:manual-id"],
          "bhyt-card": item["m:bhyt-card"],
        },
      });
    }
    return { tallies, queries: read.queries, capacityUnits: read.capacityUnits };
  }

  /**
   * The revision markers of closed days, read before their counters: a late check-in that commits
   * after this read makes the next report re-read the day, never the other way round.
   */
  async function readRevisions(days: readonly string[]): Promise<Map<string, number>> {
    const revisions = new Map(days.map((day) => [day, 0]));
    for (let i = 0; i < days.length; i += 100) {
      let keys: Record<string, unknown>[] = days.slice(i, i + 100).map(dayRevisionKey);
      while (keys.length > 0) {
        const result = await doc.send(
          new BatchGetCommand({
            RequestItems: { [config.countersTable]: { Keys: keys, ConsistentRead: true } },
          }),
        );
        for (const raw of result.Responses?.[config.countersTable] ?? []) {
          const item = revisionItemSchema.parse(raw);
          revisions.set(item.pk.slice("REV#".length), item[REVISION_ATTR]);
        }
        keys = result.UnprocessedKeys?.[config.countersTable]?.Keys ?? [];
      }
    }
    return revisions;
  }

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
      const prefixes = options.facilityPrefixes ?? [null];
      const partitions = days.flatMap((day) =>
        Array.from({ length: config.counterShards }, (_, shard) =>
          prefixes.map((prefix) => ({ day, shard, prefix })),
        ).flat(),
      );
      const parts = await pMap(
        partitions,
        async (part) => {
          const read = await queryItems(part.day, part.shard, part.prefix, {
            projected: false,
            consistent: options.consistent === true,
          });
          return { ...read, rows: read.items.map((raw) => dayCountsOf(part.day, raw)) };
        },
        { concurrency },
      );
      return {
        rows: parts.flatMap((part) => part.rows),
        stats: {
          queries: parts.reduce((sum, part) => sum + part.queries, 0),
          items: parts.reduce((sum, part) => sum + part.rows.length, 0),
          capacityUnits: parts.reduce((sum, part) => sum + part.capacityUnits, 0),
          cachedPartitions: 0,
          revisionsRead: 0,
        },
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
      const prefixes = options.facilityPrefixes ?? [null];
      const now = cacheConfig?.now?.() ?? new Date();
      const lastClosedDay = vnDay(new Date(now.getTime() - CLOSED_DAY_GRACE_MS - 86_400_000));
      const partitions = days.flatMap((day) =>
        Array.from({ length: config.counterShards }, (_, shard) =>
          prefixes.map((prefix) => ({
            day,
            shard,
            prefix,
            key: `${counterPartition(day, shard)}|${prefix ?? ""}`,
          })),
        ).flat(),
      );
      const closedDays = cacheConfig === undefined ? [] : days.filter((day) => day <= lastClosedDay);
      const revisions = closedDays.length === 0 ? new Map<string, number>() : await readRevisions(closedDays);
      let cachedPartitions = 0;
      const parts = await pMap(
        partitions,
        async (part) => {
          const revision = revisions.get(part.day);
          const hit = revision === undefined ? undefined : cached(part.key, now.getTime(), revision);
          if (hit !== undefined) {
            cachedPartitions += 1;
            return { tallies: hit, queries: 0, items: 0, capacityUnits: 0 };
          }
          const read = await queryPartition(part.day, part.shard, part.prefix);
          if (revision !== undefined) remember(part.key, read.tallies, now.getTime(), revision);
          return { ...read, items: read.tallies.length };
        },
        { concurrency },
      );
      return {
        tallies: parts.flatMap((part) => part.tallies),
        stats: {
          queries: parts.reduce((sum, part) => sum + part.queries, 0),
          items: parts.reduce((sum, part) => sum + part.items, 0),
          capacityUnits: parts.reduce((sum, part) => sum + part.capacityUnits, 0),
          cachedPartitions,
          revisionsRead: closedDays.length,
        },
      };
    },
  };
}

export type CounterStore = ReturnType<typeof makeCounterStore>;
