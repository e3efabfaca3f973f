import { createHash } from "node:crypto";
import { type DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";

/** Every item of the tables, as a count and a digest per table: equal snapshots mean nothing was written. */
export async function snapshotTables(
  doc: DynamoDBDocumentClient,
  tables: readonly string[],
): Promise<Record<string, { items: number; digest: string }>> {
  const snapshot: Record<string, { items: number; digest: string }> = {};
  for (const table of tables) {
    const lines: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? [])
        lines.push(JSON.stringify(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))));
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    lines.sort();
    snapshot[table] = {
      items: lines.length,
      digest: createHash("sha256").update(lines.join("\n")).digest("hex"),
    };
  }
  return snapshot;
}
