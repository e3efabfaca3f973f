/**
 * The QR printed on the BHYT card itself [P]: `|`-separated, name and address as hex-encoded
 * UTF-8, dates dd/mm/yyyy, the text ends with `$`. Field positions are data (BHYT_QR_LAYOUT).
 */
import { CARD_CODE_PATTERN, normalizeCardCode } from "./bhyt.ts";
import { isoFromSlashed, slashedFromIso } from "./date-text.ts";
import { type Checked, PAYLOAD_ERROR } from "./error-catalog.ts";
import { isGarbledAddress, isGarbledName, normalizeText } from "./names.ts";
import type { Sex } from "./types.ts";

/** Position of each field we read. */
const BHYT_QR_LAYOUT = {
  cardCode: 0,
  name: 1,
  birthDate: 2,
  sex: 3,
  address: 4,
  registeredFacility: 5,
  validFrom: 6,
  validTo: 7,
  issueDate: 8,
} as const;

/** Fewest fields before the terminator: up to the end of validity. */
const BHYT_QR_MIN_FIELDS = 8;

/** The terminator that tells a BHYT card QR from a CCCD QR. */
const BHYT_QR_END = "$";

/** Sex codes as the card writes them [U]; an unknown code leaves the sex unknown, it does not reject. */
const BHYT_SEX_CODES: Readonly<Record<string, Sex>> = { "1": "male", "2": "female" };

/** What a BHYT card QR says. */
export interface BhytCardQr {
  readonly cardCode: string;
  readonly name: string | null;
  readonly nameGarbled: boolean;
  /** ISO date, or null when the card prints only a birth year. */
  readonly birthDate: string | null;
  readonly sex: Sex | null;
  readonly address: string | null;
  /** 5-character facility code, e.g. "01087" (the card may print "01 - 087"). */
  readonly registeredFacility: string | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly issueDate: string | null;
  /** Every field as read, for fields this reader does not interpret. */
  readonly fields: readonly string[];
}

/** True when the text has the BHYT card QR's shape (a `|` and the closing `$`). */
export function looksLikeBhytCardQr(text: string): boolean {
  return text.endsWith(BHYT_QR_END) && text.includes("|");
}

/** Decodes hex-encoded UTF-8; null for odd length, non-hex characters or invalid UTF-8. */
export function decodeHexUtf8(hex: string): string | null {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Encodes text as hex of its UTF-8 bytes (lower case), as the card does. */
export function encodeHexUtf8(text: string): string {
  return Array.from(new TextEncoder().encode(text), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function optionalDate(text: string): Checked<string | null> {
  if (text === "" || /^\d{4}$/.test(text)) return { ok: true, value: null };
  const iso = isoFromSlashed(text);
  return iso === null ? { ok: false, code: PAYLOAD_ERROR.BHYT_QR_INVALID } : { ok: true, value: iso };
}

function hexText(
  hex: string,
  isGarbled: (text: string) => boolean,
): Checked<{ text: string | null; garbled: boolean }> {
  const decoded = decodeHexUtf8(hex);
  if (decoded === null) return { ok: false, code: PAYLOAD_ERROR.BHYT_QR_INVALID };
  const text = normalizeText(decoded);
  if (text === "") return { ok: true, value: { text: null, garbled: false } };
  return { ok: true, value: isGarbled(text) ? { text: null, garbled: true } : { text, garbled: false } };
}

/** Reads a BHYT card QR text (already cleaned of scanner noise), against `today` (YYYY-MM-DD). */
export function readBhytCardQr(text: string, today: string): Checked<BhytCardQr> {
  if (!text.endsWith(BHYT_QR_END)) return { ok: false, code: PAYLOAD_ERROR.BHYT_QR_INVALID };
  const fields = text
    .slice(0, -BHYT_QR_END.length)
    .split("|")
    .map((part) => part.trim());
  if (fields.length < BHYT_QR_MIN_FIELDS) return { ok: false, code: PAYLOAD_ERROR.BHYT_QR_INVALID };
  const at = (position: number) => fields[position] ?? "";

  const cardCode = normalizeCardCode(at(BHYT_QR_LAYOUT.cardCode));
  if (!CARD_CODE_PATTERN.test(cardCode)) return { ok: false, code: PAYLOAD_ERROR.BHYT_QR_INVALID };
  const name = hexText(at(BHYT_QR_LAYOUT.name), isGarbledName);
  const address = hexText(at(BHYT_QR_LAYOUT.address), isGarbledAddress);
  const birthDate = optionalDate(at(BHYT_QR_LAYOUT.birthDate));
  const validFrom = optionalDate(at(BHYT_QR_LAYOUT.validFrom));
  const validTo = optionalDate(at(BHYT_QR_LAYOUT.validTo));
  const issueDate = optionalDate(at(BHYT_QR_LAYOUT.issueDate));
  if (!name.ok || !address.ok || !birthDate.ok || !validFrom.ok || !validTo.ok || !issueDate.ok) {
    return { ok: false, code: PAYLOAD_ERROR.BHYT_QR_INVALID };
  }
  if (birthDate.value !== null && birthDate.value > today)
    return { ok: false, code: PAYLOAD_ERROR.BIRTH_IN_FUTURE };
  // Validity that ends before it starts means the fields were damaged or shifted.
  if (validFrom.value !== null && validTo.value !== null && validFrom.value > validTo.value) {
    return { ok: false, code: PAYLOAD_ERROR.BHYT_QR_INVALID };
  }
  const facilityDigits = at(BHYT_QR_LAYOUT.registeredFacility).replace(/[\s-]/g, "");
  return {
    ok: true,
    value: {
      cardCode,
      name: name.value.text,
      nameGarbled: name.value.garbled,
      birthDate: birthDate.value,
      sex: BHYT_SEX_CODES[at(BHYT_QR_LAYOUT.sex)] ?? null,
      address: address.value.text,
      registeredFacility: /^\d{5}$/.test(facilityDigits) ? facilityDigits : null,
      validFrom: validFrom.value,
      validTo: validTo.value,
      issueDate: issueDate.value,
      fields: fields.map((part) => part.normalize("NFC")),
    },
  };
}

/** Writes a BHYT card QR text (for synthetic cards and tests). */
export function formatBhytCardQr(card: {
  cardCode: string;
  name: string;
  birthDate: string;
  sex: Sex;
  address: string;
  registeredFacility: string;
  validFrom: string;
  validTo: string;
  issueDate: string;
}): string {
  const fields = new Array<string>(BHYT_QR_MIN_FIELDS + 1).fill("");
  fields[BHYT_QR_LAYOUT.cardCode] = card.cardCode;
  fields[BHYT_QR_LAYOUT.name] = encodeHexUtf8(card.name);
  fields[BHYT_QR_LAYOUT.birthDate] = slashedFromIso(card.birthDate);
  fields[BHYT_QR_LAYOUT.sex] = card.sex === "male" ? "1" : "2";
  fields[BHYT_QR_LAYOUT.address] = encodeHexUtf8(card.address);
  fields[BHYT_QR_LAYOUT.registeredFacility] =
    `${card.registeredFacility.slice(0, 2)} - ${card.registeredFacility.slice(2)}`;
  fields[BHYT_QR_LAYOUT.validFrom] = slashedFromIso(card.validFrom);
  fields[BHYT_QR_LAYOUT.validTo] = slashedFromIso(card.validTo);
  fields[BHYT_QR_LAYOUT.issueDate] = slashedFromIso(card.issueDate);
  return `${fields.join("|")}|${BHYT_QR_END}`;
}
