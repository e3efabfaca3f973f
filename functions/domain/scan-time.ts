/**
 * When a visit happened. A check-in made while the clinic was offline reaches the server later,
 * carrying the time of its scan; the visit belongs to the Vietnamese day of that scan. A scan
 * time the server cannot believe (a device clock running ahead, or older than the longest outage
 * the product supports) is still stored, since the patient was admitted, but it is flagged and
 * placed at its arrival instead. Pure: the reception page uses the same bounds.
 */
import { vnDay } from "./vn-time.ts";

/** The longest clinic outage the product supports: older scans are flagged, not placed on their day. */
export const MAX_LATE_MS = 72 * 3_600_000;

/** How far ahead of the server a device clock may run before its scans are flagged. */
const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

/** Why a scan time was not believed: the visit is then placed at its arrival. */
export const TIME_FLAGS = ["clock-ahead", "too-old"] as const;
type TimeFlag = (typeof TIME_FLAGS)[number];

/** Where a visit is placed in time. */
export interface PlacedVisit {
  /** The instant the visit is stored and de-duplicated at. */
  readonly at: Date;
  /** Its Vietnamese calendar day: the day it is counted on. */
  readonly day: string;
  /** Null when the scan time was believed (or none was sent). */
  readonly flag: TimeFlag | null;
}

/** Places a visit: on its scan time when that is plausible, else on its arrival, flagged. */
export function placeVisit(
  scannedAt: Date | null,
  arrivedAt: Date,
  bounds: { maxLateMs: number; maxClockAheadMs: number } = {
    maxLateMs: MAX_LATE_MS,
    maxClockAheadMs: MAX_CLOCK_AHEAD_MS,
  },
): PlacedVisit {
  if (scannedAt === null) return { at: arrivedAt, day: vnDay(arrivedAt), flag: null };
  const lead = scannedAt.getTime() - arrivedAt.getTime();
  // A scan a little ahead (clocks differ by seconds) is placed at arrival, unflagged: never in the future.
  if (lead > bounds.maxClockAheadMs) return { at: arrivedAt, day: vnDay(arrivedAt), flag: "clock-ahead" };
  if (lead > 0) return { at: arrivedAt, day: vnDay(arrivedAt), flag: null };
  if (-lead > bounds.maxLateMs) return { at: arrivedAt, day: vnDay(arrivedAt), flag: "too-old" };
  return { at: scannedAt, day: vnDay(scannedAt), flag: null };
}

/** Letters of offline queue series: no I or O, which read as 1 and 0 on a ticket. */
const SERIES_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";

/** How many offline series a facility can hand out: one or two letters. */
export const MAX_QUEUE_SERIES = SERIES_LETTERS.length + SERIES_LETTERS.length ** 2;

/** Pattern of an offline queue series (one or two letters). */
export const QUEUE_SERIES_PATTERN = /^[A-HJ-NP-Z]{1,2}$/;

/** The n-th offline series of a facility (1 → "A", 24 → "Z", 25 → "AA"…), never handed out twice. */
export function seriesOf(index: number): string {
  const size = SERIES_LETTERS.length;
  if (!Number.isInteger(index) || index < 1 || index > MAX_QUEUE_SERIES) {
    throw new RangeError(`no offline series number ${index}`);
  }
  if (index <= size) return SERIES_LETTERS[index - 1] ?? "";
  const rest = index - size - 1;
  return `${SERIES_LETTERS[Math.floor(rest / size)] ?? ""}${SERIES_LETTERS[rest % size] ?? ""}`;
}

/** What the ticket prints: "12" for an online number, "B-07" for an offline device's series. */
export function ticketLabel(queueNumber: number, series: string | null): string {
  return series === null ? String(queueNumber) : `${series}-${String(queueNumber).padStart(2, "0")}`;
}
