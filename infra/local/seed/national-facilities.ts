/**
 * The national facility list for `npm start -- --seed national`: 12,851 facilities that accept the
 * chip ID card, spread over the 63 old provinces (34 current ones) by population, each with the
 * behaviour its synthetic history follows: how busy it is, how far it has moved to QR check-ins.
 * The demo's 120 facilities come first, so the demo sign-in links keep working. Deterministic.
 */
import type { Facility } from "#domain/facility";
import { numberOfOldCode, oldProvinces } from "#domain/provinces";
import { generalHospitalName, generateFacilities } from "#functions/gateway-mock/population";
import { type SeededRandom, seededRandom } from "#functions/gateway-mock/seeded-random";

/** Facilities that accept the chip ID card nationwide. */
export const NATIONAL_FACILITIES = 12_851;

export const FACILITY_KINDS = [
  "central-hospital",
  "general-hospital",
  "hospital",
  "health-centre",
  "clinic",
  "commune-station",
] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

/** How a facility behaves over the year. */
export interface FacilityProfile {
  readonly kind: FacilityKind;
  /** Visits on an ordinary weekday, before the day-to-day noise. */
  readonly weekdayVisits: number;
  /** Share of QR check-ins on the first day of the history, and on its last. */
  readonly qrStart: number;
  readonly qrEnd: number;
  /** Share of its QR check-ins made with the VNeID app rather than the card. */
  readonly vneidShare: number;
  readonly hasKiosk: boolean;
  /** Day index (0 = the history's first day) from which it checks patients in, and up to which. */
  readonly activeFrom: number;
  readonly activeTo: number;
}

export interface NationalFacility {
  readonly facility: Facility;
  readonly profile: FacilityProfile;
}

/**
 * Approximate population of each old province in millions (2019 census, rounded): the facilities
 * of a province follow half its population and half an equal share, as small mountain provinces
 * run many commune stations for few people.
 */
const POPULATION: Readonly<Record<string, number>> = {
  "001": 8.05,
  "002": 0.85,
  "004": 0.53,
  "006": 0.31,
  "008": 0.78,
  "010": 0.73,
  "011": 0.6,
  "012": 0.46,
  "014": 1.25,
  "015": 0.82,
  "017": 0.85,
  "019": 1.29,
  "020": 0.78,
  "022": 1.32,
  "024": 1.8,
  "025": 1.46,
  "026": 1.15,
  "027": 1.37,
  "030": 1.89,
  "031": 2.03,
  "033": 1.25,
  "034": 1.86,
  "035": 0.85,
  "036": 1.78,
  "037": 0.98,
  "038": 3.64,
  "040": 3.33,
  "042": 1.29,
  "044": 0.9,
  "045": 0.63,
  "046": 1.13,
  "048": 1.13,
  "049": 1.5,
  "051": 1.23,
  "052": 1.49,
  "054": 0.87,
  "056": 1.23,
  "058": 0.59,
  "060": 1.23,
  "062": 0.54,
  "064": 1.51,
  "066": 1.87,
  "067": 0.62,
  "068": 1.3,
  "070": 0.99,
  "072": 1.17,
  "074": 2.43,
  "075": 3.1,
  "077": 1.15,
  "079": 8.99,
  "080": 1.69,
  "082": 1.76,
  "083": 1.29,
  "084": 1.01,
  "086": 1.02,
  "087": 1.6,
  "089": 1.91,
  "091": 1.72,
  "092": 1.24,
  "093": 0.73,
  "094": 1.2,
  "095": 0.91,
  "096": 1.19,
};

/** Central hospitals (the biggest, 3,000–8,000 visits a weekday) by old province code. */
const CENTRAL_HOSPITALS: Readonly<Record<string, number>> = {
  "001": 9,
  "079": 9,
  "046": 1,
  "019": 1,
  "048": 1,
  "092": 1,
  "049": 1,
  "031": 1,
};

