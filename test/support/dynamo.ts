import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { makeDynamoClients } from "#functions/config/aws-clients";
import { createMissingTables } from "#infra/local/create-tables";
import { type TableNames, tableNames } from "#infra/local/table-definitions";

/** DynamoDB Local accepts any credentials; the SDK still wants some. */
export function useLocalCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  process.env.AWS_REGION ??= "ap-southeast-1";
}

/** Creates a fresh set of tables under a unique prefix on the run's DynamoDB Local. */
export async function makeTestTables(): Promise<{
  endpoint: string;
  names: TableNames;
  prefix: string;
  clients: ReturnType<typeof makeDynamoClients>;
}> {
  useLocalCredentials();
  const endpoint = inject("dynamoEndpoint");
  const prefix = `t${randomBytes(4).toString("hex")}-`;
  const names = tableNames(prefix);
  const clients = makeDynamoClients(endpoint);
  await createMissingTables(clients.client, names);
  return { endpoint, names, prefix, clients };
}
