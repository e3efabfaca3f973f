/**
 * How a room's queue and the facility's calls are stored: keys, the ticket item and the helpers
 * the ticket and call stores share.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import type {
  DynamoDBDocumentClient,
  QueryCommandInput,
  TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { isPriority, PRIORITY_MARKS, type PriorityMark } from "#domain/priority";
import { type QueueTicket, TICKET_STATES } from "#domain/room-contract";
import { waitingKey } from "#domain/room-queue";
import type { CounterTable } from "./counter-delta.ts";

export interface RoomQueueStoreConfig {
  /** The check-in table: queues and calls live beside the visits, under their own key prefixes. */
  readonly table: string;
  /** Days a ticket and a call are kept before DynamoDB's TTL removes them. */
  readonly retentionDays: number;
  /** Where a first call counts its wait (the day counters); only the calling function is given it. */
  readonly waitCounters?: CounterTable;
}

/** A ticket as stored: the contract's fields plus its marks (which never leave the store but for reception). */
export const ticketItemSchema = z.object({
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
  /** Its wait to the first call is counted; a no-show brought back and called again is not counted twice. */
  waited: z.boolean().optional(),
});
export type TicketItem = z.infer<typeof ticketItemSchema>;

export const counterSchema = z.object({ next: z.number().int() });
export const guardSchema = z.object({ number: z.number().int() });

export const queuePk = (facility: string, room: string, day: string) => `RQ#${facility}#${room}#${day}`;
export const callsPk = (facility: string, day: string) => `CALLS#${facility}#${day}`;
export const COUNTER_SK = "N";
export const WAITING = "W#";
export const OUT = "X#";
export const guardSk = (checkinId: string) => `C#${checkinId}`;
export const outSk = (number: number) => `${OUT}${String(number).padStart(6, "0")}`;
export const waitingSk = (ticket: { number: number; arrivedAt: string; marks: readonly PriorityMark[] }) =>
  `${WAITING}${waitingKey({ number: ticket.number, arrivedAt: ticket.arrivedAt, priority: isPriority(ticket.marks) })}`;

/**
 * The sparse index of a facility's waiting tickets: only a waiting (W#) item carries its keys, so
 * a ticket leaves the index when it is called or skipped, and one query counts every room's queue.
 */
export const WAITING_INDEX = "waiting";

/** A waiting ticket as written: its item with the keys of the facility-day waiting index. */
export function waitingItemOf(item: TicketItem, ttl: number) {
  // The queue's pk is RQ#facility#room#day; room ids and days hold no "#".
  const [, facility, room, day] = item.pk.split("#");
  return { ...item, ttl, waitingDay: `${facility}#${day}`, waitingRoom: room };
}

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** The contract's view of a stored ticket. */
export function toQueueTicket(item: TicketItem): QueueTicket {
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
export function cancelKind(error: unknown): "condition" | "conflict" | null {
  if (!(error instanceof TransactionCanceledException)) return null;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? "None");
  return codes.includes("ConditionalCheckFailed") ? "condition" : "conflict";
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The TTL of an item written at `now`. */
export const ttlFor = (config: RoomQueueStoreConfig, now: Date) =>
  Math.floor(now.getTime() / 1000) + config.retentionDays * 86_400;

/** Every item of a query, page after page. */
export async function queryAll(
  doc: DynamoDBDocumentClient,
  table: string,
  input: Omit<QueryCommandInput, "TableName">,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, TableName: table, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}
