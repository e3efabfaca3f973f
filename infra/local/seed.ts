import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { generateFacilities, generatePopulation } from "#functions/registry-mock/population";
import { makeFacilityStore } from "#functions/stores/facility-store";
import { makeRegistryStore } from "#functions/stores/registry-store";
import { seedDemoHistory } from "./demo-history.ts";
import type { TableNames } from "./table-definitions.ts";

/** full: the demo (10,516 people with the fixtures, 120 facilities); small: fixtures plus a few hundred people, for tests. */
export type SeedSize = "full" | "small";

const SIZES: Record<SeedSize, { facilities: number; people: number }> = {
  full: { facilities: 120, people: 10_500 },
  small: { facilities: 120, people: 300 },
};

/** Seeds facilities and the mock registry when the facilities table is empty; says what it did. */
export async function seedIfEmpty(
  doc: DynamoDBDocumentClient,
  names: TableNames,
  size: SeedSize,
  now: Date,
  options: { demoCheckins?: number; counterShards?: number } = {},
): Promise<string | null> {
  const facilityStore = makeFacilityStore(doc, names.facilities);
  if ((await facilityStore.listFacilities()).length > 0) return null;
  const started = Date.now();
  const facilities = generateFacilities(SIZES[size].facilities);
  const people = generatePopulation(SIZES[size].people, facilities);
  await makeRegistryStore(doc, names.registry).putPeople(people);
  // Facilities go last: their presence is what marks the seed as complete.
  const demoCheckins = options.demoCheckins ?? (size === "full" ? 2_500 : 0);
  const history =
    demoCheckins > 0
      ? await seedDemoHistory(doc, names, facilities, people, now, {
          checkins: demoCheckins,
          ...(options.counterShards === undefined ? {} : { counterShards: options.counterShards }),
        })
      : null;
  await facilityStore.putFacilities(facilities);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const demo = history === null ? "" : ` and ${history.checkins} demo check-ins over ${history.days} days`;
  return `seeded ${facilities.length} facilities, ${people.length} people${demo} in ${seconds} s`;
}
