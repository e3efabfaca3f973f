/**
 * Reader health: what a reception or kiosk page tells about its camera and wedge scanner with each
 * check-in, how that is counted with the visit, and why a facility's QR-scan rate is low. Counts
 * only: no image, no scanned text, nothing about the patient. Pure: the pages share the shape.
 */
import * as z from "zod";
import type { Counts } from "./counts.ts";
import type { Channel, Method } from "./types.ts";

/** Most failed attempts one check-in may report: more is a stuck page, not a clerk trying. */
export const MAX_FAILED_SCANS = 500;

/** The `reader` object of a check-in body: the device's readers since its previous check-in. */
export const readerReportSchema = z
  .object({
    /** A camera was open and showing video when the patient was checked in. */
    camera: z.boolean(),
    /** A wedge scanner typed a burst into this page earlier on the same Vietnamese day. */
    scanner: z.boolean(),
    /**
     * Scan attempts that failed since the previous check-in: a code in the camera's view that was
     * not read within the page's time limit, a read or scanned text the parser refused, garbled
     * wedge input.
     */
    failedScans: z.number().int().min(0).max(MAX_FAILED_SCANS),
  })
  .strict();
export type ReaderReport = z.infer<typeof readerReportSchema>;

/**
 * Counter attributes of reader health, beside the visit's own counters. `days`, `cameraDays` and
 * `scannerDays` are day flags (set to 1, not added), so summing a facility's days gives the number
 * of days; the others are added per check-in.
 */
const READER_ATTR = {
  /** Check-ins that carried reader counts. */
  checkins: "r:n",
  days: "r:d",
  cameraDays: "r:cam",
  scannerDays: "r:scn",
  failedScans: "r:fail",
  typedAfterFailedScan: "r:taf",
  typedWithReader: "r:twr",
} as const;

/** True when the clerk or patient typed the number instead of scanning it. */
function isTyped(method: Method, channel: Channel): boolean {
  return method === "manual-id" || channel === "typed";
}

/** What one check-in adds to its facility's day counter: counts to add and day flags to set. */
export interface ReaderCounterDelta {
  readonly add: Counts;
  readonly flags: readonly string[];
}

/** The counter changes of one check-in with reader counts. */
export function readerCounterDelta(
  report: ReaderReport,
  method: Method,
  channel: Channel,
): ReaderCounterDelta {
  const typed = isTyped(method, channel);
  const add: Counts = { [READER_ATTR.checkins]: 1 };
  if (report.failedScans > 0) add[READER_ATTR.failedScans] = report.failedScans;
  if (typed && report.failedScans > 0) add[READER_ATTR.typedAfterFailedScan] = 1;
  if (typed && (report.camera || report.scanner)) add[READER_ATTR.typedWithReader] = 1;
  const flags: string[] = [READER_ATTR.days];
  if (report.camera) flags.push(READER_ATTR.cameraDays);
  if (report.scanner) flags.push(READER_ATTR.scannerDays);
  return { add, flags };
}

/** A facility's reader health over a period, as the report gives it. */
export interface ReaderFigures {
  /** Days with a camera open at a check-in. */
  readonly cameraDays: number;
  /** Days on which a wedge scanner had been seen by a check-in. */
  readonly scannerDays: number;
  /** Failed scan attempts before check-ins. */
  readonly failedScans: number;
  /** Check-ins typed after at least one failed scan. */
  readonly typedAfterFailedScan: number;
  /** Check-ins typed while a camera was open or a scanner had been seen. */
  readonly typedWithReader: number;
  /** Check-ins that sent reader counts (older pages send none). */
  readonly reportedCheckins: number;
  /** Days with at least one such check-in. */
  readonly reportedDays: number;
}

