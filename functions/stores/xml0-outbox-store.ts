/**
 * The XML0 outbox in the check-ins table: what is due (the sparse `xml0Due` index, sharded, oldest first),
 * each record claimed by a conditional change before it is sent, so two passes never send the same
 * XML0 at once, and each outcome recorded by a second conditional change. A claim that is never
 * answered (a lost answer, a stopped function) runs out and the XML0 is sent again, which the
 * gateway answers with its first receipt.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { Xml0Status } from "#domain/contract";
import type { Xml0Visit } from "#domain/xml0";
import type { DueXml0, Xml0Outbox, Xml0State } from "#functions/gateway/xml0-sender";
import { type CheckinRecord, checkinRecordSchema } from "./checkin-record.ts";
import { XML0_DUE_KEYS, xml0Key, xml0Partition } from "./xml0-outbox-item.ts";

/** How long a claimed XML0 is left to its sender before another pass may send it again. */
const CLAIM_MS = 2 * 60_000;
/** `MA_DOITUONG_KCB` at reception: provisional, settled by the facility's own software later. */
const PROVISIONAL_VISIT_GROUP = "1.1";

const dueKeySchema = z.object({ pk: z.string(), sk: z.string(), xml0DueAt: z.number() });

const outboxRecordSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  visitPk: z.string(),
  visitSk: z.string(),
  facility: z.string(),
  arrivedAt: z.string(),
  serviceCode: z.string(),
  serviceName: z.string(),
  status: z.enum(["waiting", "sent", "refused"]),
  attempts: z.number().int().min(0),
  nextAttemptAt: z.number(),
  lastProblem: z.string().nullable().default(null),
  transactionId: z.string().nullable().optional(),
  receivedAt: z.string().nullable().optional(),
  code: z.string().optional(),
  message: z.string().nullable().optional(),
});
type OutboxRecord = z.infer<typeof outboxRecordSchema>;

/** What the reception list shows of a record. */
function statusOf(record: OutboxRecord): Xml0Status {
  return {
    state: record.status,
    transactionId: record.transactionId ?? null,
    receivedAt: record.receivedAt ?? null,
    message: record.status === "refused" ? (record.message ?? record.code ?? null) : record.lastProblem,
  };
}

