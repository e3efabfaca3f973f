import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  ListTablesCommand,
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
    if (definition.TableName === undefined || existing.has(definition.TableName)) continue;
    await client.send(new CreateTableCommand(definition));
    created.push(definition.TableName);
  }
  return created;
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