/** The reader figures held in counter attributes (day counters or rolled-up blocks). */
export function readerFiguresOf(counts: Readonly<Counts>): ReaderFigures {
  const of = (name: string) => counts[name] ?? 0;
  return {
    cameraDays: of(READER_ATTR.cameraDays),
    scannerDays: of(READER_ATTR.scannerDays),
    failedScans: of(READER_ATTR.failedScans),
    typedAfterFailedScan: of(READER_ATTR.typedAfterFailedScan),
    typedWithReader: of(READER_ATTR.typedWithReader),
    reportedCheckins: of(READER_ATTR.checkins),
    reportedDays: of(READER_ATTR.days),
  };
}

/** No figures: a facility whose pages sent no reader counts. */
export function emptyReaderFigures(): ReaderFigures {
  return readerFiguresOf({});
}

/** Adds reader figures. */
export function addReaderFigures(a: ReaderFigures, b: ReaderFigures): ReaderFigures {
  return {
    cameraDays: a.cameraDays + b.cameraDays,
    scannerDays: a.scannerDays + b.scannerDays,
    failedScans: a.failedScans + b.failedScans,
    typedAfterFailedScan: a.typedAfterFailedScan + b.typedAfterFailedScan,
    typedWithReader: a.typedWithReader + b.typedWithReader,
    reportedCheckins: a.reportedCheckins + b.reportedCheckins,
    reportedDays: a.reportedDays + b.reportedDays,
  };
}

/** Why a facility's QR-scan rate is under the target; each needs its own fix. */
export const READER_CAUSES = ["no-reader", "reader-failing", "habit"] as const;
export type ReaderCause = (typeof READER_CAUSES)[number];

/** Facilities per cause. */
export type CauseCounts = Record<ReaderCause, number>;

export function emptyCauseCounts(): CauseCounts {
  return { "no-reader": 0, "reader-failing": 0, habit: 0 };
}

/** When a cause is given (READER_* settings). */
export interface ReaderThresholds {
  /** Fewer check-ins with reader counts than this in the period: too little to tell, no cause. */
  readonly minCheckins: number;
  /**
   * No reader: a camera was open on at most this share of the reported days, and a scanner seen on
   * at most this share too.
   */
  readonly noReaderDayShare: number;
  /** Reader failing: at least this share of the check-ins typed with a reader came after a failed scan. */
  readonly failingShare: number;
}

export const DEFAULT_READER_THRESHOLDS: ReaderThresholds = {
  minCheckins: 10,
  noReaderDayShare: 0.1,
  failingShare: 0.5,
};

/** Shares are compared as fractions over a million, exactly, like the target. */
const SHARE_SCALE = 1_000_000;
const atMost = (part: number, whole: number, share: number) =>
  part * SHARE_SCALE <= Math.round(share * SHARE_SCALE) * whole;
const atLeast = (part: number, whole: number, share: number) =>
  part * SHARE_SCALE >= Math.round(share * SHARE_SCALE) * whole;

/**
 * Why a facility's rate is under the target, from its reader figures; null when it is not under
 * the target, too few check-ins sent reader counts, or typing with a working reader is not what
 * keeps it low (e.g. insurance cards scanned as codes).
 *
 * - `no-reader`: camera and scanner both absent on almost every day (buy equipment);
 * - `reader-failing`: a reader is there, but most check-ins typed with it came after failed scans
 *   (replace or set up the reader);
 * - `habit`: a reader is there and works, yet staff type the number without trying it (training).
 */
export function readerCause(
  reader: ReaderFigures,
  belowTarget: boolean,
  thresholds: ReaderThresholds,
): ReaderCause | null {
  if (!belowTarget || reader.reportedCheckins < thresholds.minCheckins || reader.reportedDays === 0)
    return null;
  const share = thresholds.noReaderDayShare;
  if (
    atMost(reader.cameraDays, reader.reportedDays, share) &&
    atMost(reader.scannerDays, reader.reportedDays, share)
  )
    return "no-reader";
  if (reader.typedWithReader === 0) return null;
  return atLeast(reader.typedAfterFailedScan, reader.typedWithReader, thresholds.failingShare)
    ? "reader-failing"
    : "habit";
}