/** Code ranges (the last three digits) of each kind inside a province. */
const CODE_RANGES: Readonly<Record<FacilityKind, readonly [number, number]>> = {
  "general-hospital": [1, 1],
  "central-hospital": [2, 99],
  hospital: [2, 99],
  "health-centre": [100, 199],
  clinic: [200, 299],
  "commune-station": [300, 999],
};

const FIRST_SYLLABLES = [
  "An",
  "Bình",
  "Hòa",
  "Tân",
  "Phú",
  "Hưng",
  "Đông",
  "Xuân",
  "Kim",
  "Quang",
  "Thanh",
  "Nghĩa",
  "Long",
  "Yên",
  "Tam",
  "Phước",
  "Đức",
  "Vĩnh",
  "Thạch",
  "Lộc",
  "Mỹ",
  "Sơn",
  "Hoàng",
  "Cẩm",
  "Gia",
  "Hợp",
  "Liên",
  "Nam",
  "Bắc",
  "Trung",
  "Thái",
  "Quảng",
  "Diên",
  "Hiệp",
  "Hồng",
  "Khánh",
  "Lạc",
  "Minh",
  "Ngọc",
  "Phong",
] as const;
const SECOND_SYLLABLES = [
  "Phú",
  "Minh",
  "Bình",
  "Lập",
  "Lộc",
  "Thịnh",
  "Hải",
  "Trường",
  "Sơn",
  "Trung",
  "Xuân",
  "Hưng",
  "Thuận",
  "Tiến",
  "Hòa",
  "Hiệp",
  "Long",
  "Lệ",
  "Thắng",
  "Lợi",
  "Hà",
  "Ninh",
  "Xuyên",
  "Tịnh",
  "Phong",
  "Thành",
  "An",
  "Đông",
  "Tây",
  "Mỹ",
  "Khê",
  "Giang",
  "Điền",
  "Lâm",
  "Hội",
  "Quý",
  "Tân",
  "Vinh",
  "Định",
  "Châu",
] as const;
const SPECIALTIES = [
  "Nhi",
  "Sản Nhi",
  "Y học cổ truyền",
  "Phục hồi chức năng",
  "Mắt",
  "Phổi",
  "Tâm thần",
  "Da liễu",
  "Ung bướu",
  "Nội tiết",
  "Tim mạch",
  "Chấn thương Chỉnh hình",
  "Đa khoa",
  "Quốc tế",
  "Hữu nghị",
] as const;

const pad3 = (value: number) => String(value).padStart(3, "0");

/** The kind of a demo facility, read from its name. */
export function kindOfName(name: string): FacilityKind {
  if (/^Bệnh viện Đa khoa (tỉnh|thành phố|TP\.)/.test(name)) return "general-hospital";
  if (name.startsWith("Bệnh viện")) return "hospital";
  if (name.startsWith("Trung tâm")) return "health-centre";
  if (name.startsWith("Phòng khám")) return "clinic";
  return "commune-station";
}

/** Splits `total` over weights by largest remainder: the parts sum to it exactly. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (total * weight) / sum);
  const parts = exact.map(Math.floor);
  const order = exact.map((value, index) => ({ index, rest: value % 1 })).sort((a, b) => b.rest - a.rest);
  for (let k = 0, left = total - parts.reduce((a, b) => a + b, 0); k < left; k++) {
    const index = order[k % order.length]?.index ?? 0;
    parts[index] = (parts[index] ?? 0) + 1;
  }
  return parts;
}

/** A log-uniform draw between `min` and `max`: many small, a few large. */
function logUniform(random: SeededRandom, min: number, max: number): number {
  return Math.exp(Math.log(min) + random.next() * (Math.log(max) - Math.log(min)));
}

