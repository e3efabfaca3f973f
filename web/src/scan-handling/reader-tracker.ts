/**
 * Counts, for the next check-in, how the page's readers did since the previous one: was the camera
 * open, was a wedge scanner seen today, how many scan attempts failed. Counts only: no image and
 * no scanned text is kept. A failed camera attempt is a QR code in view that is not read within
 * `attemptMs`; an empty counter in front of the camera is not an attempt.
 */
import { MAX_FAILED_SCANS, type ReaderReport } from "#domain/reader-health";
import { vnDay } from "#domain/vn-time";

export interface ReaderTrackerOptions {
  /** A code in view this long without being read is one failed attempt. */
  readonly attemptMs: number;
  /** A code out of view this long ends the attempt; the next one seen starts a new one. */
  readonly clearMs: number;
  /** Where the day of the last wedge scan is kept across reloads; null to keep it in memory. */
  readonly storage: Pick<Storage, "getItem" | "setItem"> | null;
}

export const READER_TIMING = { attemptMs: 4_000, clearMs: 1_500 } as const;

const SCANNER_DAY_KEY = "tiepdon.scannerSeenOn";

export interface ReaderTracker {
  /** The camera went live, or stopped or failed. */
  cameraLive(live: boolean): void;
  /** One camera frame's result; `at` in ms on one monotonic clock (performance.now()). */
  cameraFrame(scan: { readonly text: string | null; readonly symbol: boolean }, at: number): boolean;
  /** A text read by the camera, the scanner or from a photo was refused by the parser, or a photo held no code. */
  refused(): void;
  /** A wedge scanner typed a burst, whatever it said. */
  wedgeScan(now: Date): void;
  /** The counts to send with a check-in made now. */
  report(now: Date): ReaderReport;
  /** A check-in carrying `sent` was counted: those failures are reported. */
  counted(sent: ReaderReport): void;
}

/** The page's tracker; `cameraFrame` answers true when that frame made an attempt fail. */
export function makeReaderTracker(options: ReaderTrackerOptions): ReaderTracker {
  let failed = 0;
  let camera = false;
  let attempt: { start: number; last: number; failed: boolean } | null = null;
  let scannerDay: string | null = null;
  try {
    scannerDay = options.storage?.getItem(SCANNER_DAY_KEY) ?? null;
  } catch {
    scannerDay = null;
  }

  return {
    cameraLive(live) {
      camera = live;
      if (!live) attempt = null;
    },
    cameraFrame(scan, at) {
      if (scan.text !== null) {
        // Read: whatever the parser makes of it, the camera did its part.
        attempt = null;
        return false;
      }
      if (!scan.symbol) {
        if (attempt !== null && at - attempt.last >= options.clearMs) attempt = null;
        return false;
      }
      if (attempt === null || at - attempt.last >= options.clearMs)
        attempt = { start: at, last: at, failed: false };
      else attempt.last = at;
      if (attempt.failed || at - attempt.start < options.attemptMs) return false;
      attempt.failed = true;
      failed += 1;
      return true;
    },
    refused() {
      failed += 1;
    },
    wedgeScan(now) {
      scannerDay = vnDay(now);
      try {
        options.storage?.setItem(SCANNER_DAY_KEY, scannerDay);
      } catch {
        // Without storage the day is still known until the page reloads.
      }
    },
    report(now) {
      return { camera, scanner: scannerDay === vnDay(now), failedScans: Math.min(failed, MAX_FAILED_SCANS) };
    },
    counted(sent) {
      failed = Math.max(0, failed - sent.failedScans);
    },
  };
}

/** The browser's localStorage, or null where it is blocked. */
export function pageStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
