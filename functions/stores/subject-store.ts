/**
 * Everything the check-ins and idempotency tables hold about one person, found without a scan:
 * the visits through the sparse `bySubject` index (the keyed hash of the ID number), then each
 * visit's duplicate guard and remembered answer by their keys. Erasing deletes exactly those; the
 * day counters (which hold no person) are left as they are.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { guardKey, idempotencyId } from "./checkin-keys.ts";
import { type CheckinRecord, checkinRecordSchema } from "./checkin-record.ts";
import { sliceOf } from "./checkin-transaction.ts";
import { queuePk } from "./room-queue-items.ts";

export interface SubjectStoreConfig {
  readonly checkinsTable: string;
  readonly idempotencyTable: string;
  readonly duplicateWindowMs: number;
}

/** One visit and what was kept with it. */
export interface HeldVisit {
  readonly visit: CheckinRecord;
  /** The duplicate guard's key, when the guard is still there. */
  readonly guard: { pk: string; sk: string } | null;
  /** The answer remembered under the visit's Idempotency-Key, when still there (JSON text). */
  readonly idempotency: { id: string; answer: string } | null;
}

const keySchema = z.object({ pk: z.string(), sk: z.string() });
const idempotencySchema = z.object({ id: z.string(), answer: z.string() });
const BATCH_GET = 100;
const BATCH_WRITE = 25;

type Key = Record<string, string>;

/** Builds the store that answers and erases a data subject's request. */
export function makeSubjectStore(doc: DynamoDBDocumentClient, config: SubjectStoreConfig) {
  async function visitKeys(subjectKey: string): Promise<{ pk: string; sk: string }[]> {
    const keys: { pk: string; sk: string }[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: config.checkinsTable,
          IndexName: "bySubject",
          KeyConditionExpression: "subjectKey = :s",
          ExpressionAttributeValues: { ":s": subjectKey },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) keys.push(keySchema.parse(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return keys;
  }

  async function getAll(table: string, keys: readonly Key[]): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let i = 0; i < keys.length; i += BATCH_GET) {
      let pending: Key[] = keys.slice(i, i + BATCH_GET);
      while (pending.length > 0) {
        const result = await doc.send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
        );
        found.push(...(result.Responses?.[table] ?? []));
        pending = (result.UnprocessedKeys?.[table]?.Keys ?? []).map((key) =>
          Object.fromEntries(Object.entries(key).map(([name, value]) => [name, String(value)])),
        );
      }
    }
    return found;
  }

  async function guardOf(visit: CheckinRecord): Promise<{ pk: string; sk: string } | null> {
    const at = new Date(Date.parse(visit.checkedInAt));
    const key = guardKey(visit.facility, visit.personKey, sliceOf(at, config.duplicateWindowMs));
    const found = await doc.send(new GetCommand({ TableName: config.checkinsTable, Key: key }));
    return found.Item === undefined ? null : key;
  }

  async function idempotencyOf(visit: CheckinRecord): Promise<{ id: string; answer: string } | null> {
    if (visit.idempotencyKey === undefined) return null;
    const id = idempotencyId(visit.facility, visit.idempotencyKey);
    const found = await doc.send(new GetCommand({ TableName: config.idempotencyTable, Key: { id } }));
    return found.Item === undefined ? null : idempotencySchema.parse(found.Item);
  }

  async function deleteAll(table: string, keys: readonly Key[]): Promise<void> {
    for (let i = 0; i < keys.length; i += BATCH_WRITE) {
      let pending = keys.slice(i, i + BATCH_WRITE).map((Key) => ({ DeleteRequest: { Key } }));
      while (pending.length > 0) {
        const result = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (result.UnprocessedItems?.[table] ?? []).flatMap((request) =>
          request.DeleteRequest?.Key === undefined
            ? []
            : [{ DeleteRequest: { Key: request.DeleteRequest.Key as Key } }],
        );
      }
    }
  }

  /** Blanks the name on the visit's room ticket (its number, marks and times stay for the room's day). */
  async function forgetTicketName(visit: CheckinRecord): Promise<void> {
    if (visit.room === undefined) return;
    const tickets = await doc.send(
      new QueryCommand({
        TableName: config.checkinsTable,
        KeyConditionExpression: "pk = :pk",
        FilterExpression: "checkinId = :c",
        ExpressionAttributeValues: {
          ":pk": queuePk(visit.facility, visit.room, visit.day),
          ":c": visit.checkinId,
        },
      }),
    );
    for (const ticket of tickets.Items ?? []) {
      const key = keySchema.parse(ticket);
      await doc.send(
        new UpdateCommand({
          TableName: config.checkinsTable,
          Key: { pk: key.pk, sk: key.sk },
          UpdateExpression: "SET #n = :none",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#n": "name" },
          ExpressionAttributeValues: { ":none": null },
        }),
      );
    }
  }

  return {
    /** Every visit held under the subject key, with its guard and remembered answer. */
    async find(subjectKey: string): Promise<HeldVisit[]> {
      const items = await getAll(config.checkinsTable, await visitKeys(subjectKey));
      const visits = items.map((item) => checkinRecordSchema.parse(item));
      return Promise.all(
        visits.map(async (visit) => ({
          visit,
          guard: await guardOf(visit),
          idempotency: await idempotencyOf(visit),
        })),
      );
    },
    /**
     * Deletes the visits, their guards and their remembered answers, blanks their room tickets'
     * names; counters are not touched. The visits go last: they are what finds the rest, so an
     * erase stopped halfway is finished by asking again.
     */
    async erase(held: readonly HeldVisit[]): Promise<void> {
      for (const { visit } of held) await forgetTicketName(visit);
      const ids = held.flatMap(({ idempotency }) => (idempotency === null ? [] : [{ id: idempotency.id }]));
      await deleteAll(config.idempotencyTable, ids);
      await deleteAll(
        config.checkinsTable,
        held.flatMap(({ guard }) => (guard === null ? [] : [guard])),
      );
      await deleteAll(
        config.checkinsTable,
        held.map(({ visit }) => ({ pk: visit.pk, sk: visit.sk })),
      );
    },
  };
}

export type SubjectStore = ReturnType<typeof makeSubjectStore>;
