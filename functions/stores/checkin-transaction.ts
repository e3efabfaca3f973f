/**
 * The one transaction that stores a visit: the visit, its duplicate guard and the guards of the
 * neighbouring slices, its counter, a late day's revision, its idempotency record and a late day's
 * stale marker. Items are named, so a cancellation reason is read by what failed, not by position.
 */

import { vnDay } from "#domain/vn-time";
import { guardKey, idempotencyId } from "./checkin-keys.ts";
import { type CheckinRecord, checkinItem } from "./checkin-record.ts";
import {
  type CounterTable,
  counterUpdateItem,
  dayRevisionItem,
  staleDayMarkerItem,
  type TransactItem,
} from "./counter-delta.ts";
import { type Xml0Plan, xml0OutboxItem } from "./xml0-outbox-item.ts";

/**
 * A remembered Idempotency-Key: a hash of the request it answered and the first answer without
 * the patient, whose fields a replay reads back from the visit (`visit`, its key in the log).
 * Records written before kept the whole answer and no visit key.
 */
export interface IdempotencyRecord {
  readonly requestHash: string;
  readonly statusCode: number;
  readonly answer: string;
  readonly visit?: { readonly pk: string; readonly sk: string } | undefined;
}

export interface TransactionConfig extends CounterTable {
  readonly checkinsTable: string;
  readonly idempotencyTable: string;
  /** Days a check-in is kept before DynamoDB's TTL removes it. */
  readonly retentionDays: number;
  /** Window in which the same person at the same facility is the same visit. */
  readonly duplicateWindowMs: number;
  /** How long an Idempotency-Key is remembered. */
  readonly idempotencyTtlSeconds: number;
}

export interface RecordOptions {
  /** Arrival: the TTLs and "is this day already over" follow it. */
  readonly now: Date;
  /** Where the visit is placed: its guard follows it. */
  readonly at: Date;
  readonly idempotency: { readonly key: string; readonly record: IdempotencyRecord } | null;
  /** The room ticket's items (its one-per-visit guard, then the ticket), written with the visit. */
  readonly roomTicket?: readonly [TransactItem, TransactItem];
  /** The visit's XML0 to send, when it registers an exam and its facility sends XML0. */
  readonly xml0?: Xml0Plan;
}

export type ItemName =
  | "visit"
  | "guard"
  | "guardBefore"
  | "guardAfter"
  | "counter"
  | "dayRevision"
  | "idempotency"
  | "staleMarker"
  | "roomGuard"
  | "roomTicket"
  | "xml0";

/** The items whose failed condition means "this person is already checked in within the window". */
export const GUARD_ITEMS: readonly ItemName[] = ["guard", "guardBefore", "guardAfter"];

/** The duplicate-guard slice of a time. */
export function sliceOf(at: Date, windowMs: number): number {
  return Math.floor(at.getTime() / windowMs);
}

function guardItems(config: TransactionConfig, checkin: CheckinRecord, options: RecordOptions) {
  const atMs = options.at.getTime();
  const window = config.duplicateWindowMs;
  const slice = sliceOf(options.at, window);
  const guard = (s: number) => guardKey(checkin.facility, checkin.personKey, s);
  const neighbour = (s: number, condition: string, edge: number): TransactItem => ({
    ConditionCheck: {
      TableName: config.checkinsTable,
      Key: guard(s),
      ConditionExpression: `attribute_not_exists(pk) OR ${condition}`,
      ExpressionAttributeValues: { ":edge": edge },
    },
  });
  const own: TransactItem = {
    Put: {
      TableName: config.checkinsTable,
      Item: {
        ...guard(slice),
        checkinPk: checkin.pk,
        checkinSk: checkin.sk,
        atMs,
        // A copy of this visit may still arrive as long as its Idempotency-Key could.
        ttl: Math.floor(options.now.getTime() / 1000) + config.idempotencyTtlSeconds + 3600,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
  return {
    guard: own,
    guardBefore: neighbour(slice - 1, "atMs <= :edge", atMs - window),
    guardAfter: neighbour(slice + 1, "atMs >= :edge", atMs + window),
  };
}

function idempotencyItem(
  config: TransactionConfig,
  facility: string,
  options: RecordOptions,
): TransactItem | null {
  if (options.idempotency === null) return null;
  return {
    Put: {
      TableName: config.idempotencyTable,
      Item: {
        id: idempotencyId(facility, options.idempotency.key),
        ...options.idempotency.record,
        ttl: Math.floor(options.now.getTime() / 1000) + config.idempotencyTtlSeconds,
      },
      ConditionExpression: "attribute_not_exists(id)",
    },
  };
}

/** The named items of the visit's transaction, in the order they are sent. */
export function recordTransaction(
  config: TransactionConfig,
  checkin: CheckinRecord,
  options: RecordOptions,
): ReadonlyArray<{ readonly name: ItemName; readonly item: TransactItem }> {
  const late = checkin.day < vnDay(options.now);
  const guards = guardItems(config, checkin, options);
  const named: Array<[ItemName, TransactItem | null]> = [
    [
      "visit",
      {
        Put: {
          TableName: config.checkinsTable,
          Item: checkinItem(checkin, options.now, config.retentionDays),
          ConditionExpression: "attribute_not_exists(pk)",
        },
      },
    ],
    ["guard", guards.guard],
    ["guardBefore", guards.guardBefore],
    ["guardAfter", guards.guardAfter],
    ["counter", counterUpdateItem(config, checkin)],
    ["dayRevision", late ? dayRevisionItem(config, checkin.day) : null],
    ["idempotency", idempotencyItem(config, checkin.facility, options)],
    ["staleMarker", staleDayMarkerItem(config, checkin, options.now)],
    ["roomGuard", options.roomTicket?.[0] ?? null],
    ["roomTicket", options.roomTicket?.[1] ?? null],
    ["xml0", options.xml0 === undefined ? null : xml0OutboxItem(config, checkin, options.xml0, options.now)],
  ];
  return named.flatMap(([name, item]) => (item === null ? [] : [{ name, item }]));
}
