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

/** How long an added index may take to become usable before the upgrade gives up. */
const INDEX_READY_MS = 5 * 60_000;
const INDEX_POLL_MS = 250;

/** Waits until the table and the named index are both ACTIVE (an index fills in the background). */
async function waitForIndex(client: DynamoDBClient, table: string, indexName: string): Promise<void> {
  const deadline = Date.now() + INDEX_READY_MS;
  for (;;) {
    const described = await client.send(new DescribeTableCommand({ TableName: table }));
    const index = (described.Table?.GlobalSecondaryIndexes ?? []).find((i) => i.IndexName === indexName);
    if (described.Table?.TableStatus === "ACTIVE" && index?.IndexStatus === "ACTIVE") return;
    if (Date.now() > deadline) throw new Error(`Index ${indexName} of ${table} did not become active`);
    await new Promise((resolve) => setTimeout(resolve, INDEX_POLL_MS));
  }
}

/**
 * Adds the indexes a table kept from an earlier version lacks, so local data survives an upgrade.
 * DynamoDB creates one index per UpdateTable, so each is added alone and waited for.
 */
async function addMissingIndexes(client: DynamoDBClient, definition: CreateTableCommandInput): Promise<void> {
  const table = definition.TableName;
  const wanted = definition.GlobalSecondaryIndexes ?? [];
  if (table === undefined || wanted.length === 0) return;
  const described = await client.send(new DescribeTableCommand({ TableName: table }));
  const present = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of wanted) {
    if (index.IndexName === undefined || present.has(index.IndexName)) continue;
    const keys = new Set((index.KeySchema ?? []).map((key) => key.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: table,
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
    await waitForIndex(client, table, index.IndexName);
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
