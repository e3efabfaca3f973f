/**
 * The 12-digit personal ID number (NĐ 137/2015, TT 07/2016): digits 1–3 province of birth
 * registration, digit 4 sex and century, digits 5–6 the birth year, 7–12 random. There is no
 * check digit, so none is verified.
 */
import { PAYLOAD_ERROR, type PayloadErrorCode } from "./error-catalog.ts";
import { isKnownProvinceCode } from "./provinces.ts";
import type { Sex } from "./types.ts";

/** Exactly 12 ASCII digits. */
export const ID_NUMBER_PATTERN = /^\d{12}$/;

/** First century the 4th digit can encode (0/1 = 1900s); each later century adds 2. */
const FIRST_CENTURY = 1900;

/** Removes what people type between digit groups: spaces, dashes, dots. */
export function stripTypedSeparators(text: string): string {
  return text.replace(/[\s.\-–]/g, "");
}

/** The 4th digit for a sex and a birth year, or null when the year is outside 1900–2399. */
export function sexCenturyDigit(sex: Sex, birthYear: number): number | null {
  const century = Math.floor((birthYear - FIRST_CENTURY) / 100);
  if (!Number.isInteger(century) || century < 0 || century > 4) return null;
  return century * 2 + (sex === "female" ? 1 : 0);
}

/** The sex the 4th digit encodes (even = male, odd = female), or null for a malformed number. */
export function sexOfIdNumber(idNumber: string): Sex | null {
  if (!ID_NUMBER_PATTERN.test(idNumber)) return null;
  return Number(idNumber.charAt(3)) % 2 === 0 ? "male" : "female";
}

/** The 3-digit province code of an ID number. */
function provinceCodeOfIdNumber(idNumber: string): string {
  return idNumber.slice(0, 3);
}

/** Format and province checks every ID number must pass, typed or scanned. */
export function checkIdNumber(idNumber: string): PayloadErrorCode | null {
  if (!ID_NUMBER_PATTERN.test(idNumber)) return PAYLOAD_ERROR.ID_FORMAT;
  if (!isKnownProvinceCode(provinceCodeOfIdNumber(idNumber))) return PAYLOAD_ERROR.ID_PROVINCE_UNKNOWN;
  return null;
}

/** Checks digit 4 against sex and century and digits 5–6 against the birth year. */
export function checkIdAgainstBirth(idNumber: string, sex: Sex, birthYear: number): PayloadErrorCode | null {
  if (Number(idNumber.charAt(3)) !== sexCenturyDigit(sex, birthYear))
    return PAYLOAD_ERROR.ID_SEX_CENTURY_MISMATCH;
  if (idNumber.slice(4, 6) !== String(birthYear % 100).padStart(2, "0"))
    return PAYLOAD_ERROR.ID_YEAR_MISMATCH;
  return null;
}

/** Builds an ID number from its parts (used by the synthetic registry). */
export function composeIdNumber(provinceCode: string, sex: Sex, birthYear: number, serial: number): string {
  const digit = sexCenturyDigit(sex, birthYear);
  if (digit === null) throw new RangeError("birth year outside the centuries an ID number encodes");
  return `${provinceCode}${digit}${String(birthYear % 100).padStart(2, "0")}${String(serial % 1_000_000).padStart(6, "0")}`;
}
