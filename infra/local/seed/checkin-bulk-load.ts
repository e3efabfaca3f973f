/**
 * Bulk loader for demo history: check-ins already built by the check-in service, written as the
 * check-in transaction stores them, with counter items summed from the very same records so the
 * counters equal the log. Only for days that are over: live check-ins go through the transaction.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { addNamedCounts, type Counts } from "#domain/counts";
import { putAllItems } from "#functions/stores/batch-write";
import { type CheckinRecord, checkinItem } from "#functions/stores/checkin-record";
import { counterDeltaOf } from "#functions/stores/counter-delta";
import type { CounterTally, TallyLoader } from "./counter-tallies.ts";

/** Writes the records and their counters; returns how many items of each were written. */
export async function putCheckinHistory(
  doc: DynamoDBDocumentClient,
  counters: TallyLoader,
  input: {
    readonly checkinsTable: string;
    readonly retentionDays: number;
    readonly records: readonly CheckinRecord[];
    /** When each visit happened (the store's `now`), for its TTL. */
    readonly recordedAt: (record: CheckinRecord) => Date;
    /** Batches in flight at once. */
    readonly concurrency?: number;
  },
): Promise<{ checkins: number; counterItems: number }> {
  const tallies = new Map<string, CounterTally & { counts: Counts }>();
  const items = input.records.map((record) => {
    const key = `${record.facility}#${record.day}`;
    const tally = tallies.get(key) ?? { facility: record.facility, day: record.day, counts: {} };
    const delta = counterDeltaOf(record);
    addNamedCounts(tally.counts, delta.add);
    for (const flag of delta.flags) tally.counts[flag] = 1;
    tallies.set(key, tally);
    return checkinItem(record, input.recordedAt(record), input.retentionDays);
  });
  await putAllItems(doc, input.checkinsTable, items, input.concurrency ?? 32);
  await counters.putTallies([...tallies.values()]);
  return { checkins: items.length, counterItems: tallies.size };
}
