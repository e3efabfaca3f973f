/**
 * The mock gateway's registry table: each person is stored once under every key they can be
 * looked up by (ID#, CARD#, BHXH#), so one gateway call costs exactly one GetItem.
 */
import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { keysOf, type RegistryPerson, registryPersonSchema } from "#functions/registry-mock/registry-person";
import { putAllItems } from "./batch-write.ts";

/** The person travels as one JSON string: DynamoDB Local stores 10,000+ people noticeably faster than nested maps. */
const itemSchema = z.object({ pk: z.string(), data: z.string() });

function personOf(data: string): RegistryPerson {
  return registryPersonSchema.parse(JSON.parse(data));
}

export interface RegistryStore {
  /** The person stored under a key such as `ID#001090012345`, or null. */
  findByKey(key: string): Promise<RegistryPerson | null>;
  /** Writes people under all their keys (8 batches in flight by default); returns the number of items written. */
  putPeople(people: readonly RegistryPerson[], options?: { concurrency?: number }): Promise<number>;
}

/** Builds the store over a document client and the table name (env REGISTRY_TABLE). */
export function makeRegistryStore(doc: DynamoDBDocumentClient, tableName: string): RegistryStore {
  return {
    async findByKey(key) {
      const result = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: key } }));
      if (result.Item === undefined) return null;
      return personOf(itemSchema.parse(result.Item).data);
    },

    async putPeople(people, options = {}) {
      const items = people.flatMap((person) => {
        const data = JSON.stringify(person);
        return keysOf(person).map((pk) => ({ pk, data }));
      });
      await putAllItems(doc, tableName, items, options.concurrency ?? 8);
      return items.length;
    },
  };
}
