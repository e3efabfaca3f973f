/**
 * The synthetic registry: facilities and people generated from fixed seeds (the same output for
 * the same arguments on every machine), with the named fixtures first.
 */
import { benefitLevelOfGroup } from "#domain/bhyt";
import { formatBhytCardQr } from "#domain/bhyt-card-qr";
import { formatCccdQr } from "#domain/cccd-qr";
import type { Facility } from "#domain/facility";
import { composeIdNumber } from "#domain/id-number";
import { numberOfOldCode, oldProvinces } from "#domain/provinces";
import type { Sex } from "#domain/types";
import { addDays, isIsoDate } from "#domain/vn-time";
import { FIXTURE_FACILITIES, FIXTURE_PEOPLE } from "./fixtures.ts";
import type { CardStatus, MockCard, MockPerson } from "./mock-person.ts";
import { type SeededRandom, seededRandom } from "./seeded-random.ts";
import {
  FAMILY_NAMES,
  FEMALE_GIVEN_NAMES,
  FEMALE_MIDDLE_NAMES,
  HIGHLAND_NAMES,
  HIGHLAND_PROVINCES,
  MALE_GIVEN_NAMES,
  MALE_MIDDLE_NAMES,
  PLACE_WORDS,
  SPECIALTIES,
  STREETS,
} from "./vietnamese-words.ts";

const FACILITY_SEED = 0x7d1e9;
const POPULATION_SEED = 20_260_101;
/** Cards are printed against the 2026 benefit table (CN and LH at level 2). */
const CARD_TABLE_DAY = "2026-01-01";
/** Nobody is born after this day, so every generated QR is valid from 2026 on. */
const LAST_BIRTH_DAY = "2025-06-30";
const CENTRAL_CITIES = new Set(["Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ"]);

const pad = (value: number, width: number) => String(value).padStart(width, "0");

function shuffled<T>(items: readonly T[], random: SeededRandom): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    const a = copy[i];
    const b = copy[j];
    if (a !== undefined && b !== undefined) {
      copy[i] = b;
      copy[j] = a;
    }
  }
  return copy;
}

/** The name of a province's general hospital. */
export function generalHospitalName(province: string): string {
  if (province.startsWith("TP.")) return `Bệnh viện Đa khoa ${province}`;
  return CENTRAL_CITIES.has(province)
    ? `Bệnh viện Đa khoa thành phố ${province}`
    : `Bệnh viện Đa khoa tỉnh ${province}`;
}

/**
 * `count` facilities: the fixture facilities first, then generated ones spread over every old
 * province in turn (each province's general hospital first), with 5-character codes made of the
 * province number and a serial.
 */
export function generateFacilities(count: number): Facility[] {
  const random = seededRandom(FACILITY_SEED);
  const facilities: Facility[] = FIXTURE_FACILITIES.slice(0, count);
  const used = new Set(facilities.map((facility) => facility.code));
  const provinces = shuffled(oldProvinces(), random);
  for (let i = 0; facilities.length < count; i++) {
    const province = provinces[i % provinces.length];
    if (province === undefined) break;
    const number = numberOfOldCode(province.code);
    const hospitalCode = `${number}001`;
    let facility: Facility;
    if (!used.has(hospitalCode)) {
      facility = {
        code: hospitalCode,
        name: generalHospitalName(province.name),
        provinceCode: province.code,
      };
    } else {
      const kind = random.weighted([
        ["health-centre", 4],
        ["commune-station", 4],
        ["clinic", 2],
        ["specialty", 1],
      ] as const);
      const place = random.pick(PLACE_WORDS);
      const names = {
        "health-centre": `Trung tâm Y tế ${place}`,
        "commune-station": `Trạm Y tế ${random.chance(0.5) ? "xã" : "phường"} ${place}`,
        clinic: `Phòng khám Đa khoa ${place}`,
        specialty: `Bệnh viện ${random.pick(SPECIALTIES)} ${province.name}`,
      } as const;
      let code: string;
      do {
        code = `${number}${pad(kind === "specialty" ? random.int(2, 99) : random.int(100, 999), 3)}`;
      } while (used.has(code));
      facility = { code, name: names[kind], provinceCode: province.code };
    }
    used.add(facility.code);
    facilities.push(facility);
  }
  return facilities;
}