/** Weekday visits by kind, before the national total is fitted (central and general ones are kept as drawn). */
function weekdayVisitsOf(
  kind: FacilityKind,
  population: number,
  busiest: boolean,
  random: SeededRandom,
): number {
  switch (kind) {
    case "central-hospital":
      return busiest ? 6_000 + random.next() * 400 : 3_000 + random.next() * 2_800;
    case "general-hospital":
      return Math.min(2_600, 700 + 320 * population) * (0.85 + random.next() * 0.3);
    case "hospital":
      return logUniform(random, 60, 900);
    case "health-centre":
      return logUniform(random, 120, 650);
    case "clinic":
      return logUniform(random, 12, 160);
    case "commune-station":
      return logUniform(random, 4, 48);
  }
}

/** Where a facility stands on QR check-ins at the end of the year, by adoption tier. */
function qrEndOf(kind: FacilityKind, random: SeededRandom): number {
  const big = kind === "central-hospital" || kind === "general-hospital";
  const small = kind === "commune-station" || kind === "clinic";
  const tier = random.weighted([
    ["leader", big ? 4 : 2],
    ["good", 3],
    ["middle", 4],
    ["lagging", small ? 3 : 1.5],
    ["none", small ? 0.7 : 0.05],
  ] as const);
  switch (tier) {
    case "leader":
      return 0.82 + random.next() * 0.13;
    case "good":
      return 0.55 + random.next() * 0.2;
    case "middle":
      return 0.3 + random.next() * 0.25;
    case "lagging":
      return 0.06 + random.next() * 0.14;
    case "none":
      return 0;
  }
}

function profileOf(
  kind: FacilityKind,
  population: number,
  busiest: boolean,
  days: number,
  random: SeededRandom,
): FacilityProfile {
  const qrEnd = qrEndOf(kind, random);
  const small = kind === "commune-station" || kind === "clinic";
  // Some facilities never check anyone in, a few joined during the year, a few stopped.
  const pattern = random.weighted([
    ["all-year", 100],
    ["idle", small ? 1.6 : 0.2],
    ["joined", 4],
    ["stopped", 0.6],
  ] as const);
  const activeFrom =
    pattern === "joined"
      ? random.int(Math.min(30, days - 1), Math.max(0, days - 20))
      : pattern === "idle"
        ? days
        : 0;
  const activeTo =
    pattern === "stopped" ? random.int(Math.max(0, days - 80), Math.max(0, days - 35)) : days - 1;
  return {
    kind,
    weekdayVisits: weekdayVisitsOf(kind, population, busiest, random),
    qrEnd,
    // Đề án 06: most facilities moved a good way towards QR over the year.
    qrStart: qrEnd * (0.4 + random.next() * 0.45),
    vneidShare: 0.08 + random.next() * 0.27,
    hasKiosk:
      (kind === "central-hospital" || kind === "general-hospital" || kind === "hospital") &&
      random.chance(0.55),
    activeFrom,
    activeTo,
  };
}

