/**
 * The chip ID card's QR text: `|`-separated fields read by position, dates ddmmyyyy. The 2021
 * card has 7 fields; the 2024 card may append more, which are kept and never shift the others.
 */
import { compactFromIso, isoFromCompact } from "./date-text.ts";
import { type Checked, PAYLOAD_ERROR } from "./error-catalog.ts";
import { checkIdAgainstBirth, checkIdNumber, sexOfIdNumber } from "./id-number.ts";
import { foldText, isGarbledAddress, isGarbledName, normalizeText } from "./names.ts";
import type { Sex } from "./types.ts";

/** Position of each field in the QR text (data, so a new card layout is a one-line change). */
const CCCD_QR_LAYOUT = {
  idNumber: 0,
  oldIdNumber: 1,
  name: 2,
  birthDate: 3,
  sex: 4,
  address: 5,
  issueDate: 6,
} as const;

/** Fewest fields a CCCD QR carries. */
export const CCCD_QR_MIN_FIELDS = 7;

/** Sex words after folding case and diacritics ("NỮ", "Nu", "nữ" → "nu"). */
const SEX_WORDS: Readonly<Record<string, Sex>> = { nam: "male", nu: "female" };

/** An old CMND number: 9 digits, or 12 for the 12-digit CMND issued 2012–2016. */
const OLD_ID_PATTERN = /^(\d{9}|\d{12})$/;

/** What a CCCD QR says about its holder. */
export interface CccdCard {
  readonly idNumber: string;
  /** The old CMND number, or null when the holder never had one (empty field). */
  readonly oldIdNumber: string | null;
  /** NFC name as printed, or null when absent or garbled by the scanner. */
  readonly name: string | null;
  readonly nameGarbled: boolean;
  readonly birthDate: string;
  readonly sex: Sex;
  /** NFC address, or null when absent or garbled. */
  readonly address: string | null;
  readonly addressGarbled: boolean;
  readonly issueDate: string;
  /** Fields after the 7th (2024 card), NFC, kept as read. */
  readonly extraFields: readonly string[];
}

function field(fields: readonly string[], position: number): string {
  return (fields[position] ?? "").trim();
}

/** Reads the sex word; a garbled "Nữ" (only that word has a diacritic) falls back to the ID's digit. */
function readSex(word: string, idNumber: string): Sex | null {
  const known = SEX_WORDS[foldText(word)];
  if (known !== undefined) return known;
  const damagedNu = /^n/i.test(word) && word.length <= 8 && isGarbledName(word);
  return damagedNu ? sexOfIdNumber(idNumber) : null;
}

function readText(
  raw: string,
  isGarbled: (text: string) => boolean,
): { text: string | null; garbled: boolean } {
  const text = normalizeText(raw);
  if (text === "") return { text: null, garbled: false };
  return isGarbled(text) ? { text: null, garbled: true } : { text, garbled: false };
}

/** Checks and reads the fields of a CCCD QR (already split on `|`), against `today` (YYYY-MM-DD). */
export function readCccdFields(fields: readonly string[], today: string): Checked<CccdCard> {
  const idNumber = field(fields, CCCD_QR_LAYOUT.idNumber);
  const idProblem = checkIdNumber(idNumber);
  if (idProblem !== null) return { ok: false, code: idProblem };
  if (fields.length < CCCD_QR_MIN_FIELDS) return { ok: false, code: PAYLOAD_ERROR.QR_FIELD_COUNT };

  const oldId = field(fields, CCCD_QR_LAYOUT.oldIdNumber);
  if (oldId !== "" && !OLD_ID_PATTERN.test(oldId)) return { ok: false, code: PAYLOAD_ERROR.OLD_ID_FORMAT };

  const birthDate = isoFromCompact(field(fields, CCCD_QR_LAYOUT.birthDate));
  const issueDate = isoFromCompact(field(fields, CCCD_QR_LAYOUT.issueDate));
  if (birthDate === null || issueDate === null) return { ok: false, code: PAYLOAD_ERROR.DATE_INVALID };

  const sex = readSex(field(fields, CCCD_QR_LAYOUT.sex), idNumber);
  if (sex === null) return { ok: false, code: PAYLOAD_ERROR.SEX_INVALID };
  const birthProblem = checkIdAgainstBirth(idNumber, sex, Number(birthDate.slice(0, 4)));
  if (birthProblem !== null) return { ok: false, code: birthProblem };

  if (birthDate > today) return { ok: false, code: PAYLOAD_ERROR.BIRTH_IN_FUTURE };
  if (issueDate > today) return { ok: false, code: PAYLOAD_ERROR.ISSUE_IN_FUTURE };
  if (issueDate < birthDate) return { ok: false, code: PAYLOAD_ERROR.ISSUE_BEFORE_BIRTH };

  const name = readText(field(fields, CCCD_QR_LAYOUT.name), isGarbledName);
  const address = readText(field(fields, CCCD_QR_LAYOUT.address), isGarbledAddress);
  return {
    ok: true,
    value: {
      idNumber,
      oldIdNumber: oldId === "" ? null : oldId,
      name: name.text,
      nameGarbled: name.garbled,
      birthDate,
      sex,
      address: address.text,
      addressGarbled: address.garbled,
      issueDate,
      extraFields: fields.slice(CCCD_QR_MIN_FIELDS).map((extra) => extra.normalize("NFC")),
    },
  };
}

/** Writes the QR text a card carries (the inverse of reading it), e.g. for synthetic people. */
export function formatCccdQr(card: {
  idNumber: string;
  oldIdNumber: string | null;
  name: string;
  birthDate: string;
  sex: Sex;
  address: string;
  issueDate: string;
  extraFields?: readonly string[];
}): string {
  const fields = new Array<string>(CCCD_QR_MIN_FIELDS).fill("");
  fields[CCCD_QR_LAYOUT.idNumber] = card.idNumber;
  fields[CCCD_QR_LAYOUT.oldIdNumber] = card.oldIdNumber ?? "";
  fields[CCCD_QR_LAYOUT.name] = card.name;
  fields[CCCD_QR_LAYOUT.birthDate] = compactFromIso(card.birthDate);
  fields[CCCD_QR_LAYOUT.sex] = card.sex === "male" ? "Nam" : "Nữ";
  fields[CCCD_QR_LAYOUT.address] = card.address;
  fields[CCCD_QR_LAYOUT.issueDate] = compactFromIso(card.issueDate);
  return [...fields, ...(card.extraFields ?? [])].join("|");
}
