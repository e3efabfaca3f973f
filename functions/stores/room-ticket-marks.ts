/**
 * Priority marks of a waiting ticket, changed by reception: the ticket's place in the queue moves
 * with its mark.
 */
import { type DynamoDBDocumentClient, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConflictError, ERROR_CODE } from "#domain/errors";
import { changeMarks, type PriorityMark } from "#domain/priority";
import {
  cancelKind,
  type RoomQueueStoreConfig,
  type TicketItem,
  toQueueTicket,
  ttlFor,
  waitingItemOf,
  waitingSk,
} from "./room-queue-items.ts";
import { type MarkedTicket, noSuchTicket, type RoomTicketStore } from "./room-ticket-store.ts";

const alreadyCalled = () =>
  new ConflictError(ERROR_CODE.TICKET_NOT_WAITING, {
    vi: "Số này đã được gọi; không còn đổi ưu tiên được.",
    en: "This number was already called; its priority can no longer change.",
  });

/** Builds the mark changes over the ticket store of the same table. */
export function makeTicketMarks(
  doc: DynamoDBDocumentClient,
  config: RoomQueueStoreConfig,
  tickets: Pick<RoomTicketStore, "getOut" | "waitingItems">,
) {
  const { table } = config;
  return {
    /**
     * Adds or removes a priority mark of a waiting ticket: its place in the queue moves with it
     * (the old entry is deleted on condition that it is still waiting, so a call cannot be lost).
     */
    async changeTicketMarks(
      facility: string,
      room: string,
      day: string,
      number: number,
      change: { readonly add?: PriorityMark; readonly remove?: PriorityMark },
      now: Date,
    ): Promise<MarkedTicket> {
      const current = (await tickets.waitingItems(facility, room, day)).find(
        (item) => item.number === number,
      );
      if (current === undefined) {
        if ((await tickets.getOut(facility, room, day, number)) !== null) throw alreadyCalled();
        throw noSuchTicket(number);
      }
      const next: TicketItem = { ...current, marks: changeMarks(current.marks, change) };
      next.sk = waitingSk(next);
      if (next.sk === current.sk) {
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: current.pk, sk: current.sk },
            UpdateExpression: "SET marks = :marks",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: { ":marks": next.marks },
          }),
        );
      } else {
        try {
          await doc.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Delete: {
                    TableName: table,
                    Key: { pk: current.pk, sk: current.sk },
                    ConditionExpression: "attribute_exists(pk)",
                  },
                },
                { Put: { TableName: table, Item: waitingItemOf(next, ttlFor(config, now)) } },
              ],
            }),
          );
        } catch (error) {
          // Called while the mark was being changed: the call stands.
          if (cancelKind(error) === "condition") throw alreadyCalled();
          throw error;
        }
      }
      return { ticket: toQueueTicket(next), marks: next.marks };
    },
  };
}
