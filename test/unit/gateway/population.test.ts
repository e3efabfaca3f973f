import { describe, expect, it } from "vitest";
import { benefitLevelOfGroup, parseCardCode } from "#domain/bhyt";
import { statusFromResultCode } from "#domain/coverage";
import { slashedFromIso } from "#domain/date-text";
import { checkIdAgainstBirth } from "#domain/id-number";
import { parsePayload } from "#domain/payload";
import { provinceOfFacility } from "#domain/provinces";
import { FIXTURE_FACILITIES, FIXTURE_PEOPLE } from "#functions/gateway-mock/fixtures";
import { answerCardQuery } from "#functions/gateway-mock/gateway-rules";
import { keysOf } from "#functions/gateway-mock/mock-person";
import { bhytQrOf, generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";

const TODAY = "2026-11-25";
const facilities = generateFacilities(120);
const people = generatePopulation(10_000, facilities);
const generated = people.slice(FIXTURE_PEOPLE.length);

describe("generated facilities", () => {
  it("start with the fixture facilities and spread over many provinces", () => {
    expect(facilities).toHaveLength(120);
    expect(facilities.slice(0, FIXTURE_FACILITIES.length)).toEqual(FIXTURE_FACILITIES);
    expect(new Set(facilities.map((facility) => facility.provinceCode)).size).toBeGreaterThanOrEqual(50);
    expect(new Set(facilities.map((facility) => facility.code)).size).toBe(120);
  });

  it("have 5-character codes that name their own province and Vietnamese names", () => {
    for (const facility of facilities) {
      expect(facility.code).toMatch(/^\d{5}$/);
      expect(provinceOfFacility(facility.code)?.oldCode).toBe(facility.provinceCode);
      expect(facility.name).toMatch(/^(Bệnh viện|Trung tâm Y tế|Trạm Y tế|Phòng khám)/);
    }
  });

  it("are the same for the same count", () => {
    expect(generateFacilities(120)).toEqual(facilities);
  });
});

describe("generated population", () => {
  it("is deterministic and holds the fixtures first, then 10,000 people", () => {
    expect(people).toHaveLength(FIXTURE_PEOPLE.length + 10_000);
    expect(people.slice(0, FIXTURE_PEOPLE.length)).toEqual(FIXTURE_PEOPLE.map((fixture) => fixture.person));
    expect(generatePopulation(10_000, facilities)).toEqual(people);
  });

  it("gives the fixture people their exact QR text back", () => {
    for (const fixture of FIXTURE_PEOPLE) expect(qrOf(fixture.person)).toBe(fixture.qr);
  });

  it("has unique lookup keys, so one GetItem finds one person", () => {
    const keys = people.flatMap(keysOf);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("builds ID-card QR texts that all pass parsePayload", () => {
    const refused = people.map(qrOf).filter((qr) => !parsePayload("qr-cccd", qr, TODAY).ok);
    expect(refused).toEqual([]);
  });

  it("builds BHYT card QR texts that pass parsePayload too", () => {
    const refused = people
      .flatMap((person) => bhytQrOf(person) ?? [])
      .filter((qr) => !parsePayload("bhyt-card", qr, TODAY).ok);
    expect(refused).toEqual([]);
  });

  it("has ID numbers consistent with sex and birth year, and realistic names", () => {
    for (const person of generated) {
      expect(
        checkIdAgainstBirth(person.idNumber, person.sex, Number(person.birthDate.slice(0, 4))),
      ).toBeNull();
    }
    const families = generated.map((person) => person.name.split(" ")[0]);
    const nguyen = families.filter((family) => family === "Nguyễn").length / generated.length;
    expect(nguyen).toBeGreaterThan(0.25);
    expect(nguyen).toBeLessThan(0.5);
    expect(new Set(families).size).toBeGreaterThan(15);
    expect(new Set(generated.map((person) => person.idNumber.slice(0, 3))).size).toBeGreaterThanOrEqual(50);
  });

  it("prints benefit levels that match each group in the 2026 table and registers cards at generated facilities", () => {
    const codes = new Set(facilities.map((facility) => facility.code));
    for (const person of generated) {
      if (person.card === null) continue;
      const parts = parseCardCode(person.card.cardCode);
      expect(parts?.benefitLevel).toBe(benefitLevelOfGroup(parts?.group ?? "", "2026-01-01"));
      expect(codes.has(person.card.registeredFacility)).toBe(true);
      expect(parts?.provinceNumber).toBe(person.card.registeredFacility.slice(0, 2));
    }
  });

  it("answers covered for about 90 % and mixes every other outcome", () => {
    const tally = new Map<string, number>();
    for (const person of generated) {
      const { answer } = answerCardQuery(
        person.card === null ? null : person,
        { maThe: person.idNumber, hoTen: person.name, ngaySinh: slashedFromIso(person.birthDate) },
        TODAY,
      );
      const code = String(answer.maKetQua);
      tally.set(code, (tally.get(code) ?? 0) + 1);
    }
    const covered = [...tally]
      .filter(([code]) => statusFromResultCode(code) === "covered")
      .reduce((sum, [, n]) => sum + n, 0);
    expect(covered / generated.length).toBeGreaterThan(0.86);
    expect(covered / generated.length).toBeLessThan(0.94);
    for (const code of [
      "001",
      "002",
      "003",
      "004",
      "010",
      "050",
      "060",
      "061",
      "070",
      "110",
      "120",
      "121",
      "124",
      "130",
    ]) {
      expect(tally.get(code) ?? 0, code).toBeGreaterThan(0);
    }
  });
});
