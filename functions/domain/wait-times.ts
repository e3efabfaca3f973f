/**
 * Waits from check-in to first call, counted like every other figure: each first call adds one to
 * its facility-day's histogram of fixed buckets (counter attributes `w:<from>`), the roll-up sums
 * them by name like any counter, and the median and 90th percentile of a period come from the
 * merged histogram, so they are exact at the buckets' resolution and cost the same for a year as
 * for a day. Pure.
 */
import type { Counts } from "./counts.ts";

/**
 * Lower bounds of the buckets, in minutes: 5 minutes wide under an hour, 15 under two hours,
 * 30 under four, then one bucket for four hours or more. Few and fixed, so a province's rolled-up
 * block keeps one short column list.
 */
const WAIT_BUCKETS: readonly number[] = [
  0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 75, 90, 105, 120, 150, 180, 210, 240,
];

const PREFIX = "w:";

/** The counter attribute of a bucket. */
export const waitAttr = (from: number) => `${PREFIX}${from}`;

/** The bucket (its lower bound in minutes) a wait falls in; a negative wait (clock skew) is 0. */
export function waitBucketOf(waitMs: number): number {
  const minutes = Math.max(0, waitMs) / 60_000;
  let bucket = 0;
  for (const from of WAIT_BUCKETS) if (minutes >= from) bucket = from;
  return bucket;
}

/** A percentile as the bucket it lies in: from `from` minutes up to `to` (null: no upper bound). */
export interface WaitBucket {
  readonly from: number;
  readonly to: number | null;
}

/** The waits of a period: how many first calls, and their median and 90th percentile. */
export interface WaitFigures {
  readonly calls: number;
  readonly median: WaitBucket | null;
  readonly p90: WaitBucket | null;
}

/** The wait histogram held in counts (bucket lower bound → first calls). */
export function waitHistogramOf(counts: Readonly<Counts>): Map<number, number> {
  const histogram = new Map<number, number>();
  for (const from of WAIT_BUCKETS) {
    const value = counts[waitAttr(from)] ?? 0;
    if (value > 0) histogram.set(from, value);
  }
  return histogram;
}

function bucketAt(histogram: ReadonlyMap<number, number>, rank: number): WaitBucket | null {
  let seen = 0;
  for (const [index, from] of WAIT_BUCKETS.entries()) {
    seen += histogram.get(from) ?? 0;
    if (seen >= rank) return { from, to: WAIT_BUCKETS[index + 1] ?? null };
  }
  return null;
}

/**
 * The median and 90th percentile of a histogram, nearest rank: the bucket holding the
 * ⌈p·n⌉-th shortest wait (waits of 1, 2, …, 20 minutes: median the 10th, in 10–15; p90 the 18th,
 * in 15–20).
 */
export function waitFiguresOf(histogram: ReadonlyMap<number, number>): WaitFigures {
  let calls = 0;
  for (const value of histogram.values()) calls += value;
  if (calls === 0) return { calls: 0, median: null, p90: null };
  return {
    calls,
    median: bucketAt(histogram, Math.ceil(calls * 0.5)),
    p90: bucketAt(histogram, Math.ceil(calls * 0.9)),
  };
}

/** "10–15" or "240+" (minutes), as the CSV and the pages show a bucket. */
export function waitBucketText(bucket: WaitBucket | null): string {
  if (bucket === null) return "";
  return bucket.to === null ? `${bucket.from}+` : `${bucket.from}–${bucket.to}`;
}
