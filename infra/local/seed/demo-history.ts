/**
 * Demo history for `npm start`: 30 days of synthetic check-ins so the dashboard has something to
 * rank. Every visit is built by the live check-in service (payload parsing, the mock gateway's own
 * rules asked in process, the coverage decision, the stored record) with a clock set to the
 * visit's time. Today's visits are stored by the check-in transaction itself; past days' are
 * bulk-written with counters summed from the same records (checkin-history.ts), so
 * the counters equal the log either way.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import pMap from "p-map";
import { ConflictError, InputError } from "#domain/errors";
import type { Facility } from "#domain/facility";
import type { ReaderReport } from "#domain/reader-health";
import type { Channel, Identity, Method } from "#domain/types";
import { addDays, daysBetween, vnDay } from "#domain/vn-time";
import { checkinSettingsSchema, checkinStoreConfig } from "#functions/config/settings";
import type { CardCheck } from "#functions/gateway/gateway-client";
import { gatewayAnswerSchema } from "#functions/gateway/gateway-schema";
import { answerCardQuery } from "#functions/gateway-mock/gateway-rules";
import type { MockPerson } from "#functions/gateway-mock/mock-person";
import { qrOf } from "#functions/gateway-mock/population";
import { type SeededRandom, seededRandom } from "#functions/gateway-mock/seeded-random";
import { type CheckinDeps, checkIn } from "#functions/services/check-in";
import { checkinKey } from "#functions/stores/checkin-keys";
import type { CheckinRecord } from "#functions/stores/checkin-record";
import { type CheckinStore, makeCheckinStore } from "#functions/stores/checkin-store";
import type { TableNames } from "../table-definitions.ts";
import { putCheckinHistory } from "./checkin-bulk-load.ts";
import { makeTallyLoader } from "./counter-tallies.ts";
import {
  channelWith,
  GUARANTEED_QR_SHARE,
  GUARANTEED_SETUPS,
  readerReportFor,
  readerSetupOf,
} from "./demo-readers.ts";

export interface DemoHistoryOptions {
  /** Days of history ending today (today up to `now` included); default 30. */
  readonly days?: number;
  /**
   * Check-ins to aim for in all. Default 4,000: past days are bulk-written (~500 a second on two
   * busy cores), today's go through the check-in transaction, so seeding stays around 10 s.
   */
  readonly checkins?: number;
  /** Seed of every random choice; the same seed, day and inputs give the same history. */
  readonly seed?: number;
  /** Facilities written at once (each facility's visits are written in time order). */
  readonly concurrency?: number;
  /** COUNTER_SHARDS of the functions that will read the counters. */
  readonly counterShards?: number;
}

export interface DemoHistorySummary {
  readonly checkins: number;
  readonly facilities: number;
  /** Facilities left without any check-in, so the dashboard's "no check-ins" list is not empty. */
  readonly idleFacilities: number;
  readonly days: number;
  readonly seconds: number;
}

/** How a facility behaves: how busy it is and how far it has moved to QR check-ins. */
interface Profile {
  readonly weight: number;
  /** Share of QR check-ins at the start of the period; it drifts up by `drift` by the end. */
  readonly qrShare: number;
  readonly drift: number;
  /** Share of its QR check-ins made with the VNeID app rather than the card. */
  readonly vneidShare: number;
  readonly hasKiosk: boolean;
  /** How far behind it is: leader, good, middle, lagging or no-qr. */
  readonly kind: string;
}

interface Visit {
  readonly at: Date;
  readonly method: Method;
  readonly channel: Channel;
  readonly person: MockPerson;
  readonly reader: ReaderReport;
}

const DEFAULT_SEED = 20_260_106;
/** Mixed into the seed for the readers' own stream. */
const READER_SEED = 0x7ead;
/** Relative volume by day of the week, Sunday first: clinics are quiet at weekends. */
const WEEKDAY_LOAD = [0.12, 1, 0.95, 0.95, 0.9, 0.9, 0.45];

