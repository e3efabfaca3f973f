import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_FACILITIES, FIXTURE_PEOPLE } from "#functions/gateway-mock/fixtures";
import { makePersonStore, type PersonStore } from "#functions/gateway-mock/person-store";
import { generateFacilities, generatePopulation } from "#functions/gateway-mock/population";
import { makeFacilityStore } from "#functions/stores/facility-store";
import { makeTestTables } from "#test/support/dynamo";

const facilities = generateFacilities(120);
// 3,000 people keep the shared DynamoDB Local free for the other suites; npm start seeds 12,000.
const people = generatePopulation(3_000, facilities);

describe("registry store on DynamoDB Local", () => {
  let store: PersonStore;
  let seedMs = 0;
  let written = 0;

  beforeAll(async () => {
    const { clients, names } = await makeTestTables();
    store = makePersonStore(clients.doc, names.registry);
    const started = performance.now();
    written = await store.putPeople(people);
    seedMs = performance.now() - started;
  }, 120_000);

  it("seeds thousands of people under every lookup key in seconds, not minutes", () => {
    expect(written).toBeGreaterThan(people.length * 2.5);
    console.info(`seeded ${people.length} people (${written} items) in ${(seedMs / 1000).toFixed(1)} s`);
    // About a second on an idle machine; the bound only catches item-by-item or serial writing.
    expect(seedMs).toBeLessThan(30_000);
  });

  it("finds a person by ID number, card code and social-insurance number", async () => {
    const an = FIXTURE_PEOPLE[0]?.person;
    if (an === undefined || an.card === null) throw new Error("fixture missing");
    for (const key of [
      `ID#${an.idNumber}`,
      `CARD#${an.card.cardCode}`,
      `BHXH#${an.card.cardCode.slice(-10)}`,
    ]) {
      expect(await store.findByKey(key)).toEqual(an);
    }
  });

  it("finds the person of a new card under the new code too", async () => {
    const thu = FIXTURE_PEOPLE.find((fixture) => fixture.person.card?.newCard != null)?.person;
    const code = thu?.card?.newCard?.cardCode;
    if (thu === undefined || code === undefined) throw new Error("fixture missing");
    expect((await store.findByKey(`CARD#${code}`))?.idNumber).toBe(thu.idNumber);
  });

  it("reads back generated people intact, and null for nobody", async () => {
    const somebody = people[2_500];
    if (somebody === undefined) throw new Error("population too small");
    expect(await store.findByKey(`ID#${somebody.idNumber}`)).toEqual(somebody);
    expect(await store.findByKey("ID#001000000000")).toBeNull();
  });
});

describe("facility store on DynamoDB Local", () => {
  it("puts, gets and lists every facility across scan pages", async () => {
    const { clients, names } = await makeTestTables();
    const store = makeFacilityStore(clients.doc, names.facilities, { pageSize: 25 });
    await store.putFacilities(facilities);
    expect(await store.getFacility("38001")).toEqual(
      FIXTURE_FACILITIES.find((facility) => facility.code === "38001"),
    );
    expect(await store.getFacility("99999")).toBeNull();
    const listed = await store.listFacilities();
    expect(listed).toHaveLength(facilities.length);
    expect(listed).toEqual([...facilities].sort((a, b) => a.code.localeCompare(b.code)));
  });
});
