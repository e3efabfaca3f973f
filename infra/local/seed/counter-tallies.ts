/**
 * Bulk loader of counter items for demo data and benchmarks: whole facility-day counters (same
 * keys and attribute names as the check-in transaction) written with batch writes. It overwrites,
 * so it is only for facility-days no live check-in touches.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Counts } from "#domain/counts";
import type { Channel, Method, Status } from "#domain/types";
import { putAllItems } from "#functions/stores/batch-write";
import type { CounterTable } from "#functions/stores/counter-delta";
import { COUNTER_ATTR, counterKey } from "#functions/stores/counter-keys";

/**
 * Counts of one facility-day to write in bulk: either per method (the total is their sum), status
 * and channel, or every counter by its attribute name (`counts`, as the check-in transaction adds them).
 */
export interface CounterTally {
  readonly facility: string;
  readonly day: string;
  readonly byMethod?: Partial<Record<Method, number>>;
  readonly counts?: Readonly<Counts>;
  readonly byStatus?: Partial<Record<Status, number>>;
  readonly byChannel?: Partial<Record<Channel, number>>;
}

/**
 * The counter item of a facility-day as the bulk loader writes it: the same keys and attribute
 * names as the check-in transaction, zeros left out, the total summed over methods.
 */
export function counterItemOf(tally: CounterTally, shards: number): Record<string, string | number> {
  const item: Record<string, string | number> = { ...counterKey(tally.facility, tally.day, shards) };
  let total = 0;
  const add = (name: string, value: number | undefined) => {
    if (value !== undefined && value !== 0) item[name] = value;
  };
  for (const [method, value] of Object.entries(tally.byMethod ?? {})) {
    add(COUNTER_ATTR.method(method), value);
    total += value;
  }
  for (const [status, value] of Object.entries(tally.byStatus ?? {})) add(COUNTER_ATTR.status(status), value);
  for (const [channel, value] of Object.entries(tally.byChannel ?? {}))
    add(COUNTER_ATTR.channel(channel), value);
  item[COUNTER_ATTR.total] = total;
  // Any other counter by its own name (the reader-health counts).
  for (const [name, value] of Object.entries(tally.counts ?? {})) add(name, value);
  return item;
}

/** Builds the loader over the counters table; `concurrency` batches in flight at once (default 32). */
export function makeTallyLoader(
  doc: DynamoDBDocumentClient,
  table: CounterTable & { readonly concurrency?: number },
) {
  return {
    /** Writes every tally as its counter item. */
    async putTallies(tallies: readonly CounterTally[]): Promise<void> {
      const items = tallies.map((tally) => counterItemOf(tally, table.counterShards));
      await putAllItems(doc, table.countersTable, items, table.concurrency ?? 32);
    },
  };
}

export type TallyLoader = ReturnType<typeof makeTallyLoader>;
