/**
 * Queue numbers handed out while the clinic is offline. Each reception device holds an offline
 * series of its facility ("B"), leased from the server while it was online; it numbers its
 * offline tickets B-01, B-02… per Vietnamese day of its own clock. Two devices never share a
 * series, and one device's numbers are allocated in one IndexedDB transaction, so no two
 * patients of the facility hold the same ticket that day.
 */

/** The highest number the server takes in an offline series. */
const MAX_OFFLINE_NUMBER = 9999;

/** A device's offline ticket counter for one facility. */
export interface TicketCounter {
  readonly series: string;
  /** The Vietnamese day of the last ticket, or null before the first. */
  readonly day: string | null;
  readonly last: number;
}

/**
 * The next offline ticket on `day`: a later day starts again at 1; the same or an earlier day (a
 * clock set back) goes on counting, so a number is never handed out twice in a series and day.
 * Null when the series is used up for the day.
 */
export function nextOfflineTicket(
  counter: TicketCounter,
  day: string,
): { number: number; counter: TicketCounter } | null {
  if (counter.day === null || day > counter.day) {
    return { number: 1, counter: { series: counter.series, day, last: 1 } };
  }
  const number = counter.last + 1;
  if (number > MAX_OFFLINE_NUMBER) return null;
  return { number, counter: { series: counter.series, day: counter.day, last: number } };
}
