import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** Builds the DynamoDB clients; `DYNAMODB_ENDPOINT` points them at DynamoDB Local. */
export function makeDynamoClients(endpoint: string | undefined = process.env.DYNAMODB_ENDPOINT): {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
} {
  const client = new DynamoDBClient({
    ...(endpoint === undefined || endpoint === "" ? {} : { endpoint }),
    // A dead endpoint must fail fast so the caller can answer 503 instead of hanging a receptionist.
    maxAttempts: 2,
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  return { client, doc };
}

let shared: ReturnType<typeof makeDynamoClients> | undefined;

/** The clients of this container, built on first use and reused across invocations. */
export function dynamoClients(): ReturnType<typeof makeDynamoClients> {
  shared ??= makeDynamoClients();
  return shared;
}
