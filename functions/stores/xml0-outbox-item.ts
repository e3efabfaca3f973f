/**
 * A visit's XML0 record, written in the visit's own transaction: which visit, when the patient
 * was checked in, the exam service it names, and its sending state. Only waiting records carry the
 * due index's keys, so the sender's query reads nothing else.
 */
import { createHash } from "node:crypto";
import type { ExamService } from "#domain/xml0";
import type { CheckinRecord } from "./checkin-record.ts";
import type { TransactItem } from "./counter-delta.ts";

/** What the check-in decided about the visit's XML0: the exam service it names and the scan time. */
export interface Xml0Plan {
  readonly service: ExamService;
  /** The check-in time the message carries (the card scan, also for a visit synced later). */
  readonly arrivedAt: Date;
}

/**
 * The `xml0Due` index is spread over this many partitions, so that at the national peak and while
 * a backlog drains no index partition nears DynamoDB's 1,000 writes a second (docs/gateway.md).
 * Changing it leaves waiting records in shards the sender no longer reads.
 */
export const XML0_DUE_SHARDS = 8;

/** Partition key of the `xml0Due` index: one of the shards. */
function xml0DueKey(shard: number): string {
  return `XML0#${shard}`;
}

/** Every shard's partition key, for the sender to read each. */
export const XML0_DUE_KEYS: readonly string[] = Array.from({ length: XML0_DUE_SHARDS }, (_, i) =>
  xml0DueKey(i),
);

/** The shard a visit's record waits in: a hash of the visit's id, so visits spread evenly. */
export function xml0DueShard(checkinId: string): number {
  return createHash("sha256").update(checkinId).digest().readUInt32BE(0) % XML0_DUE_SHARDS;
}

/** One facility's XML0 records of a day share a partition beside its visits. */
export function xml0Partition(facility: string, day: string): string {
  return `XML0#${facility}#${day}`;
}

/** The XML0 record's key: the facility's day, then the visit's own id. */
export function xml0Key(facility: string, day: string, checkinId: string): { pk: string; sk: string } {
  return { pk: xml0Partition(facility, day), sk: checkinId };
}

/** The Put of a visit's waiting XML0 record (it expires with the visit). */
export function xml0OutboxItem(
  table: { readonly checkinsTable: string; readonly retentionDays: number },
  checkin: CheckinRecord,
  plan: Xml0Plan,
  now: Date,
): TransactItem {
  return {
    Put: {
      TableName: table.checkinsTable,
      Item: {
        ...xml0Key(checkin.facility, checkin.day, checkin.checkinId),
        visitPk: checkin.pk,
        visitSk: checkin.sk,
        facility: checkin.facility,
        arrivedAt: plan.arrivedAt.toISOString(),
        serviceCode: plan.service.code,
        serviceName: plan.service.name,
        status: "waiting",
        attempts: 0,
        nextAttemptAt: 0,
        lastProblem: null,
        xml0Due: xml0DueKey(xml0DueShard(checkin.checkinId)),
        xml0DueAt: 0,
        ttl: Math.floor(now.getTime() / 1000) + table.retentionDays * 86_400,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}
