import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { Insurance } from "#domain/contract";
import type { Counts } from "#domain/counts";
import { BadRequestError } from "#domain/errors";
import { readerCounterDelta } from "#domain/reader-health";
import type { Status } from "#domain/types";
import { vnDay } from "#domain/vn-time";
import { type CheckinRecord, checkinRecordSchema } from "./checkin-record.ts";
import { COUNTER_ATTR, counterKey, dayRevisionKey, dirtyMarkerKey, REVISION_ATTR } from "./counter-keys.ts";

export interface CheckinStoreConfig {
  readonly checkinsTable: string;
  readonly countersTable: string;
  readonly idempotencyTable: string;
  readonly counterShards: number;
  /** Days a check-in is kept before DynamoDB's TTL removes it. */
  readonly retentionDays: number;
  /** Window in which the same person at the same facility is the same visit. */
  readonly duplicateWindowMs: number;
  /** How long an Idempotency-Key is remembered. */
  readonly idempotencyTtlSeconds: number;
}

/** A remembered Idempotency-Key: the first answer and a hash of the request it answered. */
export interface IdempotencyRecord {
  readonly requestHash: string;
  readonly statusCode: number;
  readonly answer: string;
}

export type RecordOutcome =
  | { kind: "created" }
  | { kind: "duplicate"; existing: CheckinRecord }
  | { kind: "replay"; record: IdempotencyRecord }
  | { kind: "conflict" };

const guardItemSchema = z.object({ checkinPk: z.string(), checkinSk: z.string(), atMs: z.number() });
const idemItemSchema = z.object({ requestHash: z.string(), statusCode: z.number(), answer: z.string() });
const queueItemSchema = z.object({ next: z.number() });
const seriesItemSchema = z.object({ next: z.number() });
const pendingKeySchema = z.object({ pk: z.string(), sk: z.string() });

const checkinPk = (facility: string, day: string) => `CHK#${facility}#${day}`;
/**
 * Duplicate guards: one item per person and window-long slice of time. Two visits in one slice are
 * always within the window; in neighbouring slices, their times decide. Late check-ins arrive out of
 * order, so a guard is looked up by the visit's own time, never by "the last visit".
 */
const guardKey = (facility: string, personKey: string, slice: number) => ({
  pk: `DUP#${facility}#${personKey}#${slice}`,
  sk: "DUP",
});
const idemId = (facility: string, key: string) => `${facility}#${key}`;
const PENDING = "PENDING";

/** The log's key of a visit: one partition per facility and day, sorted by time within it. */
export function checkinKey(
  facility: string,
  day: string,
  at: Date,
  checkinId: string,
): { pk: string; sk: string } {
  return { pk: checkinPk(facility, day), sk: `${at.toISOString()}#${checkinId}` };
}

/** True when a log key belongs to the facility's visits. */
export function isCheckinKeyOf(pk: string, facility: string): boolean {
  return pk.startsWith(`CHK#${facility}#`);
}

/**
 * The stored item of a visit: the record, its TTL and, while pending, the fields of the pending
 * index that re-checks read. `now` is when the visit happened.
 */
export function checkinItem(
  record: CheckinRecord,
  now: Date,
  retentionDays: number,
): Record<string, unknown> {
  return {
    ...record,
    ttl: Math.floor(now.getTime() / 1000) + retentionDays * 86_400,
    ...(record.status === "pending"
      ? { pendingKey: PENDING, pendingSince: `${record.checkedInAt}#${record.checkinId}` }
      : {}),
  };
}

// DynamoDB refuses empty key values with a 500-class error, so an empty sort key is a bad cursor.
const cursorSchema = z.object({ pk: z.string(), sk: z.string().min(1) }).strict();

const badCursor = () =>
  new BadRequestError("CURSOR_INVALID", {
    vi: "Con trỏ trang không hợp lệ.",
    en: "The page cursor is not valid.",
  });

/** A page cursor back to its key; it only pages through the list it came from (no other facility or day). */
function decodeCursor(cursor: string, expectedPk: string): { pk: string; sk: string } {
  try {
    const key = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (key.pk !== expectedPk) throw badCursor();
    return key;
  } catch {
    throw badCursor();
  }
}

