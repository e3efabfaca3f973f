/** A person of the synthetic national registry, as stored and as the mock gateway reads it. */
import * as z from "zod";
import { CARD_CODE_PATTERN, SOCIAL_INSURANCE_NUMBER_PATTERN } from "#domain/bhyt";
import { ID_NUMBER_PATTERN } from "#domain/id-number";
import { isIsoDate } from "#domain/vn-time";

const isoDate = z.string().refine(isIsoDate, "expected a YYYY-MM-DD date");
const facilityCode = z.string().regex(/^\d{5}$/);
const cardCode = z.string().regex(CARD_CODE_PATTERN);

/** Registry states of a card; each maps to one gateway result code. */
export const CARD_STATUSES = [
  "active",
  "revoked",
  "reduced",
  "reduced-moved-province",
  "reduced-moved-within-province",
  "reduced-re-registered",
  "reduced-stopped",
  "child-no-card",
] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

/** Faults the mock gateway plays for a person, to rehearse outages. */
const CARD_FAULTS = ["server-error", "timeout"] as const;
export type CardFault = (typeof CARD_FAULTS)[number];

const newCardSchema = z.object({
  cardCode,
  validFrom: isoDate,
  validTo: isoDate,
  registeredFacility: facilityCode,
  /** The registered facility's name, as the gateway's tenDKBDMoi gives it (null in records stored before it). */
  registeredFacilityName: z.string().min(1).nullable().default(null),
});

/** The person's BHYT card as the registry knows it (the registry's own spelling of name and birth date). */
const mockCardSchema = z.object({
  cardCode,
  name: z.string().min(1),
  birthDate: isoDate,
  sex: z.enum(["male", "female"]),
  validFrom: isoDate,
  validTo: isoDate,
  registeredFacility: facilityCode,
  areaCode: z.string().nullable(),
  fiveYearDate: isoDate.nullable(),
  status: z.enum(CARD_STATUSES),
  newCard: newCardSchema.nullable(),
  fault: z.enum(CARD_FAULTS).nullable(),
});
export type MockCard = z.infer<typeof mockCardSchema>;

/** A person: what the ID card says, plus the BHYT card the registry holds (null: none). */
export const mockPersonSchema = z.object({
  idNumber: z.string().regex(ID_NUMBER_PATTERN),
  /** Old CMND number, "" when none. */
  oldIdNumber: z.string(),
  name: z.string().min(1),
  birthDate: isoDate,
  sex: z.enum(["male", "female"]),
  address: z.string(),
  issueDate: isoDate,
  /** Trailing fields the person's ID-card QR carries after the 7th (2024 cards). */
  qrExtraFields: z.array(z.string()),
  card: mockCardSchema.nullable(),
});
export type MockPerson = z.infer<typeof mockPersonSchema>;

/** Every key a person can be looked up by: ID number, card code(s), social-insurance number. */
export function keysOf(person: MockPerson): string[] {
  const keys = [`ID#${person.idNumber}`];
  if (person.card !== null) {
    keys.push(`CARD#${person.card.cardCode}`, `BHXH#${person.card.cardCode.slice(-10)}`);
    if (person.card.newCard !== null) keys.push(`CARD#${person.card.newCard.cardCode}`);
  }
  return [...new Set(keys)];
}

/** The lookup key for a gateway `maThe` (12-digit ID, 15-character card code or 10-digit number), or null. */
export function keyOfCardQuery(maThe: string): string | null {
  if (ID_NUMBER_PATTERN.test(maThe)) return `ID#${maThe}`;
  if (CARD_CODE_PATTERN.test(maThe)) return `CARD#${maThe}`;
  if (SOCIAL_INSURANCE_NUMBER_PATTERN.test(maThe)) return `BHXH#${maThe}`;
  return null;
}
