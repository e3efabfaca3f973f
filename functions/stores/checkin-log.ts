/**
 * The check-in log in DynamoDB: the visit, its duplicate guard, its idempotency record and the
 * daily counters are written in one transaction, so counters never disagree with the log.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { checkinKey, checkinPartition, guardKey, idempotencyId } from "./checkin-keys.ts";
import { type CheckinRecord, checkinRecordSchema, type NewCheckin } from "./checkin-record.ts";
import {
  GUARD_ITEMS,
  type IdempotencyRecord,
  type RecordOptions,
  recordTransaction,
  sliceOf,
  type TransactionConfig,
} from "./checkin-transaction.ts";
import { decodeCursor, encodeCursor } from "./page-cursor.ts";

export type RecordOutcome =
  | { kind: "created" }
  | { kind: "duplicate"; existing: CheckinRecord }
  | { kind: "replay"; record: IdempotencyRecord }
  | { kind: "conflict" };

/** Everything that is known before writing: what the pre-read found. */
export interface PreRead {
  readonly duplicateOf: CheckinRecord | null;
  readonly replay: IdempotencyRecord | null;
}

const guardItemSchema = z.object({ checkinPk: z.string(), checkinSk: z.string(), atMs: z.number() });
const idempotencyItemSchema = z.object({
  requestHash: z.string(),
  statusCode: z.number(),
  answer: z.string(),
  visit: z.object({ pk: z.string(), sk: z.string() }).optional(),
});

/** Builds the log over the check-ins, counters and idempotency tables. */
export function makeCheckinLog(doc: DynamoDBDocumentClient, config: TransactionConfig) {
  async function getCheckin(pk: string, sk: string): Promise<CheckinRecord | null> {
    const result = await doc.send(
      new GetCommand({ TableName: config.checkinsTable, Key: { pk, sk }, ConsistentRead: true }),
    );
    return result.Item === undefined ? null : checkinRecordSchema.parse(result.Item);
  }

  /**
   * One round trip before any work: is this person already checked in here within the window of
   * `at` (either side), and was this Idempotency-Key already answered?
   */
  async function preRead(input: {
    facility: string;
    personKey: string | null;
    idempotencyKey: string | null;
    at: Date;
  }): Promise<PreRead> {
    const requestItems: Record<string, { Keys: Record<string, string>[]; ConsistentRead: boolean }> = {};
    const slice = sliceOf(input.at, config.duplicateWindowMs);
    const personKey = input.personKey;
    if (personKey !== null) {
      requestItems[config.checkinsTable] = {
        Keys: [slice - 1, slice, slice + 1].map((s) => guardKey(input.facility, personKey, s)),
        ConsistentRead: true,
      };
    }
    if (input.idempotencyKey !== null) {
      requestItems[config.idempotencyTable] = {
        Keys: [{ id: idempotencyId(input.facility, input.idempotencyKey) }],
        ConsistentRead: true,
      };
    }
    if (Object.keys(requestItems).length === 0) return { duplicateOf: null, replay: null };
    const result = await doc.send(new BatchGetCommand({ RequestItems: requestItems }));
    const idempotencyRaw = result.Responses?.[config.idempotencyTable]?.[0];
    const replay = idempotencyRaw === undefined ? null : idempotencyItemSchema.parse(idempotencyRaw);
    if (replay !== null) return { duplicateOf: null, replay };
    const atMs = input.at.getTime();
    const within = (result.Responses?.[config.checkinsTable] ?? [])
      .map((raw) => guardItemSchema.parse(raw))
      .filter((guard) => Math.abs(guard.atMs - atMs) < config.duplicateWindowMs)
      .sort((a, b) => a.atMs - b.atMs);
    const first = within[0];
    if (first === undefined) return { duplicateOf: null, replay: null };
    return { duplicateOf: await getCheckin(first.checkinPk, first.checkinSk), replay: null };
  }

  /** Why the transaction was cancelled, read again: a replay, a duplicate or a plain conflict. */
  async function outcomeOfCancelled(
    checkin: CheckinRecord,
    options: RecordOptions,
    failed: ReadonlySet<string>,
  ) {
    if (options.idempotency !== null && failed.has("idempotency")) {
      const again = await preRead({ ...lookupOf(checkin, options), personKey: null });
      return again.replay === null ? CONFLICT : { kind: "replay" as const, record: again.replay };
    }
    if (GUARD_ITEMS.some((name) => failed.has(name))) {
      const again = await preRead({ ...lookupOf(checkin, options), idempotencyKey: null });
      return again.duplicateOf === null
        ? CONFLICT
        : { kind: "duplicate" as const, existing: again.duplicateOf };
    }
    return failed.size > 0 ? CONFLICT : null;
  }

  /** Writes the visit, its guard, its counters and its idempotency record, all or nothing. */
  async function record(visit: NewCheckin, options: RecordOptions): Promise<RecordOutcome> {
    const checkin: CheckinRecord = {
      ...visit,
      ...checkinKey(visit.facility, visit.day, options.at, visit.checkinId),
    };
    const named = recordTransaction(config, checkin, options);
    try {
      await doc.send(new TransactWriteCommand({ TransactItems: named.map((entry) => entry.item) }));
      return { kind: "created" };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = new Set(
        named
          .filter((_, index) => reasons[index]?.Code === "ConditionalCheckFailed")
          .map((entry) => entry.name),
      );
      const outcome = await outcomeOfCancelled(checkin, options, failed);
      if (outcome === null) throw error;
      return outcome;
    }
  }

  /**
   * One facility's check-ins of a day, newest first, a page at a time. The cursor is the opaque
   * text a previous page gave; one from another facility or day is refused (CURSOR_INVALID).
   */
  async function listDay(
    facility: string,
    day: string,
    page: { limit: number; cursor: string | null },
  ): Promise<{ items: CheckinRecord[]; nextCursor: string | null }> {
    const pk = checkinPartition(facility, day);
    const cursor = page.cursor === null ? null : decodeCursor(page.cursor, pk);
    const result = await doc.send(
      new QueryCommand({
        TableName: config.checkinsTable,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": pk },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(cursor === null ? {} : { ExclusiveStartKey: cursor }),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => checkinRecordSchema.parse(item)),
      nextCursor: encodeCursor(result.LastEvaluatedKey),
    };
  }

  return { preRead, record, listDay, getCheckin };
}

const CONFLICT = { kind: "conflict" } as const;

/** The pre-read that finds what made a visit's transaction fail. */
function lookupOf(checkin: CheckinRecord, options: RecordOptions) {
  return {
    facility: checkin.facility,
    personKey: checkin.personKey,
    idempotencyKey: options.idempotency?.key ?? null,
    at: options.at,
  };
}
