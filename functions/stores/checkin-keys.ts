/**
 * Keys in the check-ins and idempotency tables: the log of visits (one partition per facility and
 * day, sorted by time), the duplicate guards beside it and the remembered Idempotency-Keys.
 */

/** Partition of one facility's visits on one day. */
export function checkinPartition(facility: string, day: string): string {
  return `${checkinPartitionPrefix(facility)}${day}`;
}

/** What every partition of the facility's visits starts with. */
export function checkinPartitionPrefix(facility: string): string {
  return `CHK#${facility}#`;
}

/** The log's key of a visit: one partition per facility and day, sorted by time within it. */
export function checkinKey(
  facility: string,
  day: string,
  at: Date,
  checkinId: string,
): { pk: string; sk: string } {
  return { pk: checkinPartition(facility, day), sk: `${at.toISOString()}#${checkinId}` };
}

/**
 * Duplicate guards: one item per person and window-long slice of time. Two visits in one slice are
 * always within the window; in neighbouring slices, their times decide. Late check-ins arrive out of
 * order, so a guard is looked up by the visit's own time, never by "the last visit".
 */
export function guardKey(facility: string, personKey: string, slice: number): { pk: string; sk: string } {
  return { pk: `DUP#${facility}#${personKey}#${slice}`, sk: "DUP" };
}

/** Key of a remembered Idempotency-Key: keys are the facility's own. */
export function idempotencyId(facility: string, key: string): string {
  return `${facility}#${key}`;
}

/** Value of the pending index's key on every visit still waiting for a re-check. */
export const PENDING_KEY = "PENDING";
