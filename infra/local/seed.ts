import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { generateFacilities, generatePopulation } from "#functions/registry-mock/population";
import { makeFacilityStore } from "#functions/stores/facility-store";
import { makeRegistryStore } from "#functions/stores/registry-store";
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
  _now: Date,
): Promise<string | null> {
  const facilityStore = makeFacilityStore(doc, names.facilities);
  if ((await facilityStore.listFacilities()).length > 0) return null;
  const started = Date.now();
  const facilities = generateFacilities(SIZES[size].facilities);
  const people = generatePopulation(SIZES[size].people, facilities);
  await makeRegistryStore(doc, names.registry).putPeople(people);
  await facilityStore.putFacilities(facilities);
  return `seeded ${facilities.length} facilities and ${people.length} people in ${((Date.now() - started) / 1000).toFixed(1)} s`;
}
