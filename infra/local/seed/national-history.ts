/**
 * The national synthetic history, one facility-day at a time: how many patients a facility checked
 * in on a day and how (method, coverage, channel), drawn from its profile, the weekly rhythm and
 * the holidays. Each facility-day has its own seeded stream, so any day can be drawn again alone
 * and gives the same counts: the seed, the roll-up it feeds and the benchmarks' recount agree.
 */
import type { Method } from "#domain/types";
import { addDays } from "#domain/vn-time";
import { stableHash } from "#functions/stores/stable-hash";
import type { CounterTally } from "./counter-tallies.ts";
import {
  FACILITY_KINDS,
  type FacilityKind,
  type FacilityProfile,
  generateNationalFacilities,
  NATIONAL_FACILITIES,
  type NationalFacility,
} from "./national-facilities.ts";

/** Relative volume by day of the week, Sunday first: hospitals keep some weekend service, stations mostly close. */
const WEEKLY: Readonly<Record<"hospital" | "local", readonly number[]>> = {
  hospital: [0.22, 1.08, 1, 0.98, 0.95, 0.93, 0.55],
  local: [0.06, 1.05, 1, 1, 0.97, 0.95, 0.4],
};

/** Public holidays with fixed dates (MM-DD): volume of a Sunday. */
const HOLIDAYS = new Set(["01-01", "04-30", "05-01", "09-02"]);
/** First day of the lunar new year (Tết); the week around it is very quiet. */
const TET = ["2025-01-29", "2026-02-17", "2027-02-06", "2028-01-26", "2029-02-13"];

const rhythmOf = (kind: FacilityKind) =>
  kind === "commune-station" || kind === "clinic" ? WEEKLY.local : WEEKLY.hospital;

/** Whole days from `b` to `a`. */
function daysApart(a: string, b: string): number {
  return Math.round((Date.parse(a) - Date.parse(b)) / 86_400_000);
}

/** The day's volume against an ordinary weekday, for a kind of facility. */
export function dayLoad(day: string, kind: FacilityKind): number {
  const rhythm = rhythmOf(kind);
  const sunday = rhythm[0] ?? 0.1;
  if (TET.some((tet) => daysApart(day, tet) >= -2 && daysApart(day, tet) <= 4)) return sunday * 0.8;
  if (HOLIDAYS.has(day.slice(5))) return sunday;
  return rhythm[new Date(`${day}T00:00:00Z`).getUTCDay()] ?? 1;
}

/**
 * A reseedable mulberry32 stream (the generator of seeded-random.ts): one object serves every
 * facility-day in turn, as millions of them are drawn for a year.
 */
class Stream {
  private state = 0;

