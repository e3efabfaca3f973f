import { randomBytes } from "node:crypto";
import { CreateTableCommand, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, inject, it } from "vitest";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { createMissingTables } from "#infra/local/create-tables";
import { tableDefinitions, tableNames } from "#infra/local/table-definitions";
import { useLocalCredentials } from "#test/support/dynamo";

describe("local tables kept from an earlier version", () => {
  it("gain the indexes added since, so a kept demo keeps checking in", async () => {
    useLocalCredentials();
    const names = tableNames(`u${randomBytes(4).toString("hex")}-`);
    const { client } = makeDynamoClients(inject("dynamoEndpoint"));
    const checkins = tableDefinitions(names).find((table) => table.TableName === names.checkins);
    if (checkins === undefined) throw new Error("no check-ins table definition");
    // The check-ins table as it was before the waiting index.
    await client.send(
      new CreateTableCommand({
        ...checkins,
        AttributeDefinitions: (checkins.AttributeDefinitions ?? []).filter(
          (a) => !a.AttributeName?.startsWith("waiting"),
        ),
        GlobalSecondaryIndexes: (checkins.GlobalSecondaryIndexes ?? []).filter(
          (i) => i.IndexName !== "waiting",
        ),
      }),
    );
    const created = await createMissingTables(client, names);
    expect(created).not.toContain(names.checkins);
    const described = await client.send(new DescribeTableCommand({ TableName: names.checkins }));
    expect((described.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort()).toEqual([
      "bySubject",
      "pending",
      "waiting",
      "xml0Due",
    ]);
    expect(await createMissingTables(client, names)).toEqual([]);
  });
});
