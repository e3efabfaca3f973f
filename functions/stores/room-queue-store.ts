import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { ConflictError, NotFoundError } from "#domain/errors";
import { isPriority, PRIORITY_MARKS, type PriorityMark } from "#domain/priority";
import {
  type Call,
  callSchema,
  type QueueTicket,
  type Room,
  TICKET_STATES,
  type TicketAction,
} from "#domain/room-contract";
import { roomTicketLabel, waitingKey } from "#domain/room-queue";

export interface RoomQueueStoreConfig {
  /** The check-in table: queues and calls live beside the visits, under their own key prefixes. */
  readonly table: string;
  /** Days a ticket and a call are kept before DynamoDB's TTL removes them. */
  readonly retentionDays: number;
}

/** A ticket as stored: the contract's fields plus its marks (which never leave the store but for reception). */
const ticketItemSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  number: z.number().int(),
  label: z.string(),
  checkinId: z.string(),
  name: z.string().nullable(),
  marks: z.array(z.enum(PRIORITY_MARKS)),
  state: z.enum(TICKET_STATES),
  arrivedAt: z.string(),
  calledAt: z.string().nullable(),
});
type TicketItem = z.infer<typeof ticketItemSchema>;

const counterSchema = z.object({ next: z.number().int() });
const guardSchema = z.object({ number: z.number().int() });

const queuePk = (facility: string, room: string, day: string) => `RQ#${facility}#${room}#${day}`;
const callsPk = (facility: string, day: string) => `CALLS#${facility}#${day}`;
const COUNTER_SK = "N";
const WAITING = "W#";
const OUT = "X#";
const GUARD = "C#";
const outSk = (number: number) => `${OUT}${String(number).padStart(6, "0")}`;
const waitingSk = (ticket: { number: number; arrivedAt: string; marks: readonly PriorityMark[] }) =>
  `${WAITING}${waitingKey({ number: ticket.number, arrivedAt: ticket.arrivedAt, priority: isPriority(ticket.marks) })}`;

/** How many waiting tickets one call looks at: more than the callers that can race for one room. */
const CANDIDATES = 8;
const MAX_ROUNDS = 6;

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** The contract's view of a stored ticket. */
function toQueueTicket(item: TicketItem): QueueTicket {
  return {
    number: item.number,
    label: item.label,
    checkinId: item.checkinId,
    name: item.name,
    priority: isPriority(item.marks),
    state: item.state,
    arrivedAt: item.arrivedAt,
    calledAt: item.calledAt,
  };
}

/** Why a transaction was cancelled: a condition that no longer holds, or a race to retry. */
function cancelKind(error: unknown): "condition" | "conflict" | null {
  if (!(error instanceof TransactionCanceledException)) return null;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? "None");
  return codes.includes("ConditionalCheckFailed") ? "condition" : "conflict";
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const noSuchTicket = (number: number) =>
  new NotFoundError("TICKET_NOT_FOUND", {
    vi: `Phòng này hôm nay không có số ${number}.`,
    en: `This room has no number ${number} today.`,
  });

const wrongState = (action: TicketAction, state: string) =>
  new ConflictError("TICKET_STATE", {
    vi: `Không thể ${ACTION_VI[action]} một số đang ở trạng thái "${STATE_VI[state] ?? state}".`,
    en: `A ticket that is ${state} cannot be ${ACTION_EN[action]}.`,
  });

const ACTION_VI: Record<TicketAction, string> = {
  recall: "gọi lại",
  skip: "chuyển vào danh sách vắng mặt",
  return: "đưa lại vào hàng chờ",
  done: "kết thúc",
};
const ACTION_EN: Record<TicketAction, string> = {
  recall: "recalled",
  skip: "skipped",
  return: "brought back",
  done: "finished",
};
const STATE_VI: Record<string, string> = {
  waiting: "đang chờ",
  called: "đã gọi",
  missed: "vắng mặt",
  done: "đã khám",
};

/** From which state each action moves a ticket, and to which. */
const TRANSITIONS: Record<TicketAction, { from: QueueTicket["state"]; to: QueueTicket["state"] }> = {
  recall: { from: "called", to: "called" },
  skip: { from: "called", to: "missed" },
  return: { from: "missed", to: "waiting" },
  done: { from: "called", to: "done" },
};

