/**
 * What the check-in path is handed: the log of visits (checkin-log.ts), the facility's queue
 * (queue-store.ts) and the visits still pending (pending-store.ts), over one configuration.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { makeCheckinLog } from "./checkin-log.ts";
import type { TransactionConfig } from "./checkin-transaction.ts";
import { makePendingStore } from "./pending-store.ts";
import { makeQueueStore } from "./queue-store.ts";

/** Tables and limits of the check-in stores. */
export type CheckinStoreConfig = TransactionConfig;

/** Builds the check-in stores over one document client and configuration. */
export function makeCheckinStore(doc: DynamoDBDocumentClient, config: CheckinStoreConfig) {
  return {
    ...makeCheckinLog(doc, config),
    ...makeQueueStore(doc, config.checkinsTable),
    ...makePendingStore(doc, config),
  };
}

export type CheckinStore = ReturnType<typeof makeCheckinStore>;
