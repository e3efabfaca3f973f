/**
 * Calls of a room's queue: a call moves one waiting ticket out of the queue with a conditional
 * write, so two people calling the same room at the same moment never call the same patient.
 */
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { ConflictError, ERROR_CODE } from "#domain/errors";
import { isPriority } from "#domain/priority";
import { type Call, callSchema, type QueueTicket, type Room } from "#domain/room-contract";
import { vnDay } from "#domain/vn-time";
import { waitAttr, waitBucketOf } from "#domain/wait-times";
import { counterKey, dirtyMarkerKey } from "./counter-keys.ts";
import {
  callsPk,
  cancelKind,
  outSk,
  pause,
  queuePk,
  type RoomQueueStoreConfig,
  type TicketItem,
  type TransactItem,
  ticketItemSchema,
  toQueueTicket,
  ttlFor,
  WAITING,
} from "./room-queue-items.ts";
import { roomWaitCountItems } from "./room-wait-store.ts";

/** How many waiting tickets one call looks at: more than the callers that can race for one room. */
const CANDIDATES = 8;
const MAX_ROUNDS = 6;

/** The call of a ticket and the item that stores it, for the caller's transaction. */
export function callItem(
  config: RoomQueueStoreConfig,
  facility: string,
  room: Room,
  ticket: TicketItem,
  kind: Call["kind"],
  now: Date,
  day: string,
): { call: Call; put: TransactItem } {
  const nonce = Math.floor(Math.random() * 0xffff)
    .toString(16)
    .padStart(4, "0");
  const call: Call = {
    callId: `${now.toISOString()}#${room.id}#${String(ticket.number).padStart(6, "0")}#${nonce}`,
    room: room.id,
    roomNumber: room.number,
    number: ticket.number,
    label: ticket.label,
    priority: isPriority(ticket.marks),
    kind,
    at: now.toISOString(),
  };
  return {
    call,
    put: {
      Put: {
        TableName: config.table,
        Item: { pk: callsPk(facility, day), sk: call.callId, ...call, ttl: ttlFor(config, now) },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
  };
}

/**
 * The first call of a ticket adds its wait (check-in to now) to the facility-day's histogram in
 * the day counters and to its room's block items, in the call's own transaction; a day already
 * over also gets its stale marker.
 */
function waitCountItems(
  config: RoomQueueStoreConfig,
  facility: string,
  room: Room,
  day: string,
  ticket: TicketItem,
  now: Date,
): TransactItem[] {
  const table = config.waitCounters;
  if (table === undefined) return [];
  const bucket = waitBucketOf(now.getTime() - Date.parse(ticket.arrivedAt));
  const items: TransactItem[] = [
    {
      Update: {
        TableName: table.countersTable,
        Key: counterKey(facility, day, table.counterShards),
        UpdateExpression: "ADD #w :one",
        ExpressionAttributeNames: { "#w": waitAttr(bucket) },
        ExpressionAttributeValues: { ":one": 1 },
      },
    },
    ...roomWaitCountItems(table.countersTable, facility, room, day, bucket),
  ];
  if (day < vnDay(now))
    items.push({
      Update: {
        TableName: table.countersTable,
        Key: dirtyMarkerKey(facility, day, table.counterShards),
        UpdateExpression: "ADD v :one",
        ExpressionAttributeValues: { ":one": 1 },
      },
    });
  return items;
}

/** Builds the call store over the ticket store of the same table. */
export function makeRoomCallStore(doc: DynamoDBDocumentClient, config: RoomQueueStoreConfig) {
  const { table } = config;

  /** Moves one candidate out of the queue: called, taken by another caller, or still racing. */
  async function tryCall(
    facility: string,
    room: Room,
    day: string,
    candidate: TicketItem,
    now: Date,
  ): Promise<{ ticket: QueueTicket; call: Call } | null> {
    const counted = config.waitCounters !== undefined && candidate.waited !== true;
    const called: TicketItem = {
      ...candidate,
      sk: outSk(candidate.number),
      state: "called",
      calledAt: now.toISOString(),
      ...(counted ? { waited: true } : {}),
    };
    const { call, put } = callItem(config, facility, room, called, "call", now, day);
    const waits = counted ? waitCountItems(config, facility, room, day, candidate, now) : [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: table,
                  Key: { pk: candidate.pk, sk: candidate.sk },
                  ConditionExpression: "attribute_exists(pk)",
                },
              },
              {
                Put: {
                  TableName: table,
                  Item: { ...called, ttl: ttlFor(config, now) },
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              },
              put,
              ...waits,
            ],
          }),
        );
        return { ticket: toQueueTicket(called), call };
      } catch (error) {
        const kind = cancelKind(error);
        if (kind === null) throw error;
        // Another caller took this ticket: try the next one. A mere clash: try this one again.
        if (kind === "condition") return null;
        await pause(5 + Math.random() * 20 * (attempt + 1));
      }
    }
    return null;
  }

  return {
    /**
     * Calls the room's next patient (priority first, then arrival): the waiting ticket is deleted
     * on condition that it still exists, so of two callers racing for it one wins and the other
     * takes the next. Null when no one is waiting.
     */
    async callNext(
      facility: string,
      room: Room,
      day: string,
      now: Date,
    ): Promise<{ ticket: QueueTicket; call: Call } | null> {
      const pk = queuePk(facility, room.id, day);
      for (let round = 0; round < MAX_ROUNDS; round += 1) {
        const page = await doc.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :w)",
            ExpressionAttributeValues: { ":pk": pk, ":w": WAITING },
            ConsistentRead: true,
            Limit: CANDIDATES,
          }),
        );
        const candidates = (page.Items ?? []).map((item) => ticketItemSchema.parse(item));
        if (candidates.length === 0) return null;
        for (const candidate of candidates) {
          const called = await tryCall(facility, room, day, candidate, now);
          if (called !== null) return called;
        }
      }
      throw new ConflictError(ERROR_CODE.CALL_CONTENDED, {
        vi: "Nhiều người đang gọi cùng phòng; vui lòng bấm gọi lại.",
        en: "Several people are calling this room at once; please call again.",
      });
    },

    /** The facility's calls of a day after `since` (a callId or an ISO time), oldest first. */
    async listCalls(facility: string, day: string, since: string | null, limit = 200): Promise<Call[]> {
      const items = await doc.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: since === null ? "pk = :pk" : "pk = :pk AND sk > :since",
          ExpressionAttributeValues: {
            ":pk": callsPk(facility, day),
            ...(since === null ? {} : { ":since": since }),
          },
          // The newest `limit` calls: read backwards, then put back in order.
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (items.Items ?? []).map((item) => callSchema.parse(item)).reverse();
    },
  };
}
