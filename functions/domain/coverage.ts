/**
 * The coverage decision: from the national gateway's answer (or its absence) to the status and
 * insurance shown to the clerk. Pure: the gateway client hands the plain answer in.
 */
import { parseCardCode } from "./bhyt.ts";
import type { Insurance, Patient } from "./contract.ts";
import { isoFromSlashed, vnTimestampFromGateway } from "./date-text.ts";
import type { Bilingual } from "./errors.ts";
import { foldText, normalizeText } from "./names.ts";
import type { PendingCause, Sex, Status } from "./types.ts";

interface ResultCodeRule extends Bilingual {
  readonly status: Status;
}

const covered = (vi: string, en: string): ResultCodeRule => ({ status: "covered", vi, en });
const notCovered = (vi: string, en: string): ResultCodeRule => ({ status: "not-covered", vi, en });
const review = (vi: string, en: string): ResultCodeRule => ({ status: "needs-review", vi, en });
const pending = (vi: string, en: string): ResultCodeRule => ({ status: "pending", vi, en });

const RETRY_VI = "Đã tiếp đón, hệ thống sẽ tự kiểm tra lại thẻ sau.";
const RETRY_EN = "Patient admitted; the card will be re-checked automatically later.";

/**
 * The gateway's result codes (maKetQua, Công văn 1923/BHXH-CNTT) with the status and the clerk's
 * action. 054/055 are needs-review, not pending: they are faults of the clerk's gateway account,
 * so re-asking with the same account would fail forever; a person must fix it and check the card.
 */
const RESULT_CODES: Readonly<Record<string, ResultCodeRule>> = {
  "000": covered("Thẻ hợp lệ, thông tin đúng. Tiếp đón.", "Card valid, details match. Admit."),
  "001": covered(
    "Thẻ hợp lệ, do BHXH Bộ Quốc phòng quản lý. Tiếp đón, kiểm tra giấy tờ.",
    "Valid card managed by the military insurance branch. Admit and check papers.",
  ),
  "002": covered(
    "Thẻ hợp lệ, do BHXH Công an nhân dân quản lý. Tiếp đón, kiểm tra giấy tờ.",
    "Valid card managed by the police insurance branch. Admit and check papers.",
  ),
  "003": covered(
    "Thẻ cũ đã hết hạn, người bệnh đã được cấp thẻ mới. Tiếp đón theo thẻ mới.",
    "The old card has expired and a new card was issued. Admit on the new card.",
  ),
  "004": covered(
    "Thẻ cũ còn hạn, người bệnh đã được cấp thẻ mới. Tiếp đón theo thẻ mới.",
    "The old card is still valid but a new card was issued. Admit on the new card.",
  ),
  "010": notCovered(
    "Thẻ đã hết hạn sử dụng. Không hưởng BHYT.",
    "The card has expired. Not covered by insurance.",
  ),
  "050": notCovered("Không tìm thấy thẻ BHYT của người bệnh.", "No insurance card was found. Not covered."),
  "051": review(
    "Mã thẻ BHYT không đúng. Kiểm tra và nhập lại.",
    "Wrong card code. Check and enter it again.",
  ),
  "052": review(
    "Sai mã tỉnh trong mã thẻ BHYT. Kiểm tra và nhập lại.",
    "Wrong province digits in the card code. Check and enter it again.",
  ),
  "053": review(
    "Sai mức hưởng trong mã thẻ BHYT. Kiểm tra và nhập lại.",
    "Wrong benefit-level digit in the card code. Check and enter it again.",
  ),
  "054": review(
    "Số định danh của cán bộ tra cứu chưa được đăng ký với Cổng giám định. Sửa tài khoản cán bộ, kiểm tra thẻ thủ công.",
    "The clerk's ID number is not registered with the gateway. Fix the clerk account and check the card by hand.",
  ),
  "055": review(
    "Họ tên cán bộ tra cứu không khớp với đăng ký. Sửa tài khoản cán bộ, kiểm tra thẻ thủ công.",
    "The clerk's name does not match the registration. Fix the clerk account and check the card by hand.",
  ),
  "060": review(
    "Họ tên không khớp với thẻ BHYT. Đối chiếu giấy tờ tùy thân.",
    "The name does not match the insurance card. Check the patient's identity papers.",
  ),
  "061": review(
    "Họ tên không khớp (đúng ký tự đầu). Đối chiếu giấy tờ tùy thân.",
    "The name does not match, though its first letter does. Check the patient's identity papers.",
  ),
  "070": review(
    "Ngày sinh không khớp với thẻ BHYT. Đối chiếu giấy tờ tùy thân.",
    "The birth date does not match the insurance card. Check the patient's identity papers.",
  ),
  "100": pending(`Lỗi dữ liệu tại Cổng giám định. ${RETRY_VI}`, `Gateway data error. ${RETRY_EN}`),
  "101": pending(`Lỗi máy chủ Cổng giám định. ${RETRY_VI}`, `Gateway server error. ${RETRY_EN}`),
  "110": notCovered("Thẻ BHYT đã bị thu hồi.", "The card has been revoked. Not covered."),
  "120": notCovered("Thẻ BHYT đã báo giảm.", "The card was reported reduced. Not covered."),
  "121": notCovered(
    "Thẻ BHYT đã báo giảm (chuyển ngoại tỉnh).",
    "The card was reported reduced (moved to another province). Not covered.",
  ),
  "122": notCovered(
    "Thẻ BHYT đã báo giảm (chuyển nội tỉnh).",
    "The card was reported reduced (moved within the province). Not covered.",
  ),
  "123": notCovered(
    "Thẻ BHYT đã báo giảm (do tăng lại).",
    "The card was reported reduced (re-registered elsewhere). Not covered.",
  ),
  "124": notCovered(
    "Thẻ BHYT đã báo giảm (ngừng tham gia).",
    "The card was reported reduced (membership stopped). Not covered.",
  ),
  "130": covered(
    "Trẻ em không xuất trình thẻ. Tiếp đón theo quy định.",
    "Child without a card. Admit as the rules allow.",
  ),
  "205": pending(`Tham số gửi Cổng giám định sai định dạng. ${RETRY_VI}`, `Bad request format. ${RETRY_EN}`),
  "401": pending(`Lỗi xác thực với Cổng giám định. ${RETRY_VI}`, `Gateway authentication error. ${RETRY_EN}`),
  "500": pending(`Lỗi Cổng giám định. ${RETRY_VI}`, `Gateway error. ${RETRY_EN}`),
};

