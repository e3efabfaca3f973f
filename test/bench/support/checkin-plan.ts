import { randomUUID } from "node:crypto";
import { generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";

/** The people the seed holds: the same generator and sizes as infra/local/seed.ts. */
export const SEED_PEOPLE = { full: 10_500, small: 300 } as const;

/** One check-in to send. */
export interface PlannedCheckin {
  readonly facility: string;
  readonly payload: string;
  readonly idNumber: string;
  readonly idempotencyKey: string;
  /** A second check-in of someone already checked in here: the API answers 200 duplicate. */
  readonly repeat: boolean;
}

/**
 * Realistic check-ins for the load test: distinct people from the seeded registry, each at
 * their registered facility first (then at the next facilities, once all were used), so no
 * two new check-ins are duplicates; every fifth one repeats someone whose check-in already
 * answered 201. Every request carries its own Idempotency-Key, as the reception page sends.
 */
export function makeCheckinPlan(seed: keyof typeof SEED_PEOPLE) {
  const facilities = generateFacilities(120).map((facility) => facility.code);
  // A card with a planned fault makes the mock sleep like a dead gateway: that is a fault test, not load.
  const people = generatePopulation(SEED_PEOPLE[seed], generateFacilities(120)).filter(
    (person) => person.card?.fault === undefined || person.card.fault === null,
  );
  const done: PlannedCheckin[] = [];
  let cursor = 0;
  let sequence = 0;
  let keys = 0;
  const run = randomUUID().slice(0, 8);
  const newKey = () => `bench-${run}-${keys++}`;

  function nextNew(): PlannedCheckin {
    const index = cursor % people.length;
    const round = Math.floor(cursor / people.length);
    cursor++;
    const person = people[index];
    if (person === undefined) throw new Error("no people to check in");
    const home = facilities.indexOf(person.card?.registeredFacility ?? "");
    const base = home >= 0 ? home : index % facilities.length;
    return {
      facility: facilities[(base + round) % facilities.length] ?? "01001",
      payload: qrOf(person),
      idNumber: person.idNumber,
      idempotencyKey: newKey(),
      repeat: false,
    };
  }

  return {
    facilities,
    people: people.length,
    /** The next check-in: a new person, or every fifth time a repeat of a completed one. */
    next(): PlannedCheckin {
      sequence++;
      if (sequence % 5 === 0 && done.length > 0) {
        // Spread repeats over the recent past, as a receptionist re-scanning a card would.
        const recent = Math.min(done.length, 500);
        const earlier = done[done.length - 1 - ((sequence * 7919) % recent)];
        if (earlier !== undefined) {
          return { ...earlier, idempotencyKey: newKey(), repeat: true };
        }
      }
      return nextNew();
    },
    /** The next new person, never a repeat. */
    fresh: nextNew,
    /** Marks a new check-in as answered 201, so that it can be repeated. */
    completed(checkin: PlannedCheckin): void {
      if (!checkin.repeat) done.push(checkin);
    },
  };
}

export type CheckinPlan = ReturnType<typeof makeCheckinPlan>;
