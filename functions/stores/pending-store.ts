/**
 * Visits admitted while the gateway could not answer: found through the pending index, oldest
 * first, and settled once a re-check has the gateway's answer.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { Insurance } from "#domain/contract";
import type { Status } from "#domain/types";
import { checkinPartitionPrefix, PENDING_KEY } from "./checkin-keys.ts";
import type { CheckinRecord } from "./checkin-record.ts";
import { type CounterTable, staleDayMarkerItem } from "./counter-delta.ts";
import { COUNTER_ATTR, counterKey } from "./counter-keys.ts";

const pendingKeySchema = z.object({ pk: z.string(), sk: z.string() });

export interface PendingStoreConfig extends CounterTable {
  readonly checkinsTable: string;
}

/** Builds the store of pending visits over the check-ins and counters tables. */
export function makePendingStore(doc: DynamoDBDocumentClient, config: PendingStoreConfig) {
  /** Keys of pending check-ins, oldest first; only one facility's when it is given. */
  async function listPending(limit: number, facility?: string): Promise<Array<{ pk: string; sk: string }>> {
    const keys: Array<{ pk: string; sk: string }> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await doc.send(
        new QueryCommand({
          TableName: config.checkinsTable,
          IndexName: "pending",
          KeyConditionExpression: "pendingKey = :p",
          ...(facility === undefined ? {} : { FilterExpression: "begins_with(pk, :facility)" }),
          ExpressionAttributeValues: {
            ":p": PENDING_KEY,
            ...(facility === undefined ? {} : { ":facility": checkinPartitionPrefix(facility) }),
          },
          Limit: facility === undefined ? limit : Math.max(limit, 1000),
          ExclusiveStartKey: start,
        }),
      );
      keys.push(...(result.Items ?? []).map((item) => pendingKeySchema.parse(item)));
      start = result.LastEvaluatedKey;
      // The index is shared by all facilities: one facility's visits may sit behind others' backlog.
    } while (facility !== undefined && keys.length < limit && start !== undefined);
    return keys.slice(0, limit);
  }

  /**
   * Settles a pending check-in: its status and the status counters move together, and only
   * once (the condition makes a second re-check of the same visit a no-op). What the gateway was
   * asked again (`lookup`) and why it waited (`pendingCause`) go with the pending state.
   */
  async function settle(
    checkin: CheckinRecord,
    outcome: { status: Status; insurance: Insurance | null; at: string },
  ): Promise<boolean> {
    if (outcome.status === "pending") return false;
    const marker = staleDayMarkerItem(config, checkin, new Date(outcome.at));
    const visit = {
      Update: {
        TableName: config.checkinsTable,
        Key: { pk: checkin.pk, sk: checkin.sk },
        UpdateExpression:
          "SET #status = :to, insurance = :insurance, recheckedAt = :at REMOVE pendingKey, pendingSince, lookup, pendingCause",
        ConditionExpression: "#status = :from",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":to": outcome.status,
          ":from": "pending",
          ":insurance": outcome.insurance,
          ":at": outcome.at,
        },
      },
    };
    const counter = {
      Update: {
        TableName: config.countersTable,
        Key: counterKey(checkin.facility, checkin.day, config.counterShards),
        UpdateExpression: "ADD #from :minus, #to :one",
        ExpressionAttributeNames: {
          "#from": COUNTER_ATTR.status("pending"),
          "#to": COUNTER_ATTR.status(outcome.status),
        },
        ExpressionAttributeValues: { ":minus": -1, ":one": 1 },
      },
    };
    try {
      const items = marker === null ? [visit, counter] : [visit, counter, marker];
      await doc.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  return { listPending, settle };
}