/** A name not yet used in the province, made of a kind's prefix and a two-syllable place name. */
function nameOf(
  kind: FacilityKind,
  provinceName: string,
  used: Set<string>,
  random: SeededRandom,
  busiest = false,
): string {
  if (kind === "general-hospital") return generalHospitalName(provinceName);
  for (let attempt = 0; ; attempt++) {
    const place = `${random.pick(FIRST_SYLLABLES)} ${random.pick(SECOND_SYLLABLES)}${attempt > 20 ? ` ${attempt}` : ""}`;
    const name =
      kind === "central-hospital"
        ? `Bệnh viện ${busiest ? "Đa khoa" : random.pick(SPECIALTIES)} Trung ương ${place}`
        : kind === "hospital"
          ? `Bệnh viện ${random.pick(SPECIALTIES)} ${place}`
          : kind === "health-centre"
            ? `Trung tâm Y tế ${place}`
            : kind === "clinic"
              ? `Phòng khám Đa khoa ${place}`
              : `Trạm Y tế ${random.chance(0.7) ? "xã" : "phường"} ${place}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/** How many of each kind a province of `count` facilities and `population` millions holds. */
function kindCounts(oldCode: string, count: number, population: number): Array<[FacilityKind, number]> {
  const wanted = [
    CENTRAL_HOSPITALS[oldCode] ?? 0,
    Math.round(2 + 3.5 * population),
    Math.round(6 + 2.4 * population),
    Math.min(100, Math.round(0.14 * count)),
  ];
  // A small list (tests, quick benchmarks) keeps the mix: at most 45 % of it is not a commune station.
  const room = Math.max(0, Math.floor(0.45 * count) - 1);
  const sum = wanted.reduce((a, b) => a + b, 0);
  const [central = 0, hospitals = 0, centres = 0, clinics = 0] =
    sum <= room ? wanted : wanted.map((value) => Math.floor((value * room) / sum));
  return [
    ["general-hospital", Math.min(1, count)],
    ["central-hospital", central],
    ["hospital", hospitals],
    ["health-centre", centres],
    ["clinic", clinics],
    ["commune-station", count - Math.min(1, count) - central - hospitals - centres - clinics],
  ];
}

/**
 * `count` facilities (12,851 by default) over every old province with a profile each, for a
 * history of `days` days. The demo's facilities keep their codes and names.
 */
export function generateNationalFacilities(
  options: { count?: number; days?: number; seed?: number } = {},
): NationalFacility[] {
  const count = options.count ?? NATIONAL_FACILITIES;
  const days = options.days ?? 366;
  const random = seededRandom(options.seed ?? 0x13_2026);
  const demo = generateFacilities(Math.min(120, count));
  const provinces = oldProvinces();
  const populations = provinces.map((province) => POPULATION[province.code] ?? 1);
  const populationSum = populations.reduce((a, b) => a + b, 0);
  const targets = apportion(
    count,
    populations.map((population) => 0.5 * (population / populationSum) + 0.5 / provinces.length),
  );
  const out: NationalFacility[] = [];
  provinces.forEach((province, index) => {
    const number = numberOfOldCode(province.code);
    const population = populations[index] ?? 1;
    const own = demo.filter((facility) => facility.provinceCode === province.code);
    const usedCodes = new Set(own.map((facility) => facility.code));
    const usedNames = new Set(own.map((facility) => facility.name));
    const left = new Map(kindCounts(province.code, Math.max(targets[index] ?? 0, own.length), population));
    for (const facility of own) {
      const kind = facility.code.endsWith("001") ? "general-hospital" : kindOfName(facility.name);
      left.set(kind, (left.get(kind) ?? 0) - 1);
      out.push({ facility, profile: profileOf(kind, population, false, days, random) });
    }
    // Commune stations come last and make up for any kind the demo already filled or whose codes ran out.
    let carried = 0;
    for (const [kind, share] of left) {
      const wanted = share + carried;
      const [low, high] = CODE_RANGES[kind];
      let made = 0;
      for (let serial = low; made < wanted && serial <= high; serial++) {
        const code = `${number}${pad3(serial)}`;
        if (usedCodes.has(code)) continue;
        usedCodes.add(code);
        // The first two central hospitals of Hà Nội and Hồ Chí Minh City are the country's busiest.
        const busiest =
          kind === "central-hospital" && (CENTRAL_HOSPITALS[province.code] ?? 0) > 2 && made < 2;
        const name = nameOf(kind, province.name, usedNames, random, busiest);
        const facility = { code, name, provinceCode: province.code };
        out.push({ facility, profile: profileOf(kind, population, busiest, days, random) });
        made++;
      }
      carried = wanted - made;
    }
  });
  if (out.length < count) throw new RangeError(`only ${out.length} facility codes fit, ${count} asked for`);
  return out.sort((a, b) => a.facility.code.localeCompare(b.facility.code)).slice(0, count);
}