function profileOf(facility: Facility, random: SeededRandom): Profile {
  const hospital = facility.name.startsWith("Bệnh viện");
  const kind = random.weighted([
    ["leader", 2],
    ["good", 3],
    ["middle", 4],
    ["lagging", 2],
    ["no-qr", 0.6],
  ] as const);
  const qrShare = {
    leader: 0.85 + random.next() * 0.1,
    good: 0.55 + random.next() * 0.2,
    middle: 0.3 + random.next() * 0.25,
    lagging: 0.08 + random.next() * 0.1,
    "no-qr": 0,
  }[kind];
  return {
    weight: (hospital ? 2.5 : 1) * (0.3 + random.next() * 1.7),
    qrShare,
    // Đề án 06 pushes facilities towards QR: most improve a little over the month.
    drift: kind === "no-qr" || kind === "leader" ? 0 : random.next() * 0.1,
    vneidShare: 0.1 + random.next() * 0.25,
    hasKiosk: hospital && random.chance(0.6),
    kind,
  };
}

/** A time of day in Vietnam: most visits in the morning, from the early queue to before noon. */
function visitTime(day: string, random: SeededRandom): Date {
  const morning = random.chance(0.8);
  const minutes = morning ? random.int(6 * 60, 11 * 60 + 30) : random.int(13 * 60 + 30, 16 * 60 + 30);
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
  const mm = String(minutes % 60).padStart(2, "0");
  return new Date(`${day}T${hh}:${mm}:${String(random.int(0, 59)).padStart(2, "0")}+07:00`);
}

function methodOf(profile: Profile, progress: number, person: MockPerson, random: SeededRandom): Method {
  if (random.chance(Math.min(1, profile.qrShare + profile.drift * progress))) {
    return random.chance(profile.vneidShare) ? "qr-vneid" : "qr-cccd";
  }
  return person.card !== null && random.chance(0.55) ? "bhyt-card" : "manual-id";
}

function channelOf(method: Method, profile: Profile, random: SeededRandom): Channel {
  if (method === "manual-id") return "typed";
  if (method === "bhyt-card") return random.chance(0.7) ? "scanner" : "typed";
  if (profile.hasKiosk && random.chance(0.3)) return "kiosk";
  return random.chance(0.6) ? "scanner" : "camera";
}

function payloadOf(method: Method, person: MockPerson): string {
  if (method === "manual-id") return person.idNumber;
  if (method === "bhyt-card") return person.card?.cardCode ?? person.idNumber;
  return qrOf(person);
}

/** The mock gateway's rules, asked in process: the same answers as over HTTP, without the round trip. */
function inProcessGateway(people: readonly MockPerson[]): CheckinDeps["gateway"] {
  const byKey = new Map<string, MockPerson>();
  for (const person of people) {
    byKey.set(person.idNumber, person);
    if (person.card !== null) byKey.set(person.card.cardCode, person);
  }
  return {
    async checkCard(identity: Identity, today: string): Promise<CardCheck> {
      const maThe = identity.idNumber ?? identity.cardCode ?? "";
      const outcome = answerCardQuery(byKey.get(maThe) ?? null, { maThe, hoTen: "", ngaySinh: "" }, today);
      if (outcome.fault !== null)
        return { kind: "unavailable", reason: "timeout", resultCode: null, latencyMs: 0 };
      return { kind: "answer", answer: gatewayAnswerSchema.parse(outcome.answer), latencyMs: 0 };
    },
  };
}

