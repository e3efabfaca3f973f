import type { TallyStore } from "#functions/stores/tally-store";
import type { LimitedCaller } from "./access-limits.ts";

/**
 * The metric of the enumeration alarm: typed look-ups beyond check-ins in the current hour, of the
 * account or facility that just looked someone up (dimension `scope`: `user` or `facility`).
 */
export const LOOKUPS_BEYOND_CHECKINS_METRIC = "LookupsBeyondCheckins";

/** Who a tally counts for. */
export type TallyScope = "user" | "facility";

/** The tallies' window: an hour, so a walk shows within minutes and an honest morning never adds up. */
const TALLY_WINDOW_SECONDS = 3_600;

export interface EnumerationWatchDeps {
  readonly tallies: TallyStore;
  readonly now: () => Date;
  /** Publishes the metric: how far this scope's typed look-ups run ahead of its check-ins. */
  readonly publish: (scope: TallyScope, lookupsBeyondCheckins: number) => void;
  /** Told when a tally cannot be written; the call it counts goes on. */
  readonly onError: (error: unknown) => void;
}

function keysOf(caller: LimitedCaller): Array<[TallyScope, string]> {
  const keys: Array<[TallyScope, string]> = [["user", `user#${caller.user}`]];
  if (caller.facility !== null) keys.push(["facility", `facility#${caller.facility}`]);
  return keys;
}

/**
 * Counts, per account and per facility, the people looked up by a typed number and the people
 * checked in at the counter. One who looks up far more people than they check in walks the
 * registry; the alarm compares the two. Tallies never refuse a call and never fail one.
 */
export function makeEnumerationWatch(deps: EnumerationWatchDeps) {
  async function add(caller: LimitedCaller, field: "lookups" | "checkins"): Promise<void> {
    try {
      const at = deps.now();
      await Promise.all(
        keysOf(caller).map(async ([scope, key]) => {
          const counts = await deps.tallies.add(key, field, at, TALLY_WINDOW_SECONDS);
          if (field === "lookups") deps.publish(scope, Math.max(0, counts.lookups - counts.checkins));
        }),
      );
    } catch (error) {
      deps.onError(error);
    }
  }
  return {
    /** One person looked up by a typed number (admitted, so the gateway is asked). */
    lookedUp: (caller: LimitedCaller) => add(caller, "lookups"),
    /** One person checked in at a reception counter (kiosks look nobody up). */
    checkedIn: (caller: LimitedCaller) => add(caller, "checkins"),
  };
}