const UNKNOWN_CODE = pending(
  `Cổng giám định trả mã không xác định. ${RETRY_VI}`,
  `Unknown gateway answer. ${RETRY_EN}`,
);
const UNAVAILABLE = pending(
  `Không kết nối được Cổng giám định. ${RETRY_VI}`,
  `The insurance gateway could not be reached. ${RETRY_EN}`,
);

/** What the clerk is told for each cause a pending check-in can carry. */
const PENDING_CAUSE_MESSAGES: Readonly<Record<PendingCause, Bilingual>> = {
  "gateway-account-missing": {
    vi: "Đã tiếp đón. Cơ sở chưa có tài khoản Cổng giám định BHXH nên thẻ chưa được kiểm tra; quản trị viên cần nhập tài khoản tại trang Quản trị.",
    en: "Patient admitted. This facility has no BHXH gateway account yet, so the card was not checked; the administrator must enter it on the admin page.",
  },
};

/** The status of a result code; any code it does not know is pending (asked again later). */
export function statusFromResultCode(code: string): Status {
  return RESULT_CODES[code]?.status ?? "pending";
}

/** What the clerk should do for a result code, in Vietnamese and English. */
export function clerkMessage(code: string): Bilingual {
  const rule = RESULT_CODES[code] ?? UNKNOWN_CODE;
  return { vi: rule.vi, en: rule.en };
}

/** Codes whose answer describes a new card that replaces the one asked about. */
const NEW_CARD_CODES = new Set(["003", "004"]);

/** The fields of a gateway answer the decision reads (the gateway's own names). */
export interface GatewayAnswerFields {
  readonly maKetQua: string;
  readonly maThe?: string | null;
  readonly hoTen?: string | null;
  readonly ngaySinh?: string | null;
  readonly gioiTinh?: string | null;
  readonly maDKBD?: string | null;
  readonly gtTheTu?: string | null;
  readonly gtTheDen?: string | null;
  readonly maTheMoi?: string | null;
  readonly gtTheTuMoi?: string | null;
  readonly gtTheDenMoi?: string | null;
  readonly maDKBDMoi?: string | null;
  readonly tenDKBDMoi?: string | null;
  readonly cqBHXH?: string | null;
  /** Earlier checks of the card. */
  readonly dsLichSuKT2018?: ReadonlyArray<{
    readonly userKT?: string | null;
    readonly thoiGianKT?: string | null;
    readonly maLoi?: string | null;
  }>;
}

function present(text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
}

function isoOrNull(text: string | null | undefined): string | null {
  const value = present(text);
  return value === null ? null : isoFromSlashed(value);
}

/** Facility codes compare without the spaces and dashes some systems print ("01 - 087"). */
function facilityCode(text: string | null | undefined): string | null {
  const value = present(text);
  return value === null ? null : value.replace(/[\s-]/g, "");
}

