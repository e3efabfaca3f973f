import {
  type DynamoDBClient,
  RestoreTableToPointInTimeCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, type DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";

export interface PointInTimeRestore {
  /** The live table (the stack's output, e.g. CheckinsTable). */
  readonly source: string;
  /** The new table the restore creates; it must not exist yet. */
  readonly target: string;
  /** The moment to restore to, within the last 35 days. */
  readonly time: Date;
  /** The tables' customer-managed key, so the copy is encrypted like the original. */
  readonly kmsKeyArn?: string;
}

/**
 * Restores a table to a point in time into a new table and waits until it can be read. DynamoDB
 * restores only into a new table; `copyItems` then puts the restored items back into the live one.
 */
export async function restoreToPointInTime(
  client: DynamoDBClient,
  restore: PointInTimeRestore,
): Promise<void> {
  await client.send(
    new RestoreTableToPointInTimeCommand({
      SourceTableName: restore.source,
      TargetTableName: restore.target,
      RestoreDateTime: restore.time,
      ...(restore.kmsKeyArn === undefined
        ? {}
        : { SSESpecificationOverride: { Enabled: true, SSEType: "KMS", KMSMasterKeyId: restore.kmsKeyArn } }),
    }),
  );
  // A restore of a large table takes from minutes to hours.
  await waitUntilTableExists({ client, maxWaitTime: 6 * 3600, minDelay: 20 }, { TableName: restore.target });
}

export interface CopyOptions {
  readonly from: string;
  readonly into: string;
  /** Copy only items whose partition key starts with this (e.g. one facility's `CHK#01001#`). */
  readonly keyPrefix?: { readonly attribute: string; readonly prefix: string };
  /** Count what would be copied without writing anything. */
  readonly dryRun: boolean;
  readonly progress?: (copied: number) => void;
}

const BATCH = 25;

/**
 * Puts every item of one table (or the items under a key prefix) into another, a page at a time,
 * overwriting items with the same key and leaving others alone. Answers how many items it put
 * (or would put, in a dry run).
 */
export async function copyItems(doc: DynamoDBDocumentClient, options: CopyOptions): Promise<number> {
  let copied = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: options.from,
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        ...(options.keyPrefix === undefined
          ? {}
          : {
              FilterExpression: "begins_with(#key, :prefix)",
              ExpressionAttributeNames: { "#key": options.keyPrefix.attribute },
              ExpressionAttributeValues: { ":prefix": options.keyPrefix.prefix },
            }),
      }),
    );
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += BATCH) {
      const batch = items.slice(i, i + BATCH);
      if (!options.dryRun) await putBatch(doc, options.into, batch);
      copied += batch.length;
      options.progress?.(copied);
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return copied;
}

async function putBatch(doc: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]) {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  for (let round = 0; pending.length > 0; round++) {
    if (round >= 8) throw new Error(`${pending.length} items could not be written to ${table}`);
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
    const result = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
    pending = (result.UnprocessedItems?.[table] ?? []).flatMap((request) =>
      request.PutRequest?.Item === undefined ? [] : [{ PutRequest: { Item: request.PutRequest.Item } }],
    );
  }
}
