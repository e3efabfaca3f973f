import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { type TableNames, tableDefinitions } from "./table-definitions.ts";

/** Creates the tables that do not exist yet; returns the names it created. */
export async function createMissingTables(
  client: DynamoDBClient,
  names: TableNames,
  extra: readonly CreateTableCommandInput[] = [],
): Promise<string[]> {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of page.TableNames ?? []) existing.add(name);
    start = page.LastEvaluatedTableName;
  } while (start !== undefined);
  const created: string[] = [];
  for (const definition of [...tableDefinitions(names), ...extra]) {
    if (definition.TableName === undefined) continue;
    if (existing.has(definition.TableName)) {
      await addMissingIndexes(client, definition);
      continue;
    }
    await client.send(new CreateTableCommand(definition));
    created.push(definition.TableName);
  }
  return created;
}

/** Adds the indexes a table kept from an earlier version lacks, so local data survives an upgrade. */
async function addMissingIndexes(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<void> {
  const wanted = definition.GlobalSecondaryIndexes ?? [];
  if (wanted.length === 0) return;
  const described = await client.send(new DescribeTableCommand({ TableName: definition.TableName }));
  const present = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of wanted) {
    if (present.has(index.IndexName)) continue;
    const keys = new Set((index.KeySchema ?? []).map((key) => key.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: definition.TableName,
        AttributeDefinitions: (definition.AttributeDefinitions ?? []).filter((a) =>
          keys.has(a.AttributeName),
        ),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.IndexName,
              KeySchema: index.KeySchema,
              Projection: index.Projection,
            },
          },
        ],
      }),
    );
  }
}

/** Lets DynamoDB delete a table's items once the epoch-seconds attribute has passed. */
export async function enableTimeToLive(
  client: DynamoDBClient,
  table: string,
  attribute: string,
): Promise<void> {
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: table,
      TimeToLiveSpecification: { AttributeName: attribute, Enabled: true },
    }),
  );
}