function randomDay(random: SeededRandom, year: number): string {
  for (;;) {
    const day = `${year}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 31), 2)}`;
    if (isIsoDate(day)) return day;
  }
}

function betweenDays(random: SeededRandom, from: string, to: string): string {
  const span = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000));
  return addDays(from, random.int(0, span));
}

/** Age bands in 2026 with their share of the population. */
const AGE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[0, 5], 7],
  [[6, 17], 15],
  [[18, 29], 17],
  [[30, 44], 22],
  [[45, 59], 19],
  [[60, 74], 14],
  [[75, 95], 6],
];

/** The beneficiary group of a card, by age (children are TE, pupils HS, retirees often HT…). */
function groupFor(age: number, random: SeededRandom): string {
  if (age < 6) return "TE";
  if (age < 18)
    return random.weighted([
      ["HS", 80],
      ["HN", 5],
      ["DT", 5],
      ["CN", 3],
      ["GD", 7],
    ] as const);
  if (age < 23) {
    return random.weighted([
      ["SV", 50],
      ["DN", 25],
      ["GD", 15],
      ["HN", 3],
      ["CN", 3],
      ["LH", 2],
      ["QN", 1],
      ["CA", 1],
    ] as const);
  }
  if (age < 60) {
    return random.weighted([
      ["DN", 40],
      ["HC", 8],
      ["GD", 25],
      ["HN", 4],
      ["CN", 5],
      ["LH", 3],
      ["DT", 4],
      ["CB", 1],
      ["QN", 2],
      ["CA", 1.5],
      ["CY", 0.2],
      ["TC", 1],
      ["XD", 1],
      ["ND", 2],
      ["TN", 1],
    ] as const);
  }
  return random.weighted([
    ["HT", 50],
    ["GD", 20],
    ["CC", 3],
    ["CK", 2],
    ["KC", 3],
    ["BT", 5],
    ["HN", 4],
    ["CN", 3],
    ["DT", 3],
    ["TC", 2],
    ["HK", 1],
  ] as const);
}

function cardCodeOf(group: string, provinceNumber: string, socialInsuranceNumber: string): string {
  const level = benefitLevelOfGroup(group, CARD_TABLE_DAY) ?? 4;
  return `${group}${level}${provinceNumber}${socialInsuranceNumber}`;
}

