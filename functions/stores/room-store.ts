import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type Room, roomSchema } from "#domain/room-contract";
import { putAllItems } from "./batch-write.ts";

const roomsPk = (facility: string) => `ROOMS#${facility}`;
const roomSk = (id: string) => `ROOM#${id}`;

/** A facility's exam rooms, one item each in the check-in table's partition of the facility's rooms. */
export function makeRoomStore(doc: DynamoDBDocumentClient, table: string) {
  const toRoom = (item: Record<string, unknown>): Room => roomSchema.parse(item);

  return {
    /** Creates or replaces a room of the facility. */
    async putRoom(facility: string, room: Room): Promise<void> {
      await doc.send(
        new PutCommand({ TableName: table, Item: { pk: roomsPk(facility), sk: roomSk(room.id), ...room } }),
      );
    },

    /** Writes many rooms of many facilities in batches (seeding). */
    async putRooms(entries: readonly { facility: string; room: Room }[]): Promise<void> {
      await putAllItems(
        doc,
        table,
        entries.map(({ facility, room }) => ({ pk: roomsPk(facility), sk: roomSk(room.id), ...room })),
      );
    },

    /** One room of the facility, or null when it has none by that id (another facility's room too). */
    async getRoom(facility: string, id: string): Promise<Room | null> {
      const result = await doc.send(
        new GetCommand({ TableName: table, Key: { pk: roomsPk(facility), sk: roomSk(id) } }),
      );
      return result.Item === undefined ? null : toRoom(result.Item);
    },

    /** The facility's rooms by number. */
    async listRooms(facility: string): Promise<Room[]> {
      const rooms: Room[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :room)",
            ExpressionAttributeValues: { ":pk": roomsPk(facility), ":room": "ROOM#" },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) rooms.push(toRoom(item));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return rooms.sort((a, b) => a.number - b.number);
    },
  };
}

export type RoomStore = ReturnType<typeof makeRoomStore>;
