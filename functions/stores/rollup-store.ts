/**
 * The rolled-up counters: one item per calendar block (day, dekad, month, quarter) and province
 * number, holding every facility's summed counts and the province's per-day sums, packed in one
 * attribute; the roll-up state; the stale-day markers. Rebuilt from the day counters at any time.
 */

import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { Counts } from "#domain/counts";
import { putAllItems } from "./batch-write.ts";
import { dirtyPartition, ROLLUP_STATE_KEY, rollupPartition } from "./counter-keys.ts";

/** The summed counts of one block and province: per facility, and per day over all its facilities. */
export interface PackedCounts {
  readonly facilities: Map<string, Counts>;
  readonly days: Map<string, Counts>;
}

/** A stale-day marker as read: deleting it is conditional on `version`, so a newer write keeps it. */
export interface DirtyMarker {
  readonly pk: string;
  readonly sk: string;
  readonly day: string;
  readonly facility: string;
  readonly version: number;
}

const BATCH_GET_SIZE = 100;
const MAX_ROUNDS = 8;

const packedSchema = z.object({
  cols: z.array(z.string().min(1)),
  facilities: z.record(z.string(), z.array(z.number())),
  days: z.record(z.string(), z.array(z.number())),
});
const rollupItemSchema = z.object({ pk: z.string(), sk: z.string(), packed: z.string() });
const stateSchema = z.object({ from: z.string(), through: z.string() });

/** Every day from `from` to `through` is rolled up, and every block wholly inside them. */
export interface RollupState {
  readonly from: string;
  readonly through: string;
}
const markerSchema = z.object({
  pk: z.string(),
  sk: z.string().regex(/^\d{4}-\d{2}-\d{2}#.+$/),
  v: z.number(),
});

/** Encodes counts with one shared column list: names once per item, numbers per row. */
function encodePacked(packed: PackedCounts): string {
  const names = new Set<string>();
  for (const group of [packed.facilities, packed.days])
    for (const counts of group.values()) for (const name of Object.keys(counts)) names.add(name);
  const cols = [...names].sort();
  const row = (counts: Counts) => cols.map((name) => counts[name] ?? 0);
  const table = (group: Map<string, Counts>) =>
    Object.fromEntries([...group.entries()].map(([key, counts]) => [key, row(counts)]));
  return JSON.stringify({ cols, facilities: table(packed.facilities), days: table(packed.days) });
}

/** Decodes what encodePacked wrote; zero counts are dropped. */
export function decodePacked(text: string): PackedCounts {
  const raw = packedSchema.parse(JSON.parse(text));
  const counts = (values: readonly number[]) => {
    const out: Counts = {};
    raw.cols.forEach((name, index) => {
      const value = values[index] ?? 0;
      if (value !== 0) out[name] = value;
    });
    return out;
  };
  const group = (table: Record<string, number[]>) =>
    new Map(Object.entries(table).map(([key, values]) => [key, counts(values)]));
  return { facilities: group(raw.facilities), days: group(raw.days) };
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Batch-reads packed blocks in chunks of 100, retrying unprocessed keys with a growing wait. */
async function readPackedBlocks(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: ReadonlyArray<{ blockId: string; province: string }>,
  consistent: boolean,
): Promise<{ blocks: Map<string, PackedCounts>; reads: number; capacityUnits: number }> {
  const blocks = new Map<string, PackedCounts>();
  let reads = 0;
  let capacityUnits = 0;
  const chunks: Array<Array<Record<string, string>>> = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_SIZE)
    chunks.push(
      keys
        .slice(i, i + BATCH_GET_SIZE)
        .map((key) => ({ pk: rollupPartition(key.blockId), sk: key.province })),
    );
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending = chunk;
      for (let round = 0; pending.length > 0; round++) {
        if (round >= MAX_ROUNDS) throw new Error(`${pending.length} roll-up items still unprocessed`);
        if (round > 0) await wait(Math.min(1000, 25 * 2 ** round));
        const result = await doc.send(
          new BatchGetCommand({
            RequestItems: { [table]: { Keys: pending, ConsistentRead: consistent } },
            ReturnConsumedCapacity: "TOTAL",
          }),
        );
        reads += 1;
        capacityUnits += (result.ConsumedCapacity ?? []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
        for (const raw of result.Responses?.[table] ?? []) {
          const item = rollupItemSchema.parse(raw);
          blocks.set(`${item.pk.slice("ROLL#".length)}|${item.sk}`, decodePacked(item.packed));
        }
        pending = (result.UnprocessedKeys?.[table]?.Keys ?? []).map((key) => ({
          pk: String(key.pk),
          sk: String(key.sk),
        }));
      }
    }),
  );
  return { blocks, reads, capacityUnits };
}

