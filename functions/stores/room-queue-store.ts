/**
 * Each room's queue of the day and the facility's calls: the tickets (room-ticket-store.ts) and
 * the calls that move them (room-call-store.ts), over one table.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { makeRoomCallStore } from "./room-call-store.ts";
import type { RoomQueueStoreConfig } from "./room-queue-items.ts";
import { makeRoomTicketStore } from "./room-ticket-store.ts";

export type { RoomQueueStoreConfig } from "./room-queue-items.ts";

/** Builds the queue store of the check-in table. */
export function makeRoomQueueStore(doc: DynamoDBDocumentClient, config: RoomQueueStoreConfig) {
  const tickets = makeRoomTicketStore(doc, config);
  return { ...tickets, ...makeRoomCallStore(doc, config, tickets) };
}

export type RoomQueueStore = ReturnType<typeof makeRoomQueueStore>;
