import type { MockPerson } from "#functions/gateway-mock/mock-person";
import { generateFacilities, generatePopulation } from "#functions/gateway-mock/population";

/**
 * Hands out the demo population's people `from` to `to` (exclusive) one at a time, so the tests that
 * share a local app each use people no other test has checked in today.
 */
export function demoPeople(from: number, to: number): () => MockPerson {
  const people = generatePopulation(300, generateFacilities(120)).slice(from, to);
  let next = 0;
  return () => {
    const chosen = people[next++];
    if (chosen === undefined) throw new Error(`only ${people.length} people were set aside`);
    return chosen;
  };
}