/** The stale-day markers of one shard, every page. */
async function readShardMarkers(
  doc: DynamoDBDocumentClient,
  table: string,
  shard: number,
  consistent: boolean,
): Promise<DirtyMarker[]> {
  const markers: DirtyMarker[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const result = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": dirtyPartition(shard) },
        ConsistentRead: consistent,
        ExclusiveStartKey: start,
      }),
    );
    for (const raw of result.Items ?? []) {
      const item = markerSchema.parse(raw);
      const [day = "", facility = ""] = item.sk.split("#");
      markers.push({ pk: item.pk, sk: item.sk, day, facility, version: item.v });
    }
    start = result.LastEvaluatedKey;
  } while (start !== undefined);
  return markers;
}

/** Builds the store over a document client and the counters table. */
export function makeRollupStore(
  doc: DynamoDBDocumentClient,
  config: { countersTable: string; counterShards: number },
) {
  const table = config.countersTable;
  return {
    /** Writes (overwrites) packed blocks; each is a pure function of the day counters, so rewriting is safe. */
    async putBlocks(
      blocks: ReadonlyArray<{ blockId: string; province: string; packed: PackedCounts }>,
    ): Promise<void> {
      const items = blocks.map(({ blockId, province, packed }) => ({
        pk: rollupPartition(blockId),
        sk: province,
        packed: encodePacked(packed),
        facilities: packed.facilities.size,
      }));
      await putAllItems(doc, table, items, 8);
    },

    /**
     * Reads packed blocks by block and province number; absent ones are missing from the map
     * (a province without any check-in in a block has no item). Keys are `${blockId}|${province}`.
     */
    async getBlocks(
      keys: ReadonlyArray<{ blockId: string; province: string }>,
      options: { consistent?: boolean } = {},
    ): Promise<{ blocks: Map<string, PackedCounts>; reads: number; capacityUnits: number }> {
      return await readPackedBlocks(doc, table, keys, options.consistent === true);
    },

    /** The days whose counters are rolled up, or null before the first roll-up. */
    async readState(): Promise<RollupState | null> {
      const result = await doc.send(
        new GetCommand({ TableName: table, Key: ROLLUP_STATE_KEY, ConsistentRead: true }),
      );
      if (result.Item === undefined) return null;
      const { from, through } = stateSchema.parse(result.Item);
      return { from, through };
    },

    async writeState(state: RollupState): Promise<void> {
      await doc.send(new PutCommand({ TableName: table, Item: { ...ROLLUP_STATE_KEY, ...state } }));
    },

    /** Every stale-day marker, all shards. */
    async listDirty(options: { consistent?: boolean } = {}): Promise<DirtyMarker[]> {
      const shards = Array.from({ length: config.counterShards }, (_, shard) => shard);
      const pages = await Promise.all(
        shards.map((shard) => readShardMarkers(doc, table, shard, options.consistent === true)),
      );
      return pages.flat();
    },

    /** Removes a marker unless a write bumped it since it was read; true when removed. */
    async clearDirty(marker: DirtyMarker): Promise<boolean> {
      try {
        await doc.send(
          new DeleteCommand({
            TableName: table,
            Key: { pk: marker.pk, sk: marker.sk },
            ConditionExpression: "v = :v",
            ExpressionAttributeValues: { ":v": marker.version },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}

export type RollupStore = ReturnType<typeof makeRollupStore>;
