/**
 * Every reason a scanned or typed payload can be refused, with the message the counter shows in
 * Vietnamese and English. Codes are stable: the web page and the logs key on them.
 */
import { type Bilingual, InputError } from "./errors.ts";

const CATALOG = {
  QR_EMPTY: {
    vi: "Chưa nhận được nội dung quét hoặc nhập. Vui lòng quét lại thẻ hoặc nhập số.",
    en: "Nothing was scanned or typed. Please scan the card again or type the number.",
  },
  QR_NOT_CCCD: {
    vi: "Mã QR này không phải mã QR của thẻ căn cước (CCCD).",
    en: "This QR code is not the QR code of a citizen ID card (CCCD).",
  },
  QR_IS_BHYT_CARD: {
    vi: "Đây là mã QR của thẻ BHYT, không phải của thẻ căn cước. Hãy chọn quét thẻ BHYT hoặc quét thẻ căn cước.",
    en: "This is the insurance (BHYT) card's QR code, not the ID card's. Choose the BHYT card method or scan the ID card.",
  },
  QR_IS_CCCD: {
    vi: "Đây là mã QR của thẻ căn cước, không phải thẻ BHYT. Hãy chọn quét thẻ căn cước.",
    en: "This is the ID card's QR code, not an insurance card. Choose the ID card scan method.",
  },
  QR_FIELD_COUNT: {
    vi: "Mã QR thẻ căn cước thiếu thông tin (cần ít nhất 7 trường). Vui lòng quét lại.",
    en: "The ID card QR code is incomplete (at least 7 fields are needed). Please scan again.",
  },
  MANUAL_IS_QR: {
    vi: "Ô nhập số nhận được nội dung mã QR. Hãy dùng chức năng quét mã QR.",
    en: "The number field received a QR code's content. Use the QR scan method instead.",
  },
  ID_FORMAT: {
    vi: "Số định danh cá nhân phải gồm đúng 12 chữ số.",
    en: "The personal ID number must have exactly 12 digits.",
  },
  ID_PROVINCE_UNKNOWN: {
    vi: "Ba chữ số đầu của số định danh không phải mã tỉnh, thành phố hợp lệ.",
    en: "The first three digits of the ID number are not a known province code.",
  },
  ID_SEX_CENTURY_MISMATCH: {
    vi: "Chữ số thứ 4 của số định danh không khớp với giới tính hoặc thế kỷ sinh.",
    en: "The 4th digit of the ID number does not match the sex or the century of birth.",
  },
  ID_YEAR_MISMATCH: {
    vi: "Chữ số thứ 5–6 của số định danh không khớp với năm sinh.",
    en: "Digits 5–6 of the ID number do not match the year of birth.",
  },
  OLD_ID_FORMAT: {
    vi: "Số CMND cũ trong mã QR không hợp lệ (phải gồm 9 hoặc 12 chữ số, hoặc để trống).",
    en: "The old ID (CMND) number in the QR code is invalid (9 or 12 digits, or empty).",
  },
  DATE_INVALID: {
    vi: "Ngày sinh hoặc ngày cấp trong mã QR không phải ngày hợp lệ.",
    en: "The birth date or issue date in the QR code is not a real date.",
  },
  BIRTH_IN_FUTURE: {
    vi: "Ngày sinh trong mã QR nằm sau ngày hôm nay.",
    en: "The birth date in the QR code is after today.",
  },
  ISSUE_BEFORE_BIRTH: {
    vi: "Ngày cấp thẻ trong mã QR nằm trước ngày sinh.",
    en: "The card's issue date in the QR code is before the birth date.",
  },
  ISSUE_IN_FUTURE: {
    vi: "Ngày cấp thẻ trong mã QR nằm sau ngày hôm nay.",
    en: "The card's issue date in the QR code is after today.",
  },
  SEX_INVALID: {
    vi: "Giới tính trong mã QR phải là Nam hoặc Nữ.",
    en: "The sex in the QR code must be Nam (male) or Nữ (female).",
  },
  BHYT_CODE_FORMAT: {
    vi: "Mã thẻ BHYT phải gồm 15 ký tự (2 chữ cái, 13 chữ số) hoặc mã số BHXH gồm 10 chữ số.",
    en: "The BHYT card code must have 15 characters (2 letters, 13 digits), or a 10-digit social-insurance number.",
  },
  BHYT_QR_INVALID: {
    vi: "Mã QR thẻ BHYT bị thiếu hoặc sai thông tin. Vui lòng quét lại hoặc nhập mã thẻ.",
    en: "The BHYT card QR code is incomplete or damaged. Scan again or type the card code.",
  },
  PAYLOAD_TOO_LONG: {
    vi: "Nội dung quét quá dài, không phải mã của thẻ căn cước hay thẻ BHYT.",
    en: "The scanned content is too long to be an ID card or BHYT card code.",
  },
  PAYLOAD_CONTROL_CHARS: {
    vi: "Nội dung quét chứa ký tự điều khiển không hợp lệ. Vui lòng quét lại.",
    en: "The scanned content contains control characters. Please scan again.",
  },
  METHOD_UNKNOWN: {
    vi: "Phương thức tiếp đón không hợp lệ.",
    en: "Unknown check-in method.",
  },
} as const satisfies Record<string, Bilingual>;

/** A stable machine code of a payload rejection. */
export type PayloadErrorCode = keyof typeof CATALOG;

/** All codes of the catalog, for the web page and the tests. */
export const PAYLOAD_ERROR_CODES = Object.keys(CATALOG) as readonly PayloadErrorCode[];

/** A constant per payload code, so a check names its code instead of spelling it. */
export const PAYLOAD_ERROR = Object.fromEntries(PAYLOAD_ERROR_CODES.map((code) => [code, code])) as {
  readonly [Code in PayloadErrorCode]: Code;
};

const UNKNOWN: Bilingual = {
  vi: "Không đọc được nội dung, vui lòng thử lại.",
  en: "The content could not be read; please try again.",
};

/** True when the text is one of the catalog's codes. */
export function isPayloadErrorCode(code: string): code is PayloadErrorCode {
  return Object.hasOwn(CATALOG, code);
}

/** The Vietnamese and English message of a code; a generic message for codes it does not know. */
export function describeError(code: string): Bilingual {
  return isPayloadErrorCode(code) ? CATALOG[code] : UNKNOWN;
}

/** Builds the InputError of a catalog code. */
export function payloadError(code: PayloadErrorCode): InputError {
  return new InputError(code, CATALOG[code]);
}

/** The outcome of one pure check: a value, or the catalog code of the first rule it breaks. */
export type Checked<T> = { ok: true; value: T } | { ok: false; code: PayloadErrorCode };
