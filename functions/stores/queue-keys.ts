/** Keys of the queue counters in the check-ins table: the day's numbers and the offline series. */

/** The item that gives out a facility's queue numbers of one day. */
export function queueNumberKey(facility: string, day: string): { pk: string; sk: string } {
  return { pk: `QUEUE#${facility}#${day}`, sk: "QUEUE" };
}

/** The item that gives out a facility's offline queue series ("A", "B"…). */
export function queueSeriesKey(facility: string): { pk: string; sk: string } {
  return { pk: `SERIES#${facility}`, sk: "SERIES" };
}
