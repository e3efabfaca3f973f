/**
 * What room staff do with a called or missed ticket: recall, skip to the missed list, bring back,
 * finish. Each moves the ticket only from the state it expects, with a condition on the write.
 */
import { type DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { ConflictError, ERROR_CODE } from "#domain/errors";
import type { Call, QueueTicket, Room, TicketAction } from "#domain/room-contract";
import { callItem } from "./room-call-store.ts";
import {
  cancelKind,
  type RoomQueueStoreConfig,
  type TicketItem,
  type TransactItem,
  toQueueTicket,
  ttlFor,
  waitingItemOf,
  waitingSk,
} from "./room-queue-items.ts";
import { noSuchTicket, type RoomTicketStore } from "./room-ticket-store.ts";

const wrongState = (action: TicketAction, state: string) =>
  new ConflictError(ERROR_CODE.TICKET_STATE, {
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

/** Builds the ticket actions over the ticket store of the same table. */
export function makeTicketActions(
  doc: DynamoDBDocumentClient,
  config: RoomQueueStoreConfig,
  tickets: Pick<RoomTicketStore, "getOut" | "findTicket">,
) {
  const { table } = config;
  return {
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
      const current = await tickets.getOut(facility, room.id, day, number);
      if (current === null) {
        if ((await tickets.findTicket(facility, room.id, day, number)) === null) throw noSuchTicket(number);
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
          { Delete: { TableName: table, Key: { pk: current.pk, sk: current.sk }, ...expect } },
          { Put: { TableName: table, Item: waitingItemOf(next, ttlFor(config, now)) } },
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
            Key: { pk: current.pk, sk: current.sk },
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
          const made = callItem(config, facility, room, next, "recall", now, day);
          call = made.call;
          items.push(made.put);
        }
      }
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        if (cancelKind(error) === null) throw error;
        const after = await tickets.getOut(facility, room.id, day, number);
        throw wrongState(action, after?.state ?? "waiting");
      }
      return { ticket: toQueueTicket(next), call };
    },
  };
}
