import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { vnDay } from "#domain/vn-time";
import type { FacilitySecretBox } from "#functions/gateway/facility-secret-box";
import { makePersonStore } from "#functions/gateway-mock/person-store";
import { generateFacilities, generatePopulation } from "#functions/gateway-mock/population";
import { makeFacilityStore } from "#functions/stores/facility-store";
import type { TableNames } from "../table-definitions.ts";
import { seedDemoHistory } from "./demo-history.ts";
import { nationalDataSet } from "./national-history.ts";
import { type NationalSeedSummary, seedNationalHistory } from "./national-seed.ts";
import { seedGatewayAccounts } from "./seed-gateway-accounts.ts";
import { kindOfDemoFacility, seedRooms } from "./seed-rooms.ts";

/**
 * full: the demo (10,516 people with the fixtures, 120 facilities with their exam rooms); small:
 * fixtures plus a few hundred people, no rooms, for tests; national: the demo's registry, 12,851
 * facilities with their exam rooms and a year of national history as counters and roll-ups
 * (national-seed.ts).
 */
export type SeedSize = "full" | "small" | "national";

const SIZES: Record<SeedSize, { facilities: number; people: number }> = {
  full: { facilities: 120, people: 10_500 },
  small: { facilities: 120, people: 300 },
  national: { facilities: 120, people: 10_500 },
};

const count = (value: number) => value.toLocaleString("en-US");

function duration(seconds: number): string {
  if (seconds < 90) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** What the national seed loaded and how long each part took, for the start-up output. */
function nationalSeedLines(
  summary: NationalSeedSummary,
  people: number,
  seconds: { people: number; facilities: number; total: number },
): string[] {
  const { busiest } = summary;
  return [
    `seeded the national data set in ${duration(seconds.total)}: ${count(summary.facilities)} facilities in ${summary.provinces} provinces, ${summary.days} days, ${count(summary.checkins)} check-ins (${count(summary.today)} of them today so far)`,
    `  busiest: ${busiest.name} (${busiest.facility}), ${count(busiest.visits)} check-ins on ${busiest.day}; ${count(summary.noQr)} facilities never scanned a QR code, ${count(summary.idle)} never checked anyone in`,
    `  wrote ${count(summary.facilities)} facilities (${duration(seconds.facilities)}), ${count(people)} registry people (${duration(seconds.people)}), ${count(summary.counterItems)} day counters for the ${summary.counterDays} days a check-in can still reach (${duration(summary.seconds.counters)}), ${count(summary.blockItems)} roll-up blocks through ${summary.rolledThrough ?? "-"} (${duration(summary.seconds.rollup)})`,
  ];
}

/** Seeds facilities and the mock registry when the facilities table is empty; says what it did. */
export async function seedIfEmpty(
  doc: DynamoDBDocumentClient,
  names: TableNames,
  size: SeedSize,
  now: Date,
  options: {
    demoCheckins?: number;
    counterShards?: number;
    log?: (line: string) => void;
    /** Seals the demo facilities' gateway passwords; without it no gateway account is seeded. */
    secretBox?: FacilitySecretBox;
  } = {},
): Promise<string | null> {
  const facilityStore = makeFacilityStore(doc, names.facilities);
  if ((await facilityStore.listFacilities()).length > 0) return null;
  const started = Date.now();
  const facilities = generateFacilities(SIZES[size].facilities);
  const people = generatePopulation(SIZES[size].people, facilities);
  await makePersonStore(doc, names.registry).putPeople(people);
  const peopleSeconds = (Date.now() - started) / 1000;
  if (size === "national") {
    options.log?.(`seeding the national data set (12,851 facilities, 366 days); this takes a few minutes`);
    const data = nationalDataSet({ today: vnDay(now) });
    const summary = await seedNationalHistory(doc, names, data, now, {
      ...(options.counterShards === undefined ? {} : { counterShards: options.counterShards }),
      ...(options.log === undefined ? {} : { log: options.log }),
    });
    // Facilities go last: their presence is what marks the seed as complete.
    const facilitiesStarted = Date.now();
    const rooms = await seedRooms(
      doc,
      names.checkins,
      data.facilities.map((entry) => ({ facility: entry.facility, kind: entry.profile.kind })),
    );
    await facilityStore.putFacilities(data.facilities.map((entry) => entry.facility));
    return [
      ...nationalSeedLines(summary, people.length, {
        people: peopleSeconds,
        facilities: (Date.now() - facilitiesStarted) / 1000,
        total: (Date.now() - started) / 1000,
      }),
      `  with ${count(rooms)} exam rooms`,
    ].join("\n");
  }
  // Facilities go last: their presence is what marks the seed as complete.
  const demoCheckins = options.demoCheckins ?? (size === "full" ? 2_500 : 0);
  const history =
    demoCheckins > 0
      ? await seedDemoHistory(doc, names, facilities, people, now, {
          checkins: demoCheckins,
          ...(options.counterShards === undefined ? {} : { counterShards: options.counterShards }),
        })
      : null;
  // The small test seed keeps facilities without rooms: a check-in there takes the facility's number.
  const rooms =
    size === "small"
      ? 0
      : await seedRooms(
          doc,
          names.checkins,
          facilities.map((facility) => ({ facility, kind: kindOfDemoFacility(facility) })),
        );
  if (options.secretBox !== undefined) {
    await seedGatewayAccounts(
      doc,
      names.gatewayAccounts,
      facilities.map((facility) => facility.code),
      options.secretBox,
      now,
    );
  }
  await facilityStore.putFacilities(facilities);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const demo = history === null ? "" : ` and ${history.checkins} demo check-ins over ${history.days} days`;
  const withRooms = rooms === 0 ? "" : `, ${rooms} exam rooms`;
  return `seeded ${facilities.length} facilities${withRooms}, ${people.length} people${demo} in ${seconds} s`;
}
