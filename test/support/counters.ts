import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { readerCounterDelta, readerReportSchema } from "#domain/reader-health";
import { CHANNELS, METHODS } from "#domain/types";
import { counterKey, DEFAULT_COUNTER_SHARDS } from "#functions/stores/counter-keys";
import type { TableNames } from "#infra/local/table-definitions";

/** The counter item of a facility's day, as the report would read it. */
export async function readCounter(
  doc: DynamoDBDocumentClient,
  names: TableNames,
  facility: string,
  day: string,
): Promise<Record<string, number>> {
  const result = await doc.send(
    new GetCommand({
      TableName: names.counters,
      Key: counterKey(facility, day, DEFAULT_COUNTER_SHARDS),
      ConsistentRead: true,
    }),
  );
  const counts: Record<string, number> = {};
  for (const [name, value] of Object.entries(result.Item ?? {}))
    if (typeof value === "number") counts[name] = value;
  return counts;
}

/** Every check-in item of a facility's day, straight from the log. */
export async function readLog(
  doc: DynamoDBDocumentClient,
  names: TableNames,
  facility: string,
  day: string,
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: names.checkins,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": `CHK#${facility}#${day}` },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/**
 * Counts of a log by the counter attribute names, to compare with the counter item: one day's log,
 * so a reader day flag is 1 when any visit of the day set it.
 */
export function tally(log: Array<Record<string, unknown>>): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (name: string, by = 1) => {
    counts[name] = (counts[name] ?? 0) + by;
  };
  for (const item of log) {
    add("n");
    add(`m:${String(item.method)}`);
    add(`s:${String(item.status)}`);
    add(`c:${String(item.channel)}`);
    if (item.timeFlag !== undefined) add("f");
    if (item.reader !== undefined) {
      const method = METHODS.find((m) => m === item.method);
      const channel = CHANNELS.find((c) => c === item.channel);
      if (method === undefined || channel === undefined)
        throw new Error("stored visit without method or channel");
      const delta = readerCounterDelta(readerReportSchema.parse(item.reader), method, channel);
      for (const [name, value] of Object.entries(delta.add)) add(name, value);
      for (const flag of delta.flags) counts[flag] = 1;
    }
  }
  return counts;
}

/** Drops zero entries so counters that moved away (pending: 0) compare equal to a tally. */
export function nonZero(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0));
}
