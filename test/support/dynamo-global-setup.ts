import type { TestProject } from "vitest/node";
import { startDynamoLocal } from "#infra/local/dynamo-local";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** Starts one in-memory DynamoDB Local for the whole run and stops it at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A loaded machine (CI runners, several test runs at once) can take a minute to start the JVM.
  const dynamo = await startDynamoLocal({ startTimeoutMs: 120_000 });
  project.provide("dynamoEndpoint", dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