/** The latest earlier check the gateway lists whose time can be read (in whatever order it lists them), or null. */
function lastCheckOf(answer: GatewayAnswerFields): Insurance["lastCheck"] {
  let latest: Insurance["lastCheck"] = null;
  for (const check of answer.dsLichSuKT2018 ?? []) {
    const at = vnTimestampFromGateway(check.thoiGianKT ?? "");
    // Every time is written with +07:00, so the text order is the time order.
    if (at !== null && (latest === null || at > latest.at))
      latest = { at, by: present(check.userKT), resultCode: present(check.maLoi) };
  }
  return latest;
}

/** The insurance shown for an answer at `facility`; new-card answers (003/004) show the new card. */
export function toInsurance(answer: GatewayAnswerFields, facility: string): Insurance {
  const code = answer.maKetQua;
  const useNew = NEW_CARD_CODES.has(code) && present(answer.maTheMoi) !== null;
  const cardCode = present(useNew ? answer.maTheMoi : answer.maThe);
  const registeredFacility = facilityCode(useNew ? (answer.maDKBDMoi ?? answer.maDKBD) : answer.maDKBD);
  const atRegisteredFacility = registeredFacility !== null && registeredFacility === facilityCode(facility);
  const status = statusFromResultCode(code);
  const action = clerkMessage(code);
  const elsewhere = status === "covered" && registeredFacility !== null && !atRegisteredFacility;
  return {
    resultCode: code,
    covered: status === "covered",
    cardCode,
    benefitLevel: cardCode === null ? null : (parseCardCode(cardCode)?.benefitLevel ?? null),
    validFrom: isoOrNull(useNew ? answer.gtTheTuMoi : answer.gtTheTu),
    validTo: isoOrNull(useNew ? answer.gtTheDenMoi : answer.gtTheDen),
    registeredFacility,
    registeredFacilityName: useNew ? present(answer.tenDKBDMoi) : null,
    atRegisteredFacility,
    managingOffice: present(answer.cqBHXH),
    lastCheck: lastCheckOf(answer),
    message: elsewhere ? `${action.vi} Nơi đăng ký KCB ban đầu: ${registeredFacility}.` : action.vi,
    messageEn: elsewhere
      ? `${action.en} Registered primary-care facility: ${registeredFacility}.`
      : action.en,
  };
}

function sexOf(text: string | null | undefined): Sex | null {
  const value = foldText(text ?? "");
  if (value === "nam" || value === "1") return "male";
  if (value === "nu" || value === "2") return "female";
  return null;
}

/** What the registry says about the person, for filling what the payload lacked (a garbled name). */
function patientOf(answer: GatewayAnswerFields): Partial<Patient> {
  const name = present(answer.hoTen);
  const birthDate = isoOrNull(answer.ngaySinh);
  const sex = sexOf(answer.gioiTinh);
  return {
    ...(name === null ? {} : { name: normalizeText(name) }),
    ...(birthDate === null ? {} : { birthDate }),
    ...(sex === null ? {} : { sex }),
  };
}

/** A gateway check as the decision sees it: an answer, or no usable answer. */
export type CoverageCheck =
  | { readonly kind: "answer"; readonly answer: GatewayAnswerFields }
  | {
      readonly kind: "unavailable";
      readonly resultCode: string | null;
      /** Why no answer came; "no-account" when the facility has no gateway account to ask with. */
      readonly reason?: string;
    };

/** The coverage decision of one check-in. */
export interface CoverageDecision {
  readonly status: Status;
  /** Null while pending: nothing trustworthy is known about the card yet. */
  readonly insurance: Insurance | null;
  /** Only the fields the registry supplied; empty when it supplied none. */
  readonly patientFromRegistry: Partial<Patient>;
  /** Why the check-in is pending when re-asking the gateway cannot help; absent otherwise. */
  readonly pendingCause?: PendingCause;
}

/**
 * Decides the status of a check-in at `facility` from the gateway check. A missing or failed
 * answer is pending: by law the patient is admitted and the card re-checked later.
 */
export function decideCoverage(check: CoverageCheck, facility: string): CoverageDecision {
  if (check.kind === "unavailable") {
    const noAccount = check.reason === "no-account";
    return {
      status: "pending",
      insurance: null,
      patientFromRegistry: {},
      ...(noAccount ? { pendingCause: "gateway-account-missing" as const } : {}),
    };
  }
  const status = statusFromResultCode(check.answer.maKetQua);
  if (status === "pending") return { status, insurance: null, patientFromRegistry: {} };
  return {
    status,
    insurance: toInsurance(check.answer, facility),
    patientFromRegistry: patientOf(check.answer),
  };
}

/** The message shown when the gateway gave no usable answer, or the cause's own when one is known. */
export function unavailableMessage(cause?: PendingCause | null): Bilingual {
  if (cause !== undefined && cause !== null) return PENDING_CAUSE_MESSAGES[cause];
  return { vi: UNAVAILABLE.vi, en: UNAVAILABLE.en };
}
