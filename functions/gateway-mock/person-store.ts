/**
 * The mock gateway's registry table. People are packed into hash buckets: every lookup key
 * (ID#, CARD#, BHXH#) is an attribute of the bucket item its hash picks. The ID# entry holds the
 * person as JSON; card keys hold the ID# key they point to. Seeding 10,500 people thus writes
 * about 2,000 small items instead of 31,000 copies (DynamoDB Local on disk is slow per item and
 * per byte); a lookup by ID number stays one GetItem, a lookup by card two. Each card's check
 * history (the gateway's dsLichSuKT2018) is one item per social-insurance number, `KT#<number>`.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import pMap from "p-map";
import * as z from "zod";
import type { PastCheckBody } from "#functions/gateway/gateway-schema";
import { keysOf, type MockPerson, mockPersonSchema } from "#functions/gateway-mock/mock-person";
import { stableHash } from "#functions/stores/stable-hash";

/** Fixed, since readers must find a key's bucket without knowing the population. */
const PERSON_BUCKETS = 2048;

/** DynamoDB allows 100 KB of update expression; a bucket is written in slices well below that. */
const ENTRIES_PER_UPDATE = 40;

/** A card's history keeps its newest checks; once it holds twice as many, the oldest half goes. */
const CHECKS_KEPT = 20;

const storedChecksSchema = z.array(
  z.object({
    userKT: z.string().nullable(),
    thoiGianKT: z.string().nullable(),
    thongBao: z.string().nullable(),
    maLoi: z.string().nullable(),
  }),
);

/** The bucket item a lookup key lives in. */
function bucketOf(key: string): string {
  return `B#${String(stableHash(key) % PERSON_BUCKETS).padStart(4, "0")}`;
}

export interface PersonStore {
  /** The person stored under a key such as `ID#001090012345`, or null. */
  findByKey(key: string): Promise<MockPerson | null>;
  /** Adds people under all their keys (merging into existing buckets); returns the number of keys written. */
  putPeople(people: readonly MockPerson[], options?: { concurrency?: number }): Promise<number>;
  /** Appends a check to a card's history (one UpdateItem) and answers the earlier checks, newest first. */
  recordCheck(socialInsuranceNumber: string, check: PastCheckBody): Promise<PastCheckBody[]>;
}

/** Builds the store over a document client and the table name (env REGISTRY_TABLE). */
export function makePersonStore(doc: DynamoDBDocumentClient, tableName: string): PersonStore {
  async function readEntry(key: string): Promise<string | null> {
    const result = await doc.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: bucketOf(key) },
        ProjectionExpression: "#k",
        ExpressionAttributeNames: { "#k": key },
      }),
    );
    const data = result.Item?.[key];
    return data === undefined ? null : z.string().parse(data);
  }

  return {
    async findByKey(key) {
      const data = await readEntry(key);
      if (data === null) return null;
      const person = data.startsWith("ID#") ? await readEntry(data) : data;
      return person === null ? null : mockPersonSchema.parse(JSON.parse(person));
    },

    async recordCheck(socialInsuranceNumber, check) {
      const key = { pk: `KT#${socialInsuranceNumber}` };
      const result = await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: "SET #c = list_append(if_not_exists(#c, :none), :new)",
          ExpressionAttributeNames: { "#c": "checks" },
          ExpressionAttributeValues: { ":none": [], ":new": [check] },
          ReturnValues: "UPDATED_OLD",
        }),
      );
      const earlier = storedChecksSchema.parse(result.Attributes?.checks ?? []);
      if (earlier.length + 1 >= 2 * CHECKS_KEPT) {
        const oldest = Array.from({ length: CHECKS_KEPT }, (_, i) => `#c[${i}]`).join(", ");
        await doc
          .send(
            new UpdateCommand({
              TableName: tableName,
              Key: key,
              UpdateExpression: `REMOVE ${oldest}`,
              ConditionExpression: "size(#c) >= :full",
              ExpressionAttributeNames: { "#c": "checks" },
              ExpressionAttributeValues: { ":full": 2 * CHECKS_KEPT },
            }),
          )
          // Another check trimmed it first: nothing left to do.
          .catch((error: unknown) => {
            if (!(error instanceof Error && error.name === "ConditionalCheckFailedException")) throw error;
          });
      }
      return earlier.reverse();
    },

    async putPeople(people, options = {}) {
      const buckets = new Map<string, Array<[string, string]>>();
      let written = 0;
      for (const person of people) {
        const idKey = `ID#${person.idNumber}`;
        for (const key of keysOf(person)) {
          const bucket = bucketOf(key);
          const entries = buckets.get(bucket) ?? [];
          entries.push([key, key === idKey ? JSON.stringify(person) : idKey]);
          buckets.set(bucket, entries);
          written++;
        }
      }
      const slices: Array<{ bucket: string; entries: Array<[string, string]> }> = [];
      for (const [bucket, entries] of buckets) {
        for (let i = 0; i < entries.length; i += ENTRIES_PER_UPDATE) {
          slices.push({ bucket, entries: entries.slice(i, i + ENTRIES_PER_UPDATE) });
        }
      }
      const writeSlice = async (slice: { bucket: string; entries: Array<[string, string]> }) => {
        const names: Record<string, string> = {};
        const values: Record<string, string> = {};
        const sets = slice.entries.map(([key, data], i) => {
          names[`#k${i}`] = key;
          values[`:v${i}`] = data;
          return `#k${i} = :v${i}`;
        });
        // SET merges attributes, so later calls add people without erasing a bucket.
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: slice.bucket },
            UpdateExpression: `SET ${sets.join(", ")}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
      };
      await pMap(slices, writeSlice, { concurrency: Math.max(1, options.concurrency ?? 8) });
      return written;
    },
  };
}
