/** The lists of a room's day the room page and the room list read: waiting, called, missed. */
import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { QueueTicket } from "#domain/room-contract";
import {
  OUT,
  queryAll,
  queuePk,
  type RoomQueueStoreConfig,
  type TicketItem,
  ticketItemSchema,
  toQueueTicket,
  WAITING,
  WAITING_INDEX,
} from "./room-queue-items.ts";

/** Builds the queue lists of a room queue table. */
export function makeQueueLists(doc: DynamoDBDocumentClient, config: RoomQueueStoreConfig) {
  const { table } = config;
  return {
    /** How many wait for the room today. */
    async countWaiting(facility: string, room: string, day: string): Promise<number> {
      let count = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :w)",
            ExpressionAttributeValues: { ":pk": queuePk(facility, room, day), ":w": WAITING },
            Select: "COUNT",
            ExclusiveStartKey: start,
          }),
        );
        count += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return count;
    },

    /**
     * How many wait for each room of the facility today, in one query over the waiting index
     * (eventually consistent: a check-in a moment ago may not be counted yet). Rooms with none are absent.
     */
    async countWaitingByRoom(facility: string, day: string): Promise<Map<string, number>> {
      const items = await queryAll(doc, table, {
        IndexName: WAITING_INDEX,
        KeyConditionExpression: "waitingDay = :d",
        ExpressionAttributeValues: { ":d": `${facility}#${day}` },
        ProjectionExpression: "waitingRoom",
      });
      const counts = new Map<string, number>();
      for (const item of items) {
        if (typeof item.waitingRoom === "string")
          counts.set(item.waitingRoom, (counts.get(item.waitingRoom) ?? 0) + 1);
      }
      return counts;
    },

    /** Every ticket of the room's day as stored now (marks included), by the visit it belongs to. */
    async ticketsByVisit(facility: string, room: string, day: string): Promise<Map<string, TicketItem>> {
      const items = await queryAll(doc, table, {
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :w AND :x",
        ExpressionAttributeValues: { ":pk": queuePk(facility, room, day), ":w": WAITING, ":x": `${OUT}~` },
      });
      const tickets = items.flatMap((item) => {
        const parsed = ticketItemSchema.safeParse(item);
        return parsed.success ? [[parsed.data.checkinId, parsed.data] as const] : [];
      });
      return new Map(tickets);
    },

    /** The room's day: waiting in call order, then those called, missed and done, latest call first. */
    async listQueue(facility: string, room: string, day: string) {
      const items = (
        await queryAll(doc, table, {
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :w AND :x",
          ExpressionAttributeValues: { ":pk": queuePk(facility, room, day), ":w": WAITING, ":x": `${OUT}~` },
          ConsistentRead: true,
        })
      ).filter(
        (item) => typeof item.sk === "string" && (item.sk.startsWith(WAITING) || item.sk.startsWith(OUT)),
      );
      const tickets = items.map((item) => toQueueTicket(ticketItemSchema.parse(item)));
      const latestFirst = (a: QueueTicket, b: QueueTicket) =>
        (b.calledAt ?? "").localeCompare(a.calledAt ?? "");
      return {
        waiting: tickets.filter((ticket) => ticket.state === "waiting"),
        called: tickets
          .filter((ticket) => ticket.state === "called" || ticket.state === "done")
          .sort(latestFirst),
        missed: tickets.filter((ticket) => ticket.state === "missed").sort(latestFirst),
      };
    },
  };
}