/** The message's visit from the stored visit and its XML0 record. */
function xml0VisitOf(visit: CheckinRecord, record: OutboxRecord): Xml0Visit {
  const insurance = visit.insurance;
  const cardCode = insurance?.cardCode ?? visit.lookup?.cardCode ?? null;
  return {
    visitKey: visit.checkinId,
    // The facility's patient code: the ID number, else the lifelong social-insurance number.
    patientCode: visit.patient.idNumber ?? cardCode?.slice(-10) ?? visit.checkinId,
    fullName: visit.patient.name ?? visit.lookup?.name ?? "",
    idNumber: visit.patient.idNumber,
    birthDate: visit.patient.birthDate,
    sex: visit.patient.sex,
    cardCode,
    primaryFacility: insurance?.registeredFacility ?? null,
    cardValidFrom: insurance?.validFrom ?? null,
    cardValidTo: insurance?.validTo ?? null,
    visitGroup: PROVISIONAL_VISIT_GROUP,
    arrivedAt: new Date(record.arrivedAt),
    facilityCode: record.facility,
    service: { code: record.serviceCode, name: record.serviceName },
  };
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/** The update that moves a claimed record to its new state. */
function stateUpdate(state: Xml0State): {
  expression: string;
  values: Record<string, unknown>;
} {
  switch (state.status) {
    case "waiting":
      return {
        expression:
          "SET attempts = :attempts, nextAttemptAt = :next, xml0DueAt = :next, lastProblem = :problem",
        values: { ":attempts": state.attempts, ":next": state.nextAttemptAt, ":problem": state.lastProblem },
      };
    case "sent":
      return {
        expression:
          "SET #status = :sent, transactionId = :tx, receivedAt = :received, lastProblem = :none REMOVE xml0Due, xml0DueAt",
        values: { ":sent": "sent", ":tx": state.transactionId, ":received": state.receivedAt, ":none": null },
      };
    case "refused":
      return {
        expression: "SET #status = :refused, code = :code, message = :message REMOVE xml0Due, xml0DueAt",
        values: { ":refused": "refused", ":code": state.code, ":message": state.message },
      };
  }
}

/** Builds the outbox over the check-ins table; one per sender, which records what it claimed. */
export function makeXml0OutboxStore(doc: DynamoDBDocumentClient, config: { readonly checkinsTable: string }) {
  const table = config.checkinsTable;
  /** The keys and attempts of what this outbox claimed, until their outcome is recorded. */
  const claimed = new Map<string, { pk: string; sk: string; attempts: number }>();
  const claimKey = (facility: string, visitKey: string) => `${facility}#${visitKey}`;

  /** Takes a due record for this sender; null when another took it or it is no longer due. */
  async function claim(key: z.infer<typeof dueKeySchema>, nowMs: number): Promise<OutboxRecord | null> {
    try {
      const result = await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: key.pk, sk: key.sk },
          UpdateExpression: "SET xml0DueAt = :lease, nextAttemptAt = :lease",
          ConditionExpression: "#status = :waiting AND xml0DueAt = :seen AND xml0DueAt <= :now",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":lease": nowMs + CLAIM_MS,
            ":waiting": "waiting",
            ":seen": key.xml0DueAt,
            ":now": nowMs,
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      return outboxRecordSchema.parse(result.Attributes);
    } catch (error: unknown) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  async function visitsOf(records: readonly OutboxRecord[]): Promise<Map<string, CheckinRecord>> {
    const found = new Map<string, CheckinRecord>();
    for (let start = 0; start < records.length; start += 100) {
      let keys: Record<string, unknown>[] = records
        .slice(start, start + 100)
        .map((record) => ({ pk: record.visitPk, sk: record.visitSk }));
      while (keys.length > 0) {
        const result = await doc.send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[table] ?? []) {
          const visit = checkinRecordSchema.parse(item);
          found.set(`${visit.pk}\n${visit.sk}`, visit);
        }
        keys = result.UnprocessedKeys?.[table]?.Keys ?? [];
      }
    }
    return found;
  }

  /** The `limit` longest-due records across the index's shards, each shard read oldest first. */
  async function dueKeys(nowMs: number, limit: number): Promise<z.infer<typeof dueKeySchema>[]> {
    const shards = await Promise.all(
      XML0_DUE_KEYS.map(async (due) => {
        const result = await doc.send(
          new QueryCommand({
            TableName: table,
            IndexName: "xml0Due",
            KeyConditionExpression: "xml0Due = :due AND xml0DueAt <= :now",
            ExpressionAttributeValues: { ":due": due, ":now": nowMs },
            Limit: limit,
          }),
        );
        return (result.Items ?? []).map((item) => dueKeySchema.parse(item));
      }),
    );
    return shards
      .flat()
      .sort((a, b) => a.xml0DueAt - b.xml0DueAt)
      .slice(0, limit);
  }

  const outbox: Xml0Outbox = {
    async due(nowMs, limit) {
      const keys = await dueKeys(nowMs, limit);
      const records = (await Promise.all(keys.map((key) => claim(key, nowMs)))).filter(
        (record): record is OutboxRecord => record !== null,
      );
      const visits = await visitsOf(records);
      return records.flatMap((record): DueXml0[] => {
        const visit = visits.get(`${record.visitPk}\n${record.visitSk}`);
        // A visit erased or expired before its XML0 went has nothing left to send.
        if (visit === undefined) return [];
        claimed.set(claimKey(record.facility, visit.checkinId), {
          pk: record.pk,
          sk: record.sk,
          attempts: record.attempts,
        });
        return [{ visit: xml0VisitOf(visit, record), attempts: record.attempts }];
      });
    },
    async record(facilityCode, visitKey, state) {
      const key = claimKey(facilityCode, visitKey);
      const taken = claimed.get(key);
      if (taken === undefined) return;
      claimed.delete(key);
      const update = stateUpdate(state);
      try {
        await doc.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: taken.pk, sk: taken.sk },
            UpdateExpression: update.expression,
            ConditionExpression: "#status = :waiting AND attempts = :claimedAttempts",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ...update.values,
              ":waiting": "waiting",
              ":claimedAttempts": taken.attempts,
            },
          }),
        );
      } catch (error: unknown) {
        // Another pass recorded this XML0 first (its claim ran out): its outcome stands.
        if (!isConditionFailure(error)) throw error;
      }
    },
  };

  /** The XML0 state of each of a facility's visits of a day, by visit id. */
  async function statesOfDay(facility: string, day: string): Promise<Map<string, Xml0Status>> {
    const states = new Map<string, Xml0Status>();
    let start: Record<string, unknown> | undefined;
    do {
      const result = await doc.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": xml0Partition(facility, day) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of result.Items ?? []) {
        const record = outboxRecordSchema.parse(item);
        states.set(record.sk, statusOf(record));
      }
      start = result.LastEvaluatedKey;
    } while (start !== undefined);
    return states;
  }

  /** The XML0 state of some of a facility's visits of a day (a page of the list), by visit id. */
  async function statesOf(
    facility: string,
    day: string,
    checkinIds: readonly string[],
  ): Promise<Map<string, Xml0Status>> {
    const states = new Map<string, Xml0Status>();
    for (let start = 0; start < checkinIds.length; start += 100) {
      let keys: Record<string, unknown>[] = checkinIds
        .slice(start, start + 100)
        .map((checkinId) => xml0Key(facility, day, checkinId));
      while (keys.length > 0) {
        const result = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
        for (const item of result.Responses?.[table] ?? []) {
          const record = outboxRecordSchema.parse(item);
          states.set(record.sk, statusOf(record));
        }
        keys = result.UnprocessedKeys?.[table]?.Keys ?? [];
      }
    }
    return states;
  }

  return { ...outbox, statesOfDay, statesOf };
}

export type Xml0OutboxStore = ReturnType<typeof makeXml0OutboxStore>;