/**
 * Each room's queue of the day and the facility's calls: numbers per room and day that are never
 * reused, and a call that moves one waiting ticket out of the queue with a conditional write, so
 * two people calling the same room at the same moment never call the same patient.
 */
export function makeRoomQueueStore(doc: DynamoDBDocumentClient, config: RoomQueueStoreConfig) {
  const { table } = config;
  const ttlOf = (now: Date) => Math.floor(now.getTime() / 1000) + config.retentionDays * 86_400;

  async function queryAll(input: Omit<QueryCommandInput, "TableName">): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(new QueryCommand({ ...input, TableName: table, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }

  function callItem(
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
          TableName: table,
          Item: { pk: callsPk(facility, day), sk: call.callId, ...call, ttl: ttlOf(now) },
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    };
  }

  async function getOut(
    facility: string,
    room: string,
    day: string,
    number: number,
  ): Promise<TicketItem | null> {
    const result = await doc.send(
      new GetCommand({
        TableName: table,
        Key: { pk: queuePk(facility, room, day), sk: outSk(number) },
        ConsistentRead: true,
      }),
    );
    return result.Item === undefined ? null : ticketItemSchema.parse(result.Item);
  }

  return {
    /**
     * Puts a visit in a room's queue with the room's next number of the day. A visit is queued once
     * per room and day: asking again answers the ticket it already has.
     */
    async addTicket(
      facility: string,
      room: Room,
      day: string,
      visit: { checkinId: string; name: string | null; marks: readonly PriorityMark[]; arrivedAt: string },
      now: Date,
    ): Promise<QueueTicket> {
      const pk = queuePk(facility, room.id, day);
      const guardKey = { pk, sk: `${GUARD}${visit.checkinId}` };
      const known = await doc.send(new GetCommand({ TableName: table, Key: guardKey, ConsistentRead: true }));
      if (known.Item !== undefined) {
        const existing = await this.findTicket(facility, room.id, day, guardSchema.parse(known.Item).number);
        if (existing !== null) return existing;
      }
      const counted = await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk, sk: COUNTER_SK },
          UpdateExpression: "ADD #next :one SET #ttl = if_not_exists(#ttl, :ttl)",
          ExpressionAttributeNames: { "#next": "next", "#ttl": "ttl" },
          ExpressionAttributeValues: { ":one": 1, ":ttl": ttlOf(now) },
          ReturnValues: "UPDATED_NEW",
        }),
      );
      const number = counterSchema.parse(counted.Attributes).next;
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
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: table,
                  Item: { ...guardKey, number, ttl: ttlOf(now) },
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              },
              { Put: { TableName: table, Item: { ...item, ttl: ttlOf(now) } } },
            ],
          }),
        );
      } catch (error) {
        // Two requests for the same visit at once: the first one's ticket stands, this number is skipped.
        if (cancelKind(error) !== "condition") throw error;
        const again = await doc.send(
          new GetCommand({ TableName: table, Key: guardKey, ConsistentRead: true }),
        );
        const existing =
          again.Item === undefined
            ? null
            : await this.findTicket(facility, room.id, day, guardSchema.parse(again.Item).number);
        if (existing === null) throw error;
        return existing;
      }
      return toQueueTicket(item);
    },

    /** A ticket of the room's day by its number, wherever it is (waiting, called, missed, done). */
    async findTicket(
      facility: string,
      room: string,
      day: string,
      number: number,
    ): Promise<QueueTicket | null> {
      const out = await getOut(facility, room, day, number);
      if (out !== null) return toQueueTicket(out);
      const waiting = await this.listWaiting(facility, room, day);
      return waiting.find((ticket) => ticket.number === number) ?? null;
    },

    /** The room's waiting tickets of the day, in call order. */
    async listWaiting(facility: string, room: string, day: string): Promise<QueueTicket[]> {
      const items = await queryAll({
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :w)",
        ExpressionAttributeValues: { ":pk": queuePk(facility, room, day), ":w": WAITING },
        ConsistentRead: true,
      });
      return items.map((item) => toQueueTicket(ticketItemSchema.parse(item)));
    },

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

    /** The room's day: waiting in call order, then those called, missed and done, latest call first. */
    async listQueue(facility: string, room: string, day: string) {
      const items = (
        await queryAll({
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
          const called: TicketItem = {
            ...candidate,
            sk: outSk(candidate.number),
            state: "called",
            calledAt: now.toISOString(),
          };
          const { call, put } = callItem(facility, room, called, "call", now, day);
          let outcome: "called" | "taken" | "race" = "race";
          for (let attempt = 0; attempt < 4 && outcome === "race"; attempt += 1) {
            try {
              await doc.send(
                new TransactWriteCommand({
                  TransactItems: [
                    {
                      Delete: {
                        TableName: table,
                        Key: { pk, sk: candidate.sk },
                        ConditionExpression: "attribute_exists(pk)",
                      },
                    },
                    {
                      Put: {
                        TableName: table,
                        Item: { ...called, ttl: ttlOf(now) },
                        ConditionExpression: "attribute_not_exists(pk)",
                      },
                    },
                    put,
                  ],
                }),
              );
              outcome = "called";
            } catch (error) {
              const kind = cancelKind(error);
              if (kind === null) throw error;
              // Another caller took this ticket: try the next one. A mere clash: try this one again.
              if (kind === "condition") outcome = "taken";
              else await pause(5 + Math.random() * 20 * (attempt + 1));
            }
          }
          if (outcome === "called") return { ticket: toQueueTicket(called), call };
        }
      }
      throw new ConflictError("CALL_CONTENDED", {
        vi: "Nhiều người đang gọi cùng phòng; vui lòng bấm gọi lại.",
        en: "Several people are calling this room at once; please call again.",
      });
    },

    /**
     * Recall, skip, bring back or finish a ticket. Each moves the ticket only from the state it
     * expects (a condition on the write), so a double tap or two staff members cannot undo each other.
     */
    async act(
      facility: string,
      room: Room,
      day: string,
      number: number,
      action: TicketAction,
      now: Date,
    ): Promise<{ ticket: QueueTicket; call: Call | null }> {
      const pk = queuePk(facility, room.id, day);
      const current = await getOut(facility, room.id, day, number);
      if (current === null) {
        const waiting = (await this.listWaiting(facility, room.id, day)).find(
          (ticket) => ticket.number === number,
        );
        if (waiting === undefined) throw noSuchTicket(number);
        throw wrongState(action, "waiting");
      }
      const rule = TRANSITIONS[action];
      if (current.state !== rule.from) throw wrongState(action, current.state);
      const expect = {
        ConditionExpression: "#state = :from",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":from": rule.from },
      };
      const items: TransactItem[] = [];
      let next: TicketItem;
      let call: Call | null = null;
      if (action === "return") {
        next = { ...current, state: "waiting", calledAt: null };
        next.sk = waitingSk(next);
        items.push(
          { Delete: { TableName: table, Key: { pk, sk: current.sk }, ...expect } },
          { Put: { TableName: table, Item: { ...next, ttl: ttlOf(now) } } },
        );
      } else {
        next = {
          ...current,
          state: rule.to,
          ...(action === "recall" ? { calledAt: now.toISOString() } : {}),
        };
        items.push({
          Update: {
            TableName: table,
            Key: { pk, sk: current.sk },
            UpdateExpression: "SET #state = :to, calledAt = :calledAt",
            ...expect,
            ExpressionAttributeValues: {
              ...expect.ExpressionAttributeValues,
              ":to": next.state,
              ":calledAt": next.calledAt,
            },
          },
        });
        if (action === "recall") {
          const made = callItem(facility, room, next, "recall", now, day);
          call = made.call;
          items.push(made.put);
        }
      }
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        if (cancelKind(error) === null) throw error;
        const now2 = await getOut(facility, room.id, day, number);
        throw wrongState(action, now2?.state ?? "waiting");
      }
      return { ticket: toQueueTicket(next), call };
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

export type RoomQueueStore = ReturnType<typeof makeRoomQueueStore>;
