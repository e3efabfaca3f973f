/** The reads of the counters table: one partition's items (all pages), its tallies, and the days' revisions. */
import { BatchGetCommand, type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { DayTally } from "#domain/scan-rate";
import { METHODS, type Method } from "#domain/types";
import { COUNTER_ATTR, counterPartition, dayRevisionKey, REVISION_ATTR } from "./counter-keys.ts";

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

/** One partition to read: a day's shard, optionally only the facility codes starting with `prefix`. */
export interface CounterPartition {
  readonly day: string;
  readonly shard: number;
  readonly prefix: string | null;
}

/** One partition's items, all pages, with what the reads cost. */
export async function queryCounterItems(
  doc: DynamoDBDocumentClient,
  table: string,
  part: CounterPartition,
  options: { projected: boolean; consistent: boolean },
): Promise<{ items: Record<string, unknown>[]; queries: number; capacityUnits: number }> {
  const items: Record<string, unknown>[] = [];
  let queries = 0;
  let capacityUnits = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: part.prefix === null ? "pk = :pk" : "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: {
          ":pk": counterPartition(part.day, part.shard),
          ...(part.prefix === null ? {} : { ":prefix": part.prefix }),
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

/** One partition's facility-day tallies (total and methods), with what the reads cost. */
export async function queryTallies(
  doc: DynamoDBDocumentClient,
  table: string,
  part: CounterPartition,
): Promise<{ tallies: DayTally[]; queries: number; capacityUnits: number }> {
  const read = await queryCounterItems(doc, table, part, { projected: true, consistent: false });
  const tallies = read.items.map((raw): DayTally => {
    const item = counterItemSchema.parse(raw);
    return {
      day: part.day,
      facility: item.sk,
      total: item.n,
      byMethod: {
        "qr-cccd": item["m:qr-cccd"],
        "qr-vneid": item["m:qr-vneid"],
        "manual-id": item["m:manual-id"],
        "bhyt-card": item["m:bhyt-card"],
      },
    };
  });
  return { tallies, queries: read.queries, capacityUnits: read.capacityUnits };
}

/**
 * The revision markers of closed days, read before their counters: a late check-in that commits
 * after this read makes the next report re-read the day, never the other way round.
 */
export async function readDayRevisions(
  doc: DynamoDBDocumentClient,
  table: string,
  days: readonly string[],
): Promise<Map<string, number>> {
  const revisions = new Map(days.map((day) => [day, 0]));
  for (let i = 0; i < days.length; i += 100) {
    let keys: Record<string, unknown>[] = days.slice(i, i + 100).map(dayRevisionKey);
    while (keys.length > 0) {
      const result = await doc.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
      );
      for (const raw of result.Responses?.[table] ?? []) {
        const item = revisionItemSchema.parse(raw);
        revisions.set(item.pk.slice("REV#".length), item[REVISION_ATTR]);
      }
      keys = result.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return revisions;
}
