/**
 * The national morning peak as a plan of check-ins to replay: every facility of the national data
 * set with its weekday volume on a Monday, arrivals from 06:00 to 11:00 along the day's arrival
 * curve (80 % of a day between 6:30 and 10:30), sampled and compressed in time so the local
 * system can take it. Each sampled check-in stands for 1/p real ones; the three busiest hospitals
 * are sampled more densely so their own partitions are measured, not guessed. Some scans are sent
 * twice (a double scan, a retry with the same Idempotency-Key), and some clinics send yesterday
 * afternoon's offline check-ins when they open. Pure and deterministic.
 */

import { seededRandom } from "#functions/gateway-mock/seeded-random";
import { arrivedShare, minutesAtShare } from "#infra/local/seed/arrival-curve";
import type { NationalFacility } from "#infra/local/seed/national-facilities";
import { dayLoad } from "#infra/local/seed/national-history";

export interface PeakOptions {
  /** Share of the ordinary facilities' check-ins replayed. */
  readonly sample: number;
  /** Share replayed at the busiest hospitals. */
  readonly busySample: number;
  /** How many of the busiest hospitals get `busySample`. */
  readonly busyCount: number;
  /** Local seconds the real window is replayed in. */
  readonly replaySeconds: number;
  /** Real window, minutes after midnight: 06:00 to 11:00 by default. */
  readonly fromMinutes?: number;
  readonly toMinutes?: number;
  /** Shares of sent check-ins repeated: a second scan seconds later, a retry with the same key. */
  readonly doubleScans?: number;
  readonly retries?: number;
  /** Share of the facilities' arrivals that are yesterday's offline visits synced this morning. */
  readonly late?: number;
  /** The weekday the morning is drawn for (a Monday: the busiest). */
  readonly day?: string;
  /** Days of the data set's history: a facility counts if it is active on the last one. */
  readonly historyDays?: number;
  readonly seed?: number;
}

/** One request of the replay. */
export interface PeakSend {
  /** Local milliseconds after the replay's start. */
  readonly atMs: number;
  /** Real time it stands for, minutes after midnight. */
  readonly realMinutes: number;
  readonly facility: string;
  /** Which visit it is (retries and double scans share their visit's number). */
  readonly visit: number;
  readonly kind: "new" | "double-scan" | "retry" | "late";
  /** Index of the person (into the caller's people list) and the request's Idempotency-Key. */
  readonly person: number;
  readonly key: string;
  /** For a late visit: when yesterday it was scanned, minutes after midnight. */
  readonly lateMinutes: number | null;
}

export interface PeakPlan {
  readonly sends: PeakSend[];
  /** Real check-ins each sent check-in stands for, by facility (1 / its sampling share). */
  readonly weightOf: (facility: string) => number;
  /** Real seconds per local second. */
  readonly compression: number;
  /** Real check-ins of the whole day nationally, and in the replayed window. */
  readonly dayVisits: number;
  readonly windowVisits: number;
  /** The busiest hospitals, sampled densely. */
  readonly busy: readonly string[];
  readonly visits: number;
}

/** Draws a Poisson count (normal approximation beyond 30). */
function poisson(next: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean >= 30) {
    const z = Math.sqrt(-2 * Math.log(Math.max(Number.EPSILON, next()))) * Math.cos(2 * Math.PI * next());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = next(); p > limit; p *= next()) k++;
  return k;
}

/**
 * The replay of a national morning for `facilities`, with `people` distinct people to check in
 * (a person is never planned twice at the same facility, as that would be one visit).
 */
export function planPeak(
  facilities: readonly NationalFacility[],
  people: number,
  options: PeakOptions,
): PeakPlan {
  const random = seededRandom(options.seed ?? 0x9eac);
  const day = options.day ?? "2026-11-23";
  const from = options.fromMinutes ?? 6 * 60;
  const to = options.toMinutes ?? 11 * 60;
  const windowShare = arrivedShare(to) - arrivedShare(from);
  const compression = ((to - from) * 60) / options.replaySeconds;
  const busy = [...facilities]
    .sort((a, b) => b.profile.weekdayVisits - a.profile.weekdayVisits)
    .slice(0, options.busyCount)
    .map((entry) => entry.facility.code);
  const busySet = new Set(busy);
  const share = (facility: string) => (busySet.has(facility) ? options.busySample : options.sample);
  const sends: PeakSend[] = [];
  const usedPairs = new Set<string>();
  let cursor = 0;
  let visit = 0;
  let dayVisits = 0;
  const personFor = (facility: string): number => {
    for (let tries = 0; tries < people; tries++) {
      const person = cursor++ % people;
      if (!usedPairs.has(`${person}|${facility}`)) {
        usedPairs.add(`${person}|${facility}`);
        return person;
      }
    }
    throw new Error(`no person left for ${facility}`);
  };
  const toLocal = (minutes: number) => ((minutes - from) * 60_000) / compression;
  const last = (options.historyDays ?? 366) - 1;
  for (const { facility, profile } of facilities) {
    if (profile.activeFrom > last || profile.activeTo < last) continue;
    const expected = profile.weekdayVisits * dayLoad(day, profile.kind);
    dayVisits += expected;
    const sampled = poisson(random.next, expected * windowShare * share(facility.code));
    for (let k = 0; k < sampled; k++) {
      // Arrival times follow the curve inside the window.
      const q = arrivedShare(from) + random.next() * windowShare;
      const realMinutes = minutesAtShare(q);
      const late = !busySet.has(facility.code) && realMinutes < 9 * 60 && random.chance(options.late ?? 0);
      const person = personFor(facility.code);
      const number = visit++;
      const base = {
        atMs: toLocal(realMinutes),
        realMinutes,
        facility: facility.code,
        visit: number,
        person,
        key: `peak-visit-${String(number).padStart(6, "0")}`,
      };
      // Scanned yesterday afternoon while offline, sent as the clinic opens.
      const lateMinutes = late ? 14 * 60 + random.int(0, 150) : null;
      sends.push({ ...base, kind: late ? "late" : "new", lateMinutes });
      if (random.chance(options.doubleScans ?? 0)) {
        sends.push({
          ...base,
          atMs: base.atMs + 40,
          kind: "double-scan",
          key: `peak-visit-${String(number).padStart(6, "0")}-again`,
          lateMinutes,
        });
      } else if (random.chance(options.retries ?? 0)) {
        sends.push({ ...base, atMs: base.atMs + 60, kind: "retry", lateMinutes });
      }
    }
  }
  sends.sort((a, b) => a.atMs - b.atMs);
  return {
    sends,
    weightOf: (facility) => 1 / share(facility),
    compression,
    dayVisits,
    windowVisits: dayVisits * windowShare,
    busy,
    visits: visit,
  };
}
