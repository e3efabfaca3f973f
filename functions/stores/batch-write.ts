/** Bulk writes for seeding: BatchWriteItem in chunks of 25, unprocessed items retried, bounded parallelism. */
import { BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import pMap from "p-map";

/** Items per BatchWriteItem, DynamoDB's limit. */
const BATCH_SIZE = 25;
const MAX_ROUNDS = 8;

type PutRequest = { PutRequest: { Item: Record<string, unknown> } };

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function writeBatch(doc: DynamoDBDocumentClient, tableName: string, items: readonly PutRequest[]) {
  let pending: PutRequest[] = [...items];
  for (let round = 0; pending.length > 0; round++) {
    if (round >= MAX_ROUNDS) throw new Error(`${pending.length} items of ${tableName} still unprocessed`);
    // Unprocessed items mean throttling: back off before sending them again.
    if (round > 0) await wait(Math.min(1000, 25 * 2 ** round));
    const result = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    pending = (result.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
      request.PutRequest?.Item === undefined ? [] : [{ PutRequest: { Item: request.PutRequest.Item } }],
    );
  }
}

/** Puts every item, `concurrency` batches in flight at once (default 16). */
export async function putAllItems(
  doc: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  concurrency = 16,
): Promise<void> {
  const batches: PutRequest[][] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) {
    batches.push(items.slice(i, i + BATCH_SIZE).map((item) => ({ PutRequest: { Item: item } })));
  }
  await pMap(batches, (batch) => writeBatch(doc, tableName, batch), {
    concurrency: Math.max(1, concurrency),
  });
}