/** A check-in id shaped like a UUID, drawn from the seeded stream so the history is reproducible. */
function idFrom(random: SeededRandom): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Plans every facility's visits, in time order, before anything is written. */
function planVisits(
  facilities: readonly Facility[],
  people: readonly MockPerson[],
  now: Date,
  days: readonly string[],
  target: number,
  random: SeededRandom,
  readerRandom: SeededRandom,
): Map<string, Visit[]> {
  const registeredAt = new Map<string, MockPerson[]>();
  for (const person of people) {
    const facility = person.card?.registeredFacility;
    if (facility !== undefined) registeredAt.set(facility, [...(registeredAt.get(facility) ?? []), person]);
  }
  const profiles: Array<{ facility: Facility; profile: Profile }> = facilities.map((facility) => ({
    facility,
    profile: profileOf(facility, random),
  }));
  // A few facilities never check anyone in: they must show up apart, not as 0 %.
  const idle = new Set(
    profiles
      .filter(({ facility }) => !facility.name.includes("(mẫu)"))
      .filter(() => random.chance(0.05))
      .map(({ facility }) => facility.code),
  );
  // Every cause of a low rate shows: the busiest facilities outside the fixtures get one each.
  const setups = new Map(
    profiles.map(({ facility, profile }) => [facility.code, readerSetupOf(profile.kind, readerRandom)]),
  );
  const guaranteed = profiles
    .filter(({ facility }) => !idle.has(facility.code) && !facility.name.includes("(mẫu)"))
    .sort((a, b) => b.profile.weight - a.profile.weight)
    .slice(0, GUARANTEED_SETUPS.length);
  for (const [index, entry] of guaranteed.entries()) {
    const setup = GUARANTEED_SETUPS[index] ?? "none";
    setups.set(entry.facility.code, setup);
    entry.profile = { ...entry.profile, qrShare: GUARANTEED_QR_SHARE[setup], drift: 0, hasKiosk: false };
  }
  const dayLoad = days.map((day) => WEEKDAY_LOAD[new Date(`${day}T00:00:00Z`).getUTCDay()] ?? 1);
  const loadSum = dayLoad.reduce((sum, load) => sum + load, 0);
  const weightSum = profiles
    .filter(({ facility }) => !idle.has(facility.code))
    .reduce((sum, { profile }) => sum + profile.weight, 0);
  const plans = new Map<string, Visit[]>();
  for (const { facility, profile } of profiles) {
    if (idle.has(facility.code)) continue;
    const local = registeredAt.get(facility.code) ?? [];
    const visits: Visit[] = [];
    const lastSeen = new Map<string, number>();
    days.forEach((day, index) => {
      const expected = (target * profile.weight * (dayLoad[index] ?? 1)) / (weightSum * loadSum);
      // Round the expectation randomly so small facilities still see a visit now and then.
      const count = Math.floor(expected) + (random.chance(expected % 1) ? 1 : 0);
      for (let k = 0; k < count; k++) {
        const at = visitTime(day, random);
        if (at.getTime() > now.getTime()) continue;
        const person = local.length > 0 && random.chance(0.8) ? random.pick(local) : random.pick(people);
        // The same person twice within the duplicate window would be one visit: keep them apart.
        const previous = lastSeen.get(person.idNumber);
        if (previous !== undefined && Math.abs(at.getTime() - previous) < 15 * 60_000) continue;
        lastSeen.set(person.idNumber, at.getTime());
        const method = methodOf(profile, index / Math.max(1, days.length - 1), person, random);
        const setup = setups.get(facility.code) ?? "working";
        const channel = channelWith(setup, method, channelOf(method, profile, random));
        visits.push({
          at,
          method,
          channel,
          person,
          reader: readerReportFor(setup, method, channel, readerRandom),
        });
      }
    });
    visits.sort((a, b) => a.at.getTime() - b.at.getTime());
    plans.set(facility.code, visits);
  }
  return plans;
}

/**
 * Seeds `days` days of check-ins (ending at `now`) for the given facilities and registry people:
 * busier hospitals, quiet weekends, most visits in the morning, QR shares from none to about 90 %,
 * a few facilities with no check-ins at all. Deterministic for a seed, `now` and inputs.
 */
