/**
 * Wait histograms per exam room, beside the day counters: one small item per facility, calendar
 * block (day, dekad, month, quarter) and room. A first call adds its wait to the four blocks that
 * hold its day in the call's own transaction, so any period reads as a few whole blocks (about a
 * dozen for a month, two dozen for a year) and is exact at once, late calls into a closed day
 * included. The facility's counter item keeps no room columns: a central hospital's dozens of
 * rooms × buckets would swell every province's rolled-up block.
 */
import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { Counts } from "#domain/counts";
import { type Block, blockOf, blocksHolding } from "#domain/period-blocks";
import type { Room } from "#domain/room-contract";
import { waitAttr } from "#domain/wait-times";
import type { TransactItem } from "./room-queue-items.ts";

/** The partition of a facility's room waits: a facility's calls are few per second. */
function roomWaitPartition(facility: string): string {
  return `RWAIT#${facility}`;
}

const roomWaitKey = (facility: string, block: Block, room: string) => ({
  pk: roomWaitPartition(facility),
  sk: `${block.id}#${room}`,
});

/** The updates that add one first call's wait bucket to its room's day, dekad, month and quarter. */
export function roomWaitCountItems(
  countersTable: string,
  facility: string,
  room: Pick<Room, "id" | "name" | "number">,
  day: string,
  bucket: number,
): TransactItem[] {
  return [blockOf("day", day), ...blocksHolding(day)].map((block) => ({
    Update: {
      TableName: countersTable,
      Key: roomWaitKey(facility, block, room.id),
      UpdateExpression: "ADD #w :one SET room = :room, roomName = :name, roomNumber = :number",
      ExpressionAttributeNames: { "#w": waitAttr(bucket) },
      ExpressionAttributeValues: { ":one": 1, ":room": room.id, ":name": room.name, ":number": room.number },
    },
  }));
}

const roomWaitItemSchema = z
  .object({
    pk: z.string(),
    sk: z.string(),
    room: z.string(),
    roomName: z.string(),
    roomNumber: z.number().int(),
  })
  .catchall(z.unknown());

/** One room's summed wait buckets over the blocks read, with its latest name and number. */
export interface RoomWaitCounts {
  readonly room: string;
  readonly name: string;
  readonly number: number;
  readonly counts: Counts;
}

/** Builds the store over the counters table. */
export function makeRoomWaitStore(doc: DynamoDBDocumentClient, config: { countersTable: string }) {
  const table = config.countersTable;

  /** Every room's item of one block, all pages. */
  async function readBlock(facility: string, block: Block) {
    const items: Array<z.infer<typeof roomWaitItemSchema>> = [];
    let start: Record<string, unknown> | undefined;
    let queries = 0;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :block)",
          ExpressionAttributeValues: { ":pk": roomWaitPartition(facility), ":block": `${block.id}#` },
          ExclusiveStartKey: start,
        }),
      );
      queries += 1;
      for (const raw of page.Items ?? []) items.push(roomWaitItemSchema.parse(raw));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return { items, queries };
  }

  return {
    /** The rooms' wait buckets summed over whole blocks (a period split by splitPeriod), one query per block. */
    async readRoomWaits(
      facility: string,
      blocks: readonly Block[],
    ): Promise<{ rooms: RoomWaitCounts[]; queries: number; items: number }> {
      const reads = await Promise.all(blocks.map((block) => readBlock(facility, block)));
      const rooms = new Map<string, { room: string; name: string; number: number; counts: Counts }>();
      let items = 0;
      for (const read of reads) {
        for (const item of read.items) {
          items += 1;
          // Blocks come oldest first: the latest block's name and number win.
          const room = {
            room: item.room,
            name: item.roomName,
            number: item.roomNumber,
            counts: rooms.get(item.room)?.counts ?? {},
          };
          for (const [name, value] of Object.entries(item))
            if (name.startsWith("w:") && typeof value === "number")
              room.counts[name] = (room.counts[name] ?? 0) + value;
          rooms.set(item.room, room);
        }
      }
      return {
        rooms: [...rooms.values()],
        queries: reads.reduce((sum, read) => sum + read.queries, 0),
        items,
      };
    },
  };
}

export type RoomWaitStore = ReturnType<typeof makeRoomWaitStore>;
