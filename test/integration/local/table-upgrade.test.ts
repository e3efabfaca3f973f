import { randomBytes } from "node:crypto";
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { createMissingTables } from "#infra/local/create-tables";
import { type DynamoLocal, startDynamoLocal } from "#infra/local/dynamo-local";
import { type TableNames, tableDefinitions, tableNames } from "#infra/local/table-definitions";
import { useLocalCredentials } from "#test/support/dynamo";

/** The part of an UpdateTable request that changes indexes. */
const indexUpdateSchema = z.object({
  GlobalSecondaryIndexUpdates: z.array(z.object({ Create: z.unknown().optional() })),
});

const EVERY_CHECKIN_INDEX = ["bySubject", "pending", "waiting", "xml0Due"];

/** Creates the check-ins table as an earlier version had it: without the named indexes. */
async function keepOldCheckinsTable(
  client: DynamoDBClient,
  names: TableNames,
  lacking: readonly string[],
): Promise<void> {
  const checkins = tableDefinitions(names).find((table) => table.TableName === names.checkins);
  if (checkins === undefined) throw new Error("no check-ins table definition");
  const kept = (checkins.GlobalSecondaryIndexes ?? []).filter(
    (index) => index.IndexName === undefined || !lacking.includes(index.IndexName),
  );
  const keyNames = new Set(
    [...(checkins.KeySchema ?? []), ...kept.flatMap((index) => index.KeySchema ?? [])].map(
      (key) => key.AttributeName,
    ),
  );
  const old: CreateTableCommandInput = {
    ...checkins,
    AttributeDefinitions: (checkins.AttributeDefinitions ?? []).filter((a) => keyNames.has(a.AttributeName)),
    GlobalSecondaryIndexes: kept,
  };
  await client.send(new CreateTableCommand(old));
}

async function indexesOf(client: DynamoDBClient, table: string): Promise<string[]> {
  const described = await client.send(new DescribeTableCommand({ TableName: table }));
  return (described.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName ?? "").sort();
}

describe("local tables kept from an earlier version", () => {
  // A DynamoDB Local of its own: on the run's shared one, busy with every other test's tables, an
  // added index can stay CREATING for over a minute, as it does not on a demo's own database.
  let dynamo: DynamoLocal;
  beforeAll(async () => {
    dynamo = await startDynamoLocal({ startTimeoutMs: 120_000 });
  }, 150_000);
  afterAll(async () => {
    await dynamo.stop();
  });

  it("gain the indexes added since, so a kept demo keeps checking in", async () => {
    useLocalCredentials();
    const names = tableNames(`u${randomBytes(4).toString("hex")}-`);
    const { client } = makeDynamoClients(dynamo.endpoint);
    await keepOldCheckinsTable(client, names, ["waiting"]);
    const created = await createMissingTables(client, names);
    expect(created).not.toContain(names.checkins);
    expect(await indexesOf(client, names.checkins)).toEqual(EVERY_CHECKIN_INDEX);
    expect(await createMissingTables(client, names)).toEqual([]);
  });

  it("gain two missing indexes, each added by an UpdateTable of its own", async () => {
    useLocalCredentials();
    const names = tableNames(`u${randomBytes(4).toString("hex")}-`);
    const { client } = makeDynamoClients(dynamo.endpoint);
    await keepOldCheckinsTable(client, names, ["waiting", "xml0Due"]);
    expect(await indexesOf(client, names.checkins)).toEqual(["bySubject", "pending"]);
    // DynamoDB refuses an UpdateTable creating more than one index; count what each one asks.
    const createsPerUpdate: number[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const update = indexUpdateSchema.safeParse(args.input);
        if (update.success) {
          createsPerUpdate.push(
            update.data.GlobalSecondaryIndexUpdates.filter((u) => u.Create !== undefined).length,
          );
        }
        return next(args);
      },
      { step: "initialize", name: "countIndexCreates" },
    );
    const created = await createMissingTables(client, names);
    expect(created).not.toContain(names.checkins);
    expect(createsPerUpdate).toEqual([1, 1]);
    expect(await indexesOf(client, names.checkins)).toEqual(EVERY_CHECKIN_INDEX);
    expect(await createMissingTables(client, names)).toEqual([]);
  });
});
