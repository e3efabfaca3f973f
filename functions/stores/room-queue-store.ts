/**
 * Each room's queue of the day and the facility's calls, over one table: the tickets
 * (room-ticket-store.ts), their priority marks (room-ticket-marks.ts), the calls
 * (room-call-store.ts) and what room staff do with a called ticket (room-ticket-actions.ts).
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { makeRoomCallStore } from "./room-call-store.ts";
import type { RoomQueueStoreConfig } from "./room-queue-items.ts";
import { makeQueueLists } from "./room-queue-lists.ts";
import { makeTicketActions } from "./room-ticket-actions.ts";
import { makeTicketMarks } from "./room-ticket-marks.ts";
import { makeRoomTicketStore } from "./room-ticket-store.ts";

export type { RoomQueueStoreConfig } from "./room-queue-items.ts";

/** Builds the queue store of the check-in table. */
export function makeRoomQueueStore(doc: DynamoDBDocumentClient, config: RoomQueueStoreConfig) {
  const tickets = makeRoomTicketStore(doc, config);
  return {
    ...tickets,
    ...makeQueueLists(doc, config),
    ...makeTicketMarks(doc, config, tickets),
    ...makeRoomCallStore(doc, config),
    ...makeTicketActions(doc, config, tickets),
  };
}

export type RoomQueueStore = ReturnType<typeof makeRoomQueueStore>;
