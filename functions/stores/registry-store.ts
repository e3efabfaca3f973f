/**
 * The mock gateway's registry table: each person is stored once under every key they can be
 * looked up by (ID#, CARD#, BHXH#), so one gateway call costs exactly one GetItem.
 */
import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { keysOf, type RegistryPerson, registryPersonSchema } from "#functions/registry-mock/registry-person";
import { putAllItems } from "./batch-write.ts";

const itemSchema = z.object({ pk: z.string(), person: registryPersonSchema });

export interface RegistryStore {
  /** The person stored under a key such as `ID#001090012345`, or null. */
  findByKey(key: string): Promise<RegistryPerson | null>;
  /** Writes people under all their keys; returns the number of items written. */
  putPeople(people: readonly RegistryPerson[], options?: { concurrency?: number }): Promise<number>;
}

/** Builds the store over a document client and the table name (env REGISTRY_TABLE). */
export function makeRegistryStore(doc: DynamoDBDocumentClient, tableName: string): RegistryStore {
  return {
    async findByKey(key) {
      const result = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: key } }));
      if (result.Item === undefined) return null;
      return itemSchema.parse(result.Item).person;
    },

    async putPeople(people, options = {}) {
      const items = people.flatMap((person) => keysOf(person).map((pk) => ({ pk, person })));
      await putAllItems(doc, tableName, items, options.concurrency);
      return items.length;
    },
  };
}