export async function seedDemoHistory(
  doc: DynamoDBDocumentClient,
  names: TableNames,
  facilities: readonly Facility[],
  people: readonly MockPerson[],
  now: Date,
  options: DemoHistoryOptions = {},
): Promise<DemoHistorySummary> {
  const started = performance.now();
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const today = vnDay(now);
  const days = daysBetween(addDays(today, -((options.days ?? 30) - 1)), today);
  const readerRandom = seededRandom((options.seed ?? DEFAULT_SEED) ^ READER_SEED);
  const plans = planVisits(facilities, people, now, days, options.checkins ?? 4_000, random, readerRandom);
  // The live functions' settings, defaults included (duplicate window, retention), over these tables.
  const settings = checkinSettingsSchema.parse({
    CHECKINS_TABLE: names.checkins,
    COUNTERS_TABLE: names.counters,
    IDEMPOTENCY_TABLE: names.idempotency,
    ...(options.counterShards === undefined ? {} : { COUNTER_SHARDS: options.counterShards }),
  });
  const storeConfig = checkinStoreConfig(settings);
  const liveStore = makeCheckinStore(doc, storeConfig);
  const queues = new Map<string, number>();
  const history: Array<{ record: CheckinRecord; at: Date }> = [];
  const store: CheckinStore = {
    ...liveStore,
    // The plan never repeats a person within the duplicate window; today's transaction still checks it.
    preRead: async () => ({ duplicateOf: null, replay: null }),
    // Past days' queues are numbered here (nobody takes a number on a past day again); today's
    // go through the live counter so the receptionists' next numbers follow on.
    nextQueueNumber: async (facility, day) => {
      if (day === today) return await liveStore.nextQueueNumber(facility, day);
      const next = (queues.get(`${facility}#${day}`) ?? 0) + 1;
      queues.set(`${facility}#${day}`, next);
      return next;
    },
    // Today's visits take the live transaction; past days', built by the same service, are kept
    // for one bulk write (a transaction each is ~10x slower on DynamoDB Local, too slow for start-up).
    record: async (record, recordOptions) => {
      if (record.day === today) return await liveStore.record(record, recordOptions);
      const key = checkinKey(record.facility, record.day, recordOptions.at, record.checkinId);
      history.push({ record: { ...record, ...key }, at: recordOptions.now });
      return { kind: "created" };
    },
  };
  const gateway = inProcessGateway(people);
  const ids = new Map([...plans.keys()].map((code) => [code, seededRandom(random.int(0, 2 ** 31))]));
  const written = await pMap(
    [...plans.entries()],
    async ([code, visits]) => {
      const idRandom = ids.get(code) ?? random;
      let count = 0;
      for (const visit of visits) {
        try {
          const outcome = await checkIn(
            { store, gateway, now: () => visit.at, newId: () => idFrom(idRandom) },
            {
              facility: code,
              user: "demo-history",
              method: visit.method,
              payload: payloadOf(visit.method, visit.person),
              channel: visit.channel,
              idempotencyKey: null,
              scannedAt: null,
              offlineQueue: null,
              reader: visit.reader,
            },
          );
          if (outcome.statusCode === 201) count += 1;
        } catch (error) {
          // A generated card the payload rules refuse on that day (e.g. not yet issued) is just skipped.
          if (!(error instanceof InputError || error instanceof ConflictError)) throw error;
        }
      }
      return count;
    },
    { concurrency: options.concurrency ?? 12 },
  );
  const recordedAt = new Map(history.map(({ record, at }) => [record.checkinId, at]));
  const counters = makeTallyLoader(doc, {
    countersTable: storeConfig.countersTable,
    counterShards: storeConfig.counterShards,
  });
  await putCheckinHistory(doc, counters, {
    checkinsTable: storeConfig.checkinsTable,
    retentionDays: storeConfig.retentionDays,
    records: history.map(({ record }) => record),
    recordedAt: (record) => recordedAt.get(record.checkinId) ?? now,
  });
  return {
    checkins: written.reduce((sum, count) => sum + count, 0),
    facilities: plans.size,
    idleFacilities: facilities.length - plans.size,
    days: days.length,
    seconds: (performance.now() - started) / 1000,
  };
}
