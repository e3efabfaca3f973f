/**
 * Turns what the counter received (a scanned QR text or a typed number) into an Identity, or a
 * catalog error. Shared by the browser (to check a scan before sending it) and the check-in
 * function. It never throws: every input ends as `{ok: true}` or `{ok: false, error}`.
 */
import { CARD_CODE_PATTERN, normalizeCardCode, SOCIAL_INSURANCE_NUMBER_PATTERN } from "./bhyt.ts";
import { type BhytCardQr, looksLikeBhytCardQr, readBhytCardQr } from "./bhyt-card-qr.ts";
import { CCCD_QR_MIN_FIELDS, type CccdCard, readCccdFields } from "./cccd-qr.ts";
import { PAYLOAD_ERROR, type PayloadErrorCode, payloadError } from "./error-catalog.ts";
import type { InputError } from "./errors.ts";
import { checkIdNumber, sexOfIdNumber, stripTypedSeparators } from "./id-number.ts";
import { cleanScanText, hasControlChars, MAX_PAYLOAD_LENGTH } from "./scan-text.ts";
import type { Identity, Method } from "./types.ts";

export { describeError } from "./error-catalog.ts";

/** A value, or the InputError that explains to the clerk why the input was refused. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: InputError };

/** What kind of input was recognised. */
type PayloadKind = "cccd-qr" | "id-number" | "card-code" | "bhyt-qr";

/** A payload that passed every check. */
export interface ParsedPayload {
  readonly kind: PayloadKind;
  readonly identity: Identity;
  /** The ID card read from a CCCD (or VNeID) QR; null for other kinds. */
  readonly card: CccdCard | null;
  /** The BHYT card QR as read; null for other kinds. */
  readonly bhytCard: BhytCardQr | null;
}

const CCCD_START = /^\d{12}\|/;

function fail(code: PayloadErrorCode): ParseResult<never> {
  return { ok: false, error: payloadError(code) };
}

function success(
  kind: PayloadKind,
  identity: Identity,
  extra: Partial<ParsedPayload> = {},
): ParseResult<ParsedPayload> {
  return { ok: true, value: { kind, identity, card: extra.card ?? null, bhytCard: extra.bhytCard ?? null } };
}

/** True when the whole text is a card code or social-insurance number, spacing aside. */
function isBareCardCode(text: string): boolean {
  const code = normalizeCardCode(text);
  return CARD_CODE_PATTERN.test(code) || SOCIAL_INSURANCE_NUMBER_PATTERN.test(code);
}

function fromIdCardQr(text: string, today: string): ParseResult<ParsedPayload> {
  if (looksLikeBhytCardQr(text) || CARD_CODE_PATTERN.test(normalizeCardCode(text)))
    return fail(PAYLOAD_ERROR.QR_IS_BHYT_CARD);
  const fields = text.split("|");
  const first = (fields[0] ?? "").trim();
  if (fields.length < 2 || (!/^\d+$/.test(first) && fields.length < CCCD_QR_MIN_FIELDS))
    return fail(PAYLOAD_ERROR.QR_NOT_CCCD);
  const read = readCccdFields(fields, today);
  if (!read.ok) return fail(read.code);
  const card = read.value;
  return success(
    "cccd-qr",
    {
      idNumber: card.idNumber,
      cardCode: null,
      name: card.name,
      nameGarbled: card.nameGarbled,
      birthDate: card.birthDate,
      sex: card.sex,
    },
    { card },
  );
}

function fromTypedId(text: string): ParseResult<ParsedPayload> {
  if (text.includes("|")) return fail(PAYLOAD_ERROR.MANUAL_IS_QR);
  const idNumber = stripTypedSeparators(text);
  const problem = checkIdNumber(idNumber);
  if (problem !== null) return fail(problem);
  return success("id-number", {
    idNumber,
    cardCode: null,
    name: null,
    nameGarbled: false,
    birthDate: null,
    sex: sexOfIdNumber(idNumber),
  });
}

function fromBhytCard(text: string, today: string): ParseResult<ParsedPayload> {
  if (CCCD_START.test(text)) return fail(PAYLOAD_ERROR.QR_IS_CCCD);
  if (text.includes("|") || text.endsWith("$")) {
    const read = readBhytCardQr(text, today);
    if (!read.ok) return fail(read.code);
    const qr = read.value;
    return success(
      "bhyt-qr",
      {
        idNumber: null,
        cardCode: qr.cardCode,
        name: qr.name,
        nameGarbled: qr.nameGarbled,
        birthDate: qr.birthDate,
        sex: qr.sex,
      },
      { bhytCard: qr },
    );
  }
  if (!isBareCardCode(text)) return fail(PAYLOAD_ERROR.BHYT_CODE_FORMAT);
  return success("card-code", {
    idNumber: null,
    cardCode: normalizeCardCode(text),
    name: null,
    nameGarbled: false,
    birthDate: null,
    sex: null,
  });
}

/**
 * Parses and validates a payload for a check-in method, against `today` (YYYY-MM-DD, Vietnam).
 * `qr-vneid` is read like `qr-cccd`: the VNeID app's QR layout is unconfirmed, and we assume it
 * carries the same fields as the card's QR.
 */
export function parsePayload(method: Method, payload: string, today: string): ParseResult<ParsedPayload> {
  if (typeof payload !== "string") return fail(PAYLOAD_ERROR.QR_EMPTY);
  if (payload.length > MAX_PAYLOAD_LENGTH) return fail(PAYLOAD_ERROR.PAYLOAD_TOO_LONG);
  const text = cleanScanText(payload);
  if (text === "") return fail(PAYLOAD_ERROR.QR_EMPTY);
  if (hasControlChars(text)) return fail(PAYLOAD_ERROR.PAYLOAD_CONTROL_CHARS);
  switch (method) {
    case "qr-cccd":
    case "qr-vneid":
      return fromIdCardQr(text, today);
    case "manual-id":
      return fromTypedId(text);
    case "bhyt-card":
      return fromBhytCard(text, today);
    default:
      return fail(PAYLOAD_ERROR.METHOD_UNKNOWN);
  }
}

/** What a scanned text most likely is, so the page can suggest the right method. */
export function classifyScan(text: string): "cccd" | "bhyt" | "other" {
  const clean = cleanScanText(text);
  if (CCCD_START.test(clean)) return "cccd";
  if (looksLikeBhytCardQr(clean) || isBareCardCode(clean)) return "bhyt";
  return "other";
}
