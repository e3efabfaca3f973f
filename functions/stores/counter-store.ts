import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import type { DayTally } from "#domain/scan-rate";
import { type Channel, METHODS, type Method, type Status } from "#domain/types";
import { COUNTER_ATTR, counterKey, counterPartition } from "./counter-keys.ts";

export interface CounterStoreConfig {
  readonly countersTable: string;
  readonly counterShards: number;
  /** Queries in flight at once; the report's latency is days × shards ÷ this × one round trip. */
  readonly concurrency?: number;
}

/** What a read cost: for benchmarks and the report's log line. */
export interface ReadStats {
  readonly queries: number;
  readonly items: number;
  /** Read capacity units DynamoDB charged (0 when the endpoint does not report them). */
  readonly capacityUnits: number;
}

const count = z.number().int().nonnegative().default(0);

/** A counter item read back: only the attributes the report projects. */
const counterItemSchema = z.object({
  sk: z.string().min(1),
  n: count,
  "m:qr-cccd": count,
  "m:qr-vneid": count,
  "m:manual-id": count,
  "m:bhyt-card": count,
} satisfies Record<"sk" | "n" | `m:${Method}`, z.ZodType>);

const PROJECTED = ["sk", COUNTER_ATTR.total, ...METHODS.map(COUNTER_ATTR.method)];
/** Placeholders for the projected names: "m:qr-cccd" holds a colon, which a projection cannot name directly. */
const PROJECTION_NAMES = Object.fromEntries(PROJECTED.map((name, index) => [`#a${index}`, name]));
const PROJECTION = Object.keys(PROJECTION_NAMES).join(", ");

/** Runs tasks with at most `limit` in flight, keeping results in order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Counts of one facility-day to write in bulk; the total is the sum over methods. */
export interface CounterTally {
  readonly facility: string;
  readonly day: string;
  readonly byMethod: Partial<Record<Method, number>>;
  readonly byStatus?: Partial<Record<Status, number>>;
  readonly byChannel?: Partial<Record<Channel, number>>;
}

const BATCH_WRITE_SIZE = 25;

type WriteRequests = NonNullable<BatchWriteCommandInput["RequestItems"]>[string];

/**
 * Reads the daily counter items (counter-keys.ts) that the check-in transaction maintains. Reports
 * read only these, so their cost grows with facilities × days, never with the number of check-ins.
 */
export function makeCounterStore(doc: DynamoDBDocumentClient, config: CounterStoreConfig) {
  const concurrency = config.concurrency ?? 32;

  /** One partition (day, shard), optionally only the facility codes starting with `prefix`, all pages. */
  async function queryPartition(
    day: string,
    shard: number,
    prefix: string | null,
  ): Promise<{ tallies: DayTally[]; queries: number; capacityUnits: number }> {
    const tallies: DayTally[] = [];
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
          ProjectionExpression: PROJECTION,
          ExpressionAttributeNames: PROJECTION_NAMES,
          ReturnConsumedCapacity: "TOTAL",
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      queries += 1;
      capacityUnits += result.ConsumedCapacity?.CapacityUnits ?? 0;
      for (const raw of result.Items ?? []) {
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
      startKey = result.LastEvaluatedKey;
    } while (startKey !== undefined);
    return { tallies, queries, capacityUnits };
  }

  return {
    /**
     * Every facility-day tally of the given days: one query per day and shard (and per facility
     * code prefix when given, so a provincial report reads only its facilities), run in parallel.
     */
    async readTallies(
      days: readonly string[],
      options: { facilityPrefixes: readonly string[] | null } = { facilityPrefixes: null },
    ): Promise<{ tallies: DayTally[]; stats: ReadStats }> {
      const prefixes = options.facilityPrefixes ?? [null];
      const partitions = days.flatMap((day) =>
        Array.from({ length: config.counterShards }, (_, shard) =>
          prefixes.map((prefix) => ({ day, shard, prefix })),
        ).flat(),
      );
      const parts = await mapWithConcurrency(partitions, concurrency, (part) =>
        queryPartition(part.day, part.shard, part.prefix),
      );
      const tallies = parts.flatMap((part) => part.tallies);
      return {
        tallies,
        stats: {
          queries: parts.reduce((sum, part) => sum + part.queries, 0),
          items: tallies.length,
          capacityUnits: parts.reduce((sum, part) => sum + part.capacityUnits, 0),
        },
      };
    },

    /**
     * Bulk loader for benchmarks and demo data: writes whole counter items (same keys and attribute
     * names as the check-in transaction) with batch writes. It overwrites, so it is only for
     * facility-days no live check-in touches; live check-ins always go through the check-in store.
     */
    async putTallies(tallies: readonly CounterTally[]): Promise<void> {
      const items = tallies.map((tally) => {
        const item: Record<string, string | number> = {
          ...counterKey(tally.facility, tally.day, config.counterShards),
        };
        let total = 0;
        const add = (name: string, value: number | undefined) => {
          if (value !== undefined && value !== 0) item[name] = value;
        };
        for (const [method, value] of Object.entries(tally.byMethod)) {
          add(COUNTER_ATTR.method(method), value);
          total += value;
        }
        for (const [status, value] of Object.entries(tally.byStatus ?? {}))
          add(COUNTER_ATTR.status(status), value);
        for (const [channel, value] of Object.entries(tally.byChannel ?? {}))
          add(COUNTER_ATTR.channel(channel), value);
        item[COUNTER_ATTR.total] = total;
        return item;
      });
      const batches: Array<Array<Record<string, string | number>>> = [];
      for (let i = 0; i < items.length; i += BATCH_WRITE_SIZE)
        batches.push(items.slice(i, i + BATCH_WRITE_SIZE));
      await mapWithConcurrency(batches, concurrency, async (batch) => {
        let requests: WriteRequests = batch.map((Item) => ({
          PutRequest: { Item },
        }));
        for (let attempt = 0; requests.length > 0; attempt++) {
          if (attempt > 0)
            await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
          const result = await doc.send(
            new BatchWriteCommand({ RequestItems: { [config.countersTable]: requests } }),
          );
          requests = result.UnprocessedItems?.[config.countersTable] ?? [];
          if (attempt > 10 && requests.length > 0)
            throw new Error("Counter batch write kept being throttled");
        }
      });
    },
  };
}

export type CounterStore = ReturnType<typeof makeCounterStore>;