/** A registry spelling that differs from the ID card: one word loses or gains its diacritics. */
function respelled(name: string, random: SeededRandom): string {
  const words = name.split(" ");
  const last = words.length - 1;
  const word = words[last] ?? "";
  const stripped = word
    .normalize("NFD")
    .replace(/[\u0300-\u036F]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D");
  words[last] =
    stripped !== word ? stripped : word.replace(/[aeiou]/, (vowel) => `${vowel}\u0301`).normalize("NFC");
  if (random.chance(0.3)) words[0] = random.weighted(FAMILY_NAMES.filter(([family]) => family !== words[0]));
  return words.join(" ");
}

type Outcome =
  | "valid"
  | "expired"
  | "new-card-old-expired"
  | "new-card-old-valid"
  | "name"
  | "birth"
  | CardStatus;

function outcomeFor(age: number, random: SeededRandom): Outcome {
  if (age < 6 && random.chance(0.2)) return "child-no-card";
  return random.weighted<Outcome>([
    ["valid", 920],
    ["expired", 20],
    ["new-card-old-expired", 10],
    ["new-card-old-valid", 5],
    ["revoked", 10],
    ["reduced", 3],
    ["reduced-moved-province", 4],
    ["reduced-moved-within-province", 3],
    ["reduced-re-registered", 2],
    ["reduced-stopped", 3],
    ["name", 12],
    ["birth", 8],
  ]);
}

function statusOf(outcome: Outcome): CardStatus {
  switch (outcome) {
    case "valid":
    case "expired":
    case "new-card-old-expired":
    case "new-card-old-valid":
    case "name":
    case "birth":
      return "active";
    default:
      return outcome;
  }
}

/** A child's card runs until the day before the sixth birthday. */
function dayBeforeSixthBirthday(birthDate: string): string {
  const birthday = `${Number(birthDate.slice(0, 4)) + 6}${birthDate.slice(4)}`;
  return addDays(isIsoDate(birthday) ? birthday : birthday.replace(/-02-29$/, "-03-01"), -1);
}

interface Draft {
  readonly birthDate: string;
  readonly sex: Sex;
  readonly name: string;
  readonly address: string;
  readonly facility: Facility;
}

function makeCard(draft: Draft, socialInsuranceNumber: string, random: SeededRandom): MockCard {
  const age = 2026 - Number(draft.birthDate.slice(0, 4));
  const group = groupFor(age, random);
  const provinceNumber = draft.facility.code.slice(0, 2);
  const outcome = outcomeFor(age, random);
  const child = group === "TE";
  let validFrom = child ? draft.birthDate : random.pick(["2024-01-01", "2025-01-01", "2026-01-01"]);
  let validTo = child
    ? dayBeforeSixthBirthday(draft.birthDate)
    : random.pick(["2029-12-31", "2030-12-31", "2031-12-31"]);
  let newCard: MockCard["newCard"] = null;
  if (outcome === "expired") {
    validFrom = "2024-01-01";
    validTo = random.pick(["2024-12-31", "2025-06-30", "2025-12-31"]);
  }
  if (outcome === "new-card-old-expired" || outcome === "new-card-old-valid") {
    validFrom = "2025-01-01";
    validTo = outcome === "new-card-old-expired" ? "2025-12-31" : "2030-12-31";
    const newGroup = child ? "TE" : groupFor(age, random);
    newCard = {
      cardCode: cardCodeOf(newGroup, provinceNumber, socialInsuranceNumber),
      validFrom: "2026-01-01",
      validTo: "2030-12-31",
      registeredFacility: draft.facility.code,
      registeredFacilityName: draft.facility.name,
    };
    if (newCard.cardCode === cardCodeOf(group, provinceNumber, socialInsuranceNumber)) {
      newCard = {
        ...newCard,
        cardCode: cardCodeOf(group === "GD" ? "DN" : "GD", provinceNumber, socialInsuranceNumber),
      };
    }
  }
  const highlandOrPoor = group === "DT" || group === "HN";
  return {
    cardCode: cardCodeOf(group, provinceNumber, socialInsuranceNumber),
    name: outcome === "name" ? respelled(draft.name, random) : draft.name,
    birthDate:
      outcome === "birth" ? addDays(draft.birthDate, random.pick([-365, -31, 1, 30])) : draft.birthDate,
    sex: draft.sex,
    validFrom,
    validTo,
    registeredFacility: draft.facility.code,
    areaCode: highlandOrPoor && random.chance(0.3) ? random.pick(["K1", "K2", "K3"]) : null,
    fiveYearDate: age >= 25 && random.chance(0.3) ? `${random.int(2005, 2020)}-01-01` : null,
    status: statusOf(outcome),
    newCard,
    fault: null,
  };
}

function nameFor(sex: Sex, provinceCode: string, random: SeededRandom): string {
  if (HIGHLAND_PROVINCES.has(provinceCode) && random.chance(0.15)) {
    return random.pick(sex === "male" ? HIGHLAND_NAMES.male : HIGHLAND_NAMES.female);
  }
  const family = random.weighted(FAMILY_NAMES);
  const middle = random.pick(sex === "male" ? MALE_MIDDLE_NAMES : FEMALE_MIDDLE_NAMES);
  const given = sex === "male" ? MALE_GIVEN_NAMES : FEMALE_GIVEN_NAMES;
  const first = random.pick(given);
  return random.chance(0.3)
    ? `${family} ${middle} ${random.pick(given)} ${first}`
    : `${family} ${middle} ${first}`;
}

function addressFor(provinceName: string, random: SeededRandom): string {
  if (random.chance(0.55)) {
    return `Số ${random.int(1, 250)} ${random.pick(STREETS)}, Phường ${random.pick(PLACE_WORDS)}, Quận ${random.pick(PLACE_WORDS)}, ${provinceName}`;
  }
  return `Thôn ${random.int(1, 12)}, Xã ${random.pick(PLACE_WORDS)}, Huyện ${random.pick(PLACE_WORDS)}, ${provinceName}`;
}

/**
 * The registry population: every fixture person first, then `count` generated people. About 90 %
 * hold a valid card; the rest cover expiry, new cards, revocation, reductions, registry spellings
 * and birth dates that differ from the ID card, no card at all, and children without a card.
 */
export function generatePopulation(count: number, facilities: readonly Facility[]): MockPerson[] {
  if (facilities.length === 0) throw new RangeError("generatePopulation needs at least one facility");
  const random = seededRandom(POPULATION_SEED);
  const provinces = oldProvinces();
  const people: MockPerson[] = FIXTURE_PEOPLE.map((fixture) => fixture.person);
  const usedNumbers = new Set(
    people.flatMap((person) => (person.card === null ? [] : [person.card.cardCode.slice(-10)])),
  );
  for (let k = 0; k < count; k++) {
    const facility = random.pick(facilities);
    const birthProvince = random.chance(0.8)
      ? (provinces.find((province) => province.code === facility.provinceCode) ?? random.pick(provinces))
      : random.pick(provinces);
    const sex: Sex = random.chance(0.5) ? "male" : "female";
    const [minAge, maxAge] = random.weighted(AGE_BANDS);
    const birthYear = 2026 - random.int(minAge, maxAge);
    const birthDate =
      birthYear >= 2025 ? betweenDays(random, "2025-01-01", LAST_BIRTH_DAY) : randomDay(random, birthYear);
    // Serials are a permutation of k, so generated ID numbers never collide (fixtures use serials below 100000).
    const serial = 100_000 + ((k * 7919) % 900_000);
    const idNumber = composeIdNumber(birthProvince.code, sex, Number(birthDate.slice(0, 4)), serial);
    const issueDate = betweenDays(
      random,
      birthDate > "2021-01-01" ? addDays(birthDate, 30) : "2021-01-01",
      "2025-12-31",
    );
    const draft: Draft = {
      birthDate,
      sex,
      name: nameFor(sex, birthProvince.code, random),
      address: addressFor(birthProvince.name, random),
      facility,
    };
    let number = (k * 104_729 + 12_345) % 100_000_000;
    while (usedNumbers.has(`${facility.code.slice(0, 2)}${pad(number, 8)}`))
      number = (number + 1) % 100_000_000;
    const socialInsuranceNumber = `${facility.code.slice(0, 2)}${pad(number, 8)}`;
    const hasCard = !random.chance(0.02);
    if (hasCard) usedNumbers.add(socialInsuranceNumber);
    people.push({
      idNumber,
      oldIdNumber: birthYear <= 2006 && random.chance(0.7) ? pad(random.int(10_000_000, 399_999_999), 9) : "",
      name: draft.name,
      birthDate,
      sex,
      address: draft.address,
      issueDate,
      // The 2024 card (from July 2024) carries two more trailing fields in its QR.
      qrExtraFields: issueDate >= "2024-07-01" ? ["", ""] : [],
      card: hasCard ? makeCard(draft, socialInsuranceNumber, random) : null,
    });
  }
  return people;
}

/** The text of the person's ID-card QR, as a camera or wedge scanner would read it. */
export function qrOf(person: MockPerson): string {
  return formatCccdQr({
    idNumber: person.idNumber,
    oldIdNumber: person.oldIdNumber === "" ? null : person.oldIdNumber,
    name: person.name,
    birthDate: person.birthDate,
    sex: person.sex,
    address: person.address,
    issueDate: person.issueDate,
    extraFields: person.qrExtraFields,
  });
}

/** The text of the QR on the person's BHYT card, or null when they hold none. */
export function bhytQrOf(person: MockPerson): string | null {
  const card = person.card;
  if (card === null) return null;
  return formatBhytCardQr({
    cardCode: card.cardCode,
    name: card.name,
    birthDate: card.birthDate,
    sex: card.sex,
    address: person.address,
    registeredFacility: card.registeredFacility,
    validFrom: card.validFrom,
    validTo: card.validTo,
    issueDate: card.validFrom,
  });
}