/**
 * What a new visit adds to its facility's day counter: one count each for the total, its method,
 * status and channel, a flagged scan time and its reader counts; and the reader day flags, set to 1.
 */
export function counterDeltaOf(checkin: CheckinRecord): { add: Counts; flags: readonly string[] } {
  const add: Counts = {
    [COUNTER_ATTR.total]: 1,
    [COUNTER_ATTR.method(checkin.method)]: 1,
    [COUNTER_ATTR.status(checkin.status)]: 1,
    [COUNTER_ATTR.channel(checkin.channel)]: 1,
  };
  if (checkin.timeFlag !== undefined) add[COUNTER_ATTR.flagged] = 1;
  if (checkin.reader === undefined) return { add, flags: [] };
  const reader = readerCounterDelta(checkin.reader, checkin.method, checkin.channel);
  return { add: { ...add, ...reader.add }, flags: reader.flags };
}

/** The delta as one update expression: ADD for the counts, SET for the day flags. */
function counterUpdateOf(checkin: CheckinRecord): {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, number>;
} {
  const delta = counterDeltaOf(checkin);
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const adds = Object.entries(delta.add).map(([name, value], index) => {
    names[`#a${index}`] = name;
    values[`:a${index}`] = value;
    return `#a${index} :a${index}`;
  });
  const sets = delta.flags.map((name, index) => {
    names[`#f${index}`] = name;
    return `#f${index} = :flag`;
  });
  if (sets.length > 0) values[":flag"] = 1;
  return {
    UpdateExpression: `${sets.length > 0 ? `SET ${sets.join(", ")} ` : ""}ADD ${adds.join(", ")}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** Everything that is known before writing: what the pre-read found. */
export interface PreRead {
  readonly duplicateOf: CheckinRecord | null;
  readonly replay: IdempotencyRecord | null;
}

/**
 * The check-in log in DynamoDB: the visit, its duplicate guard, its idempotency record and the
 * daily counters are written in one transaction, so counters never disagree with the log.
 */
export function makeCheckinStore(doc: DynamoDBDocumentClient, config: CheckinStoreConfig) {
  async function getCheckin(pk: string, sk: string): Promise<CheckinRecord | null> {
    const result = await doc.send(
      new GetCommand({ TableName: config.checkinsTable, Key: { pk, sk }, ConsistentRead: true }),
    );
    return result.Item === undefined ? null : checkinRecordSchema.parse(result.Item);
  }

  const sliceOf = (at: Date) => Math.floor(at.getTime() / config.duplicateWindowMs);

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
    const slice = sliceOf(input.at);
    const personKey = input.personKey;
    if (personKey !== null) {
      requestItems[config.checkinsTable] = {
        Keys: [slice - 1, slice, slice + 1].map((s) => guardKey(input.facility, personKey, s)),
        ConsistentRead: true,
      };
    }
    if (input.idempotencyKey !== null) {
      requestItems[config.idempotencyTable] = {
        Keys: [{ id: idemId(input.facility, input.idempotencyKey) }],
        ConsistentRead: true,
      };
    }
    if (Object.keys(requestItems).length === 0) return { duplicateOf: null, replay: null };
    const result = await doc.send(new BatchGetCommand({ RequestItems: requestItems }));
    const idemRaw = result.Responses?.[config.idempotencyTable]?.[0];
    const replay = idemRaw === undefined ? null : idemItemSchema.parse(idemRaw);
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

  /**
   * A write into a day that is already over (a late check-in, a re-check after midnight) bumps
   * that day's stale marker in the same transaction, so the roll-up of the day is rebuilt and
   * reports read the day's counters until it is; a write into today needs none.
   */
  function staleDayMarker(checkin: CheckinRecord, now: Date): TransactItem | null {
    if (checkin.day >= vnDay(now)) return null;
    return {
      Update: {
        TableName: config.countersTable,
        Key: dirtyMarkerKey(checkin.facility, checkin.day, config.counterShards),
        UpdateExpression: "ADD v :one",
        ExpressionAttributeValues: { ":one": 1 },
      },
    };
  }

  return {
    preRead,

    /** Takes the facility's next queue number of the day; a failed check-in may skip one, never reuse it. */
    async nextQueueNumber(facility: string, day: string): Promise<number> {
      const result = await doc.send(
        new UpdateCommand({
          TableName: config.checkinsTable,
          Key: { pk: `QUEUE#${facility}#${day}`, sk: "QUEUE" },
          UpdateExpression: "ADD #next :one",
          ExpressionAttributeNames: { "#next": "next" },
          ExpressionAttributeValues: { ":one": 1 },
          ReturnValues: "UPDATED_NEW",
        }),
      );
      return queueItemSchema.parse(result.Attributes).next;
    },

    /**
     * Hands a reception device the facility's next offline queue series ("A", "B"…): numbers a
     * device gives out while offline carry its series, so no two devices ever print the same ticket.
     */
    async nextQueueSeries(facility: string): Promise<number> {
      const result = await doc.send(
        new UpdateCommand({
          TableName: config.checkinsTable,
          Key: { pk: `SERIES#${facility}`, sk: "SERIES" },
          UpdateExpression: "ADD #next :one",
          ExpressionAttributeNames: { "#next": "next" },
          ExpressionAttributeValues: { ":one": 1 },
          ReturnValues: "UPDATED_NEW",
        }),
      );
      return seriesItemSchema.parse(result.Attributes).next;
    },

    /** Writes the visit, its guard, its counters and its idempotency record, all or nothing. */
    async record(
      checkin: CheckinRecord,
      options: {
        /** Arrival: the TTLs and "is this day already over" follow it. */
        now: Date;
        /** Where the visit is placed: its guard follows it. */
        at: Date;
        idempotency: { key: string; record: IdempotencyRecord } | null;
      },
    ): Promise<RecordOutcome> {
      const nowMs = options.now.getTime();
      const atMs = options.at.getTime();
      const window = config.duplicateWindowMs;
      const counter = counterKey(checkin.facility, checkin.day, config.counterShards);
      const slice = sliceOf(options.at);
      const guard = (s: number) => guardKey(checkin.facility, checkin.personKey, s);
      const late = checkin.day < vnDay(options.now);
      const items: NonNullable<TransactWriteCommandInput["TransactItems"]> = [
        {
          Put: {
            TableName: config.checkinsTable,
            Item: checkinItem(checkin, options.now, config.retentionDays),
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        {
          Put: {
            TableName: config.checkinsTable,
            Item: {
              ...guard(slice),
              checkinPk: checkin.pk,
              checkinSk: checkin.sk,
              atMs,
              // A copy of this visit may still arrive as long as its Idempotency-Key could.
              ttl: Math.floor(nowMs / 1000) + config.idempotencyTtlSeconds + 3600,
            },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        {
          ConditionCheck: {
            TableName: config.checkinsTable,
            Key: guard(slice - 1),
            ConditionExpression: "attribute_not_exists(pk) OR atMs <= :edge",
            ExpressionAttributeValues: { ":edge": atMs - window },
          },
        },
        {
          ConditionCheck: {
            TableName: config.checkinsTable,
            Key: guard(slice + 1),
            ConditionExpression: "attribute_not_exists(pk) OR atMs >= :edge",
            ExpressionAttributeValues: { ":edge": atMs + window },
          },
        },
        { Update: { TableName: config.countersTable, Key: counter, ...counterUpdateOf(checkin) } },
      ];
      const GUARDS = [1, 2, 3];
      if (late) {
        items.push({
          Update: {
            TableName: config.countersTable,
            Key: dayRevisionKey(checkin.day),
            UpdateExpression: "ADD #rev :one",
            ExpressionAttributeNames: { "#rev": REVISION_ATTR },
            ExpressionAttributeValues: { ":one": 1 },
          },
        });
      }
      const idempotencyIndex = items.length;
      if (options.idempotency !== null) {
        items.push({
          Put: {
            TableName: config.idempotencyTable,
            Item: {
              id: idemId(checkin.facility, options.idempotency.key),
              ...options.idempotency.record,
              ttl: Math.floor(nowMs / 1000) + config.idempotencyTtlSeconds,
            },
            ConditionExpression: "attribute_not_exists(id)",
          },
        });
      }
      // Last, so the cancellation reasons above keep their places.
      const marker = staleDayMarker(checkin, options.now);
      if (marker !== null) items.push(marker);
      try {
        await doc.send(new TransactWriteCommand({ TransactItems: items }));
        return { kind: "created" };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const failed = (index: number) => reasons[index]?.Code === "ConditionalCheckFailed";
        if (options.idempotency !== null && failed(idempotencyIndex)) {
          const again = await preRead({
            facility: checkin.facility,
            personKey: null,
            idempotencyKey: options.idempotency.key,
            at: options.at,
          });
          return again.replay === null ? { kind: "conflict" } : { kind: "replay", record: again.replay };
        }
        if (GUARDS.some(failed)) {
          const again = await preRead({
            facility: checkin.facility,
            personKey: checkin.personKey,
            idempotencyKey: null,
            at: options.at,
          });
          return again.duplicateOf === null
            ? { kind: "conflict" }
            : { kind: "duplicate", existing: again.duplicateOf };
        }
        if (reasons.some((reason) => reason.Code === "ConditionalCheckFailed")) return { kind: "conflict" };
        throw error;
      }
    },

    /**
     * One facility's check-ins of a day, newest first, a page at a time. The cursor is the opaque
     * text a previous page gave; one from another facility or day is refused (CURSOR_INVALID).
     */
    async listDay(
      facility: string,
      day: string,
      page: { limit: number; cursor: string | null },
    ): Promise<{ items: CheckinRecord[]; nextCursor: string | null }> {
      const pk = checkinPk(facility, day);
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
      const next = result.LastEvaluatedKey;
      return {
        items: (result.Items ?? []).map((item) => checkinRecordSchema.parse(item)),
        nextCursor: next === undefined ? null : Buffer.from(JSON.stringify(next)).toString("base64url"),
      };
    },

    getCheckin,

    /** Keys of pending check-ins, oldest first; only one facility's when it is given. */
    async listPending(limit: number, facility?: string): Promise<Array<{ pk: string; sk: string }>> {
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
              ":p": PENDING,
              ...(facility === undefined ? {} : { ":facility": checkinPk(facility, "") }),
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
    },

    /**
     * Settles a pending check-in: its status and the status counters move together, and only
     * once (the condition makes a second re-check of the same visit a no-op).
     */
    async settle(
      checkin: CheckinRecord,
      outcome: { status: Status; insurance: Insurance | null; at: string },
    ): Promise<boolean> {
      if (outcome.status === "pending") return false;
      const counter = counterKey(checkin.facility, checkin.day, config.counterShards);
      const marker = staleDayMarker(checkin, new Date(outcome.at));
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: config.checkinsTable,
                  Key: { pk: checkin.pk, sk: checkin.sk },
                  UpdateExpression:
                    "SET #status = :to, insurance = :insurance, recheckedAt = :at REMOVE pendingKey, pendingSince",
                  ConditionExpression: "#status = :from",
                  ExpressionAttributeNames: { "#status": "status" },
                  ExpressionAttributeValues: {
                    ":to": outcome.status,
                    ":from": "pending",
                    ":insurance": outcome.insurance,
                    ":at": outcome.at,
                  },
                },
              },
              {
                Update: {
                  TableName: config.countersTable,
                  Key: counter,
                  UpdateExpression: "ADD #from :minus, #to :one",
                  ExpressionAttributeNames: {
                    "#from": COUNTER_ATTR.status("pending"),
                    "#to": COUNTER_ATTR.status(outcome.status),
                  },
                  ExpressionAttributeValues: { ":minus": -1, ":one": 1 },
                },
              },
              ...(marker === null ? [] : [marker]),
            ],
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof TransactionCanceledException) return false;
        throw error;
      }
    },
  };
}

export type CheckinStore = ReturnType<typeof makeCheckinStore>;
