/** The named people and facilities of fixtures.json, read through one schema. */
import * as z from "zod";
import type { Facility } from "#domain/facility";
import data from "./fixtures.json" with { type: "json" };
import { CARD_STATUSES, type CardFault, type MockPerson } from "./mock-person.ts";

const sex = z.enum(["male", "female"]);

const fixturesFileSchema = z.object({
  facilities: z.array(z.object({ code: z.string(), name: z.string(), provinceCode: z.string() })),
  people: z.array(
    z.object({
      idNumber: z.string(),
      oldIdNumber: z.string(),
      name: z.string(),
      birthDate: z.string(),
      sex,
      address: z.string(),
      issueDate: z.string(),
      qr: z.string(),
      expectedResultCode: z.string(),
      note: z.string(),
      registry: z
        .object({
          cardCode: z.string(),
          name: z.string(),
          birthDate: z.string(),
          sex,
          validFrom: z.string(),
          validTo: z.string(),
          registeredFacility: z.string(),
          areaCode: z.string().nullable(),
          fiveYearDate: z.string().nullable(),
          status: z.enum(CARD_STATUSES).optional(),
          fault: z.enum(["server-error", "timeout"]).optional(),
          newCard: z
            .object({
              cardCode: z.string(),
              validFrom: z.string(),
              validTo: z.string(),
              registeredFacility: z.string(),
            })
            .optional(),
        })
        .nullable(),
    }),
  ),
});

/** A fixture person with the answer the gateway must give for their ID-card QR. */
export interface FixturePerson {
  readonly person: MockPerson;
  readonly qr: string;
  /** maKetQua, or "timeout" when the gateway must not answer in time. */
  readonly expectedResultCode: string;
  readonly note: string;
}

const file = fixturesFileSchema.parse(data);

/** The fixture facilities, in file order. */
export const FIXTURE_FACILITIES: readonly Facility[] = file.facilities.map((facility) => ({
  code: facility.code,
  name: facility.name.normalize("NFC"),
  provinceCode: facility.provinceCode,
}));

function facilityName(code: string): string | null {
  return FIXTURE_FACILITIES.find((facility) => facility.code === code)?.name ?? null;
}

/** The fixture people, converted to registry records. */
export const FIXTURE_PEOPLE: readonly FixturePerson[] = file.people.map((entry) => {
  const registry = entry.registry;
  const fault: CardFault | null = registry?.fault ?? null;
  const person: MockPerson = {
    idNumber: entry.idNumber,
    oldIdNumber: entry.oldIdNumber,
    name: entry.name.normalize("NFC"),
    birthDate: entry.birthDate,
    sex: entry.sex,
    address: entry.address.normalize("NFC"),
    issueDate: entry.issueDate,
    // The QR's own trailing fields after the 7th, so qrOf() gives back the fixture's exact text.
    qrExtraFields: entry.qr.split("|").slice(7),
    card:
      registry === null
        ? null
        : {
            cardCode: registry.cardCode,
            name: registry.name.normalize("NFC"),
            birthDate: registry.birthDate,
            sex: registry.sex,
            validFrom: registry.validFrom,
            validTo: registry.validTo,
            registeredFacility: registry.registeredFacility,
            areaCode: registry.areaCode,
            fiveYearDate: registry.fiveYearDate,
            status: registry.status ?? "active",
            newCard:
              registry.newCard === undefined
                ? null
                : {
                    ...registry.newCard,
                    registeredFacilityName: facilityName(registry.newCard.registeredFacility),
                  },
            fault,
          },
  };
  return { person, qr: entry.qr, expectedResultCode: entry.expectedResultCode, note: entry.note };
});