  reset(seed: number): this {
    this.state = seed >>> 0;
    return this;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

type SeededRandom = Pick<Stream, "next">;

/** A standard normal draw (Box–Muller). */
function gaussian(random: SeededRandom): number {
  const u = Math.max(Number.EPSILON, random.next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/** A Poisson draw: exact for small means, the normal approximation beyond. */
function poisson(random: SeededRandom, mean: number): number {
  if (mean <= 0) return 0;
  if (mean >= 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random.next(); p > limit; p *= random.next()) k++;
  return k;
}

/** A binomial draw: exact for small counts, the normal approximation beyond. */
function binomial(random: SeededRandom, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n < 12 || n * Math.min(p, 1 - p) < 4) {
    let k = 0;
    for (let i = 0; i < n; i++) if (random.next() < p) k++;
    return k;
  }
  const drawn = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * gaussian(random));
  return Math.min(n, Math.max(0, drawn));
}

/** A drawn facility-day: counts by method (all four), status and channel, each summing to the total. */
export interface DrawnTally extends CounterTally {
  readonly byMethod: Record<Method, number>;
}

/** A history of `days` days ending on `last`, for a list of facilities; `seed` picks the draws. */
export interface HistoryShape {
  readonly first: string;
  readonly days: number;
  readonly seed: number;
}

/** The facility's share of QR check-ins on day `index` of the history: a steady climb over the year. */
function qrShareOn(profile: FacilityProfile, index: number, days: number): number {
  const progress = days <= 1 ? 1 : index / (days - 1);
  return profile.qrStart + (profile.qrEnd - profile.qrStart) * progress;
}

/** What a day means to every facility: its place in the history and its load by kind. */
interface DayContext {
  readonly day: string;
  readonly index: number;
  readonly load: ReadonlyMap<FacilityKind, number>;
}

function dayContext(day: string, shape: HistoryShape): DayContext {
  return {
    day,
    index: daysApart(day, shape.first),
    load: new Map(FACILITY_KINDS.map((kind) => [kind, dayLoad(day, kind)])),
  };
}

const CODE_HASHES = new Map<string, number>();

function codeHash(code: string): number {
  let hash = CODE_HASHES.get(code);
  if (hash === undefined) {
    hash = stableHash(code);
    CODE_HASHES.set(code, hash);
  }
  return hash;
}

const stream = new Stream();

function drawTally(
  entry: NationalFacility,
  context: DayContext,
  shape: HistoryShape,
  fraction: number,
): DrawnTally | null {
  const { profile, facility } = entry;
  const { day, index } = context;
  if (index < profile.activeFrom || index > profile.activeTo || index < 0 || index >= shape.days) return null;
  // A stream of its own per facility and day: the facility's hash mixed with the day's place.
  const random = stream.reset(codeHash(facility.code) ^ Math.imul(index + 1, 0x9e3779b1) ^ shape.seed);
  // Hospitals run near their capacity every day; small stations vary more.
  const steady = profile.kind === "central-hospital" || profile.kind === "general-hospital";
  const noise = steady
    ? Math.min(1.1, Math.max(0.85, 1 + 0.05 * gaussian(random)))
    : Math.min(1.6, Math.max(0.5, 1 + 0.12 * gaussian(random)));
  const n = poisson(random, profile.weekdayVisits * (context.load.get(profile.kind) ?? 1) * noise * fraction);
  if (n === 0) return null;
  const qr = binomial(random, n, qrShareOn(profile, index, shape.days));
  const vneid = binomial(random, qr, profile.vneidShare);
  const manual = binomial(random, n - qr, 0.45);
  const byMethod: Record<Method, number> = {
    "qr-cccd": qr - vneid,
    "qr-vneid": vneid,
    "manual-id": manual,
    "bhyt-card": n - qr - manual,
  };
  const notCovered = binomial(random, n, 0.03);
  const review = binomial(random, n - notCovered, 0.015);
  const kiosk = profile.hasKiosk ? binomial(random, qr, 0.3) : 0;
  const camera = binomial(random, qr - kiosk, 0.4);
  const bhytScanned = binomial(random, byMethod["bhyt-card"], 0.7);
  return {
    facility: facility.code,
    day,
    byMethod,
    byStatus: { covered: n - notCovered - review, "not-covered": notCovered, "needs-review": review },
    byChannel: {
      kiosk,
      camera,
      scanner: qr - kiosk - camera + bhytScanned,
      typed: manual + byMethod["bhyt-card"] - bhytScanned,
    },
  };
}

/** Every facility's counts on a day, optionally only those whose code starts with one of `prefixes`. */
export function dayTallies(
  facilities: readonly NationalFacility[],
  day: string,
  shape: HistoryShape,
  options: { fraction?: number; prefixes?: readonly string[] | null } = {},
): DrawnTally[] {
  const prefixes = options.prefixes ?? null;
  const context = dayContext(day, shape);
  const tallies: DrawnTally[] = [];
  for (const entry of facilities) {
    if (prefixes !== null && !prefixes.some((prefix) => entry.facility.code.startsWith(prefix))) continue;
    const tally = drawTally(entry, context, shape, options.fraction ?? 1);
    if (tally !== null) tallies.push(tally);
  }
  return tallies;
}

/** Insured visits a year nationwide. */
const VISITS_PER_YEAR = 170_000_000;

/** The expected visits of a history for a facility list, before the day-to-day noise. */
export function expectedVisits(facilities: readonly NationalFacility[], shape: HistoryShape): number {
  const loads = new Map<FacilityKind, number[]>();
  for (let index = 0; index < shape.days; index++) {
    const day = addDays(shape.first, index);
    for (const kind of FACILITY_KINDS) loads.set(kind, [...(loads.get(kind) ?? []), dayLoad(day, kind)]);
  }
  let sum = 0;
  for (const { profile } of facilities) {
    const load = loads.get(profile.kind) ?? [];
    for (
      let index = Math.max(0, profile.activeFrom);
      index <= Math.min(profile.activeTo, shape.days - 1);
      index++
    )
      sum += profile.weekdayVisits * (load[index] ?? 0);
  }
  return sum;
}

/** Kinds whose volume is fitted to the national total; central and general hospitals keep theirs. */
const FITTED: ReadonlySet<FacilityKind> = new Set(["hospital", "health-centre", "clinic", "commune-station"]);

/**
 * The national data set: the facility list with every volume but the central and general
 * hospitals' scaled so that a year of it holds `visitsPerYear` (170 M) visits, scaled down with
 * the list when it is shorter than the country's, and the history's shape ending on `today`.
 */
export function nationalDataSet(options: {
  today: string;
  days?: number;
  facilities?: number;
  seed?: number;
  visitsPerYear?: number;
}): { facilities: NationalFacility[]; shape: HistoryShape } {
  const days = options.days ?? 366;
  const count = options.facilities ?? NATIONAL_FACILITIES;
  const shape: HistoryShape = {
    first: addDays(options.today, -(days - 1)),
    days,
    seed: options.seed ?? 0x5ca1e,
  };
  const raw = generateNationalFacilities({
    count,
    days,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  // A year's worth, whatever the history's length, for the list's share of the country.
  const yearShape = { ...shape, days: Math.min(days, 365) };
  const wanted =
    (((options.visitsPerYear ?? VISITS_PER_YEAR) * count) / NATIONAL_FACILITIES) * (yearShape.days / 365);
  const fixed = expectedVisits(
    raw.filter(({ profile }) => !FITTED.has(profile.kind)),
    yearShape,
  );
  const fitted = expectedVisits(
    raw.filter(({ profile }) => FITTED.has(profile.kind)),
    yearShape,
  );
  const scale = fitted <= 0 ? 1 : Math.max(0.05, (wanted - fixed) / fitted);
  const facilities = raw.map((entry) =>
    FITTED.has(entry.profile.kind)
      ? { ...entry, profile: { ...entry.profile, weekdayVisits: entry.profile.weekdayVisits * scale } }
      : entry,
  );
  return { facilities, shape };
}
