/**
 * The tickets of a room's day: numbers per room and day that are never reused, the items a
 * check-in writes in its own transaction, the lists the room page reads, and priority marks.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { ERROR_CODE, NotFoundError } from "#domain/errors";
import type { PriorityMark } from "#domain/priority";
import type { QueueTicket, Room } from "#domain/room-contract";
import { roomTicketLabel } from "#domain/room-queue";
import {
  COUNTER_SK,
  cancelKind,
  counterSchema,
  guardSchema,
  guardSk,
  outSk,
  queryAll,
  queuePk,
  type RoomQueueStoreConfig,
  type TicketItem,
  type TransactItem,
  ticketItemSchema,
  toQueueTicket,
  ttlFor,
  WAITING,
  waitingItemOf,
  waitingSk,
} from "./room-queue-items.ts";

/** A visit about to join a room's queue. */
export interface QueuedVisit {
  readonly checkinId: string;
  readonly name: string | null;
  readonly marks: readonly PriorityMark[];
  /** When the patient arrived (or scanned, for a ticket printed offline): the queue's order. */
  readonly arrivedAt: string;
}

/** A ticket with the marks reception may see and change. */
export interface MarkedTicket {
  readonly ticket: QueueTicket;
  readonly marks: PriorityMark[];
}

export const noSuchTicket = (number: number) =>
  new NotFoundError(ERROR_CODE.TICKET_NOT_FOUND, {
    vi: `Phòng này hôm nay không có số ${number}.`,
    en: `This room has no number ${number} today.`,
  });

/** The room's next number of the day: an atomic counter, so a number is given once. */
async function nextNumber(
  doc: DynamoDBDocumentClient,
  config: RoomQueueStoreConfig,
  facility: string,
  room: string,
  day: string,
  now: Date,
): Promise<number> {
  const counted = await doc.send(
    new UpdateCommand({
      TableName: config.table,
      Key: { pk: queuePk(facility, room, day), sk: COUNTER_SK },
      UpdateExpression: "ADD #next :one SET #ttl = if_not_exists(#ttl, :ttl)",
      ExpressionAttributeNames: { "#next": "next", "#ttl": "ttl" },
      ExpressionAttributeValues: { ":one": 1, ":ttl": ttlFor(config, now) },
      ReturnValues: "UPDATED_NEW",
    }),
  );
  return counterSchema.parse(counted.Attributes).next;
}

/**
 * Takes the room's next number for a visit and answers the ticket with the items that store it
 * (the ticket and its one-per-visit guard), for the caller's own transaction. A number taken for
 * a transaction that then fails is skipped, never given again.
 */
async function prepareTicket(
  doc: DynamoDBDocumentClient,
  config: RoomQueueStoreConfig,
  facility: string,
  room: Room,
  day: string,
  visit: QueuedVisit,
  now: Date,
): Promise<{ ticket: MarkedTicket; items: [TransactItem, TransactItem] }> {
  const pk = queuePk(facility, room.id, day);
  const number = await nextNumber(doc, config, facility, room.id, day, now);
  const item: TicketItem = {
    pk,
    sk: "",
    number,
    label: roomTicketLabel(room.number, number),
    checkinId: visit.checkinId,
    name: visit.name,
    marks: [...visit.marks],
    state: "waiting",
    arrivedAt: visit.arrivedAt,
    calledAt: null,
  };
  item.sk = waitingSk(item);
  const ttl = ttlFor(config, now);
  return {
    ticket: { ticket: toQueueTicket(item), marks: item.marks },
    items: [
      {
        Put: {
          TableName: config.table,
          Item: { pk, sk: guardSk(visit.checkinId), number, ttl },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
      { Put: { TableName: config.table, Item: waitingItemOf(item, ttl) } },
    ],
  };
}

/** Builds the ticket store of a room queue table. */
export function makeRoomTicketStore(doc: DynamoDBDocumentClient, config: RoomQueueStoreConfig) {
  const { table } = config;

  async function getOut(facility: string, room: string, day: string, number: number) {
    const result = await doc.send(
      new GetCommand({
        TableName: table,
        Key: { pk: queuePk(facility, room, day), sk: outSk(number) },
        ConsistentRead: true,
      }),
    );
    return result.Item === undefined ? null : ticketItemSchema.parse(result.Item);
  }

  async function waitingItems(facility: string, room: string, day: string): Promise<TicketItem[]> {
    const items = await queryAll(doc, table, {
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :w)",
      ExpressionAttributeValues: { ":pk": queuePk(facility, room, day), ":w": WAITING },
      ConsistentRead: true,
    });
    return items.map((item) => ticketItemSchema.parse(item));
  }

  async function findTicket(facility: string, room: string, day: string, number: number) {
    const out = await getOut(facility, room, day, number);
    if (out !== null) return toQueueTicket(out);
    const waiting = await waitingItems(facility, room, day);
    const found = waiting.find((ticket) => ticket.number === number);
    return found === undefined ? null : toQueueTicket(found);
  }

  /** The ticket a visit already has in the room's day, or null. */
  async function ticketOfVisit(facility: string, room: string, day: string, checkinId: string) {
    const known = await doc.send(
      new GetCommand({
        TableName: table,
        Key: { pk: queuePk(facility, room, day), sk: guardSk(checkinId) },
        ConsistentRead: true,
      }),
    );
    if (known.Item === undefined) return null;
    return await findTicket(facility, room, day, guardSchema.parse(known.Item).number);
  }

  return {
    findTicket,
    getOut,
    waitingItems,
    /** The room's next number for a visit, and the items that store its ticket. */
    prepareTicket: (facility: string, room: Room, day: string, visit: QueuedVisit, now: Date) =>
      prepareTicket(doc, config, facility, room, day, visit, now),

    /**
     * Puts a visit in a room's queue with the room's next number of the day. A visit is queued once
     * per room and day: asking again answers the ticket it already has.
     */
    async addTicket(
      facility: string,
      room: Room,
      day: string,
      visit: QueuedVisit,
      now: Date,
    ): Promise<QueueTicket> {
      const existing = await ticketOfVisit(facility, room.id, day, visit.checkinId);
      if (existing !== null) return existing;
      const prepared = await prepareTicket(doc, config, facility, room, day, visit, now);
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: prepared.items }));
      } catch (error) {
        // Two requests for the same visit at once: the first one's ticket stands, this number is skipped.
        if (cancelKind(error) !== "condition") throw error;
        const first = await ticketOfVisit(facility, room.id, day, visit.checkinId);
        if (first === null) throw error;
        return first;
      }
      return prepared.ticket.ticket;
    },

    /** The room's waiting tickets of the day, in call order. */
    async listWaiting(facility: string, room: string, day: string): Promise<QueueTicket[]> {
      return (await waitingItems(facility, room, day)).map(toQueueTicket);
    },
  };
}

export type RoomTicketStore = ReturnType<typeof makeRoomTicketStore>;
