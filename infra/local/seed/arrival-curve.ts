/**
 * When in the day patients arrive, in Vietnam's time: the early queue from 5:30, 80 % of the day's
 * visits between 6:30 and 10:30 with the peak around 7:30–8:30, a quiet lunch and a smaller
 * afternoon. Used by the national seed (today's visits so far) and the morning-peak simulation.
 */

/** Half-hour slots from 05:30, each with its share of the day's visits (percent; they sum to 100). */
const SLOTS: ReadonlyArray<readonly [string, number]> = [
  ["05:30", 1],
  ["06:00", 3],
  ["06:30", 8],
  ["07:00", 12],
  ["07:30", 14],
  ["08:00", 13],
  ["08:30", 11],
  ["09:00", 9],
  ["09:30", 7],
  ["10:00", 6],
  ["10:30", 3.5],
  ["11:00", 2],
  ["11:30", 0.5],
  ["12:00", 0.5],
  ["12:30", 0.5],
  ["13:00", 0.5],
  ["13:30", 2.5],
  ["14:00", 2],
  ["14:30", 1.5],
  ["15:00", 1.2],
  ["15:30", 1.3],
  ["16:00", 0],
];

const SLOT_MINUTES = 30;

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

const STARTS = SLOTS.map(([start]) => minutesOf(start));
const TOTAL = SLOTS.reduce((sum, [, share]) => sum + share, 0);

/** Share of a day's visits that have arrived by `minutes` after local midnight (0 before 05:30, 1 after 16:00). */
export function arrivedShare(minutes: number): number {
  let share = 0;
  SLOTS.forEach(([, weight], index) => {
    const start = STARTS[index] ?? 0;
    const into = Math.min(SLOT_MINUTES, Math.max(0, minutes - start));
    share += (weight * into) / SLOT_MINUTES;
  });
  return Math.min(1, share / TOTAL);
}

/** Share of a day's visits arriving between two times of day (minutes after local midnight). */
export function shareBetween(fromMinutes: number, toMinutes: number): number {
  return arrivedShare(toMinutes) - arrivedShare(fromMinutes);
}

/** Minutes after local midnight of a Vietnamese time. */
export function vnMinutesOf(at: Date): number {
  return Math.floor((((at.getTime() / 60_000 + 7 * 60) % 1440) + 1440) % 1440);
}

/**
 * The time of day (minutes after midnight, fractional) at which the share `q` (0–1) of the day's
 * visits has arrived: drawing `q` uniformly gives arrival times that follow the curve.
 */
export function minutesAtShare(q: number): number {
  let before = 0;
  for (let index = 0; index < SLOTS.length; index++) {
    const weight = (SLOTS[index]?.[1] ?? 0) / TOTAL;
    if (weight > 0 && before + weight >= q)
      return (STARTS[index] ?? 0) + ((q - before) / weight) * SLOT_MINUTES;
    before += weight;
  }
  return STARTS.at(-1) ?? 0;
}
