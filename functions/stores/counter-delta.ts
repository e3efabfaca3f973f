/**
 * What a visit changes in the counters table, as transaction items: its facility-day counter, the
 * revision of a day already over and that day's stale marker for the roll-up.
 */
import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import type { Counts } from "#domain/counts";
import { readerCounterDelta } from "#domain/reader-health";
import { vnDay } from "#domain/vn-time";
import type { CheckinRecord } from "./checkin-record.ts";
import { COUNTER_ATTR, counterKey, dayRevisionKey, dirtyMarkerKey, REVISION_ATTR } from "./counter-keys.ts";

/** One item of a TransactWriteItems call. */
export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** Where the counters live: the table and the number of shards a day is spread over. */
export interface CounterTable {
  readonly countersTable: string;
  readonly counterShards: number;
}

/**
 * What a new visit adds to its facility's day counter: one count each for the total, its method,
 * status and channel, a flagged scan time and its reader counts; and the reader day flags, set to 1.
 */
export function counterDeltaOf(checkin: CheckinRecord): { add: Counts; flags: readonly string[] } {
  const add: Counts = {
    [COUNTER_ATTR.total]: 1,
    [COUNTER_ATTR.method(checkin.method)]: 1,
    [COUNTER_ATTR.status(checkin.status)]: 1,
    [COUNTER_ATTR.channel(checkin.channel)]: 1,
  };
  if (checkin.timeFlag !== undefined) add[COUNTER_ATTR.flagged] = 1;
  if (checkin.reader === undefined) return { add, flags: [] };
  const reader = readerCounterDelta(checkin.reader, checkin.method, checkin.channel);
  return { add: { ...add, ...reader.add }, flags: reader.flags };
}

/** The visit's counter update: ADD for the counts, SET for the day flags, in one expression. */
export function counterUpdateItem(table: CounterTable, checkin: CheckinRecord): TransactItem {
  const delta = counterDeltaOf(checkin);
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const adds = Object.entries(delta.add).map(([name, value], index) => {
    names[`#a${index}`] = name;
    values[`:a${index}`] = value;
    return `#a${index} :a${index}`;
  });
  const sets = delta.flags.map((name, index) => {
    names[`#f${index}`] = name;
    return `#f${index} = :flag`;
  });
  if (sets.length > 0) values[":flag"] = 1;
  return {
    Update: {
      TableName: table.countersTable,
      Key: counterKey(checkin.facility, checkin.day, table.counterShards),
      UpdateExpression: `${sets.length > 0 ? `SET ${sets.join(", ")} ` : ""}ADD ${adds.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** Bumps the revision of a day that is already over, so a cached copy of its counters is dropped. */
export function dayRevisionItem(table: CounterTable, day: string): TransactItem {
  return {
    Update: {
      TableName: table.countersTable,
      Key: dayRevisionKey(day),
      UpdateExpression: "ADD #rev :one",
      ExpressionAttributeNames: { "#rev": REVISION_ATTR },
      ExpressionAttributeValues: { ":one": 1 },
    },
  };
}

/**
 * A write into a day that is already over (a late check-in, a re-check after midnight) bumps
 * that day's stale marker in the same transaction, so the roll-up of the day is rebuilt and
 * reports read the day's counters until it is; a write into today needs none.
 */
export function staleDayMarkerItem(
  table: CounterTable,
  checkin: CheckinRecord,
  now: Date,
): TransactItem | null {
  if (checkin.day >= vnDay(now)) return null;
  return {
    Update: {
      TableName: table.countersTable,
      Key: dirtyMarkerKey(checkin.facility, checkin.day, table.counterShards),
      UpdateExpression: "ADD v :one",
      ExpressionAttributeValues: { ":one": 1 },
    },
  };
}
