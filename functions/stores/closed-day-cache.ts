/**
 * The counters of days that are over, kept in memory by partition: an entry is used only while it
 * is younger than `ttlMs` and its day's revision is unchanged; past `maxTallies`, the least
 * recently used go first.
 */
import type { DayTally } from "#domain/scan-rate";

export interface ClosedDayCacheLimits {
  readonly ttlMs: number;
  readonly maxTallies: number;
}

/** Builds an empty cache. */
export function makeClosedDayCache(limits: ClosedDayCacheLimits) {
  // Insertion order is recency order: a hit is moved to the end, eviction takes from the front.
  const entries = new Map<string, { storedAt: number; revision: number; tallies: readonly DayTally[] }>();
  let size = 0;

  return {
    /** The tallies kept for `key`, if still fresh and of the same revision. */
    get(key: string, nowMs: number, revision: number): readonly DayTally[] | undefined {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      if (nowMs - entry.storedAt > limits.ttlMs || entry.revision !== revision) {
        size -= entry.tallies.length;
        return undefined;
      }
      entries.set(key, entry);
      return entry.tallies;
    },

    /** Keeps the tallies of `key`, dropping the least recently used past the limit. */
    put(key: string, tallies: readonly DayTally[], nowMs: number, revision: number): void {
      if (tallies.length > limits.maxTallies) return;
      const previous = entries.get(key);
      if (previous !== undefined) size -= previous.tallies.length;
      entries.set(key, { storedAt: nowMs, revision, tallies });
      size += tallies.length;
      for (const [oldest, entry] of entries) {
        if (size <= limits.maxTallies) break;
        entries.delete(oldest);
        size -= entry.tallies.length;
      }
    },
  };
}

export type ClosedDayCache = ReturnType<typeof makeClosedDayCache>;
