/**
 * How the mock gateway answers a card query about a registry person: the gateway's result codes
 * (domain.md §5) derived from the registry record, the query and the day. Pure and synchronous.
 */
import { parseCardCode } from "#domain/bhyt";
import { isoFromCompact, isoFromSlashed, slashedFromIso } from "#domain/date-text";
import { compareNames } from "#domain/names";
import { currentProvinceOf, oldCodeOfNumber } from "#domain/provinces";
import { addDays, isIsoDate } from "#domain/vn-time";
import type { GatewayAnswerBody, PastCheckBody, VisitBody } from "#functions/gateway/gateway-schema";
import { gatewayNote } from "./gateway-notes.ts";
import type { CardFault, CardStatus, MockCard, MockPerson } from "./mock-person.ts";

/** What the gateway is asked (the clerk fields are checked before this). */
export interface CardQuery {
  readonly maThe: string;
  /** "" skips the name comparison (typed ID, or a name garbled by a wedge scanner): a mock choice. */
  readonly hoTen: string;
  /** dd/mm/yyyy, ddmmyyyy, a bare year, or "" to skip the birth comparison. */
  readonly ngaySinh: string;
}

/** The answer, plus the fault the gateway must play instead of answering promptly. */
export interface RuleOutcome {
  readonly answer: GatewayAnswerBody;
  readonly fault: CardFault | null;
}

/** Cards managed by the armed forces' own insurance branches. */
const BRANCH_RESULT: Readonly<Record<string, string>> = { QN: "001", CY: "001", CA: "002" };

const STATUS_RESULT: Readonly<Partial<Record<CardStatus, string>>> = {
  "child-no-card": "130",
  revoked: "110",
  reduced: "120",
  "reduced-moved-province": "121",
  "reduced-moved-within-province": "122",
  "reduced-re-registered": "123",
  "reduced-stopped": "124",
};

/** Groups whose card the mock renews year by year once it ends (children move on to a new card). */
const AUTO_RENEWED_GROUPS = new Set(["TE"]);

const DIAGNOSES = [
  "Tăng huyết áp vô căn (nguyên phát)",
  "Viêm họng cấp",
  "Đái tháo đường không phụ thuộc insulin",
  "Viêm dạ dày và tá tràng",
  "Đau lưng",
  "Viêm phế quản cấp",
  "Rối loạn chuyển hóa lipid",
];

/** An answer that says nothing about any card. */
export function blankAnswer(code: string): GatewayAnswerBody {
  return {
    maKetQua: code,
    ghiChu: gatewayNote(code),
    maThe: null,
    hoTen: null,
    ngaySinh: null,
    gioiTinh: null,
    diaChi: null,
    maDKBD: null,
    cqBHXH: null,
    gtTheTu: null,
    gtTheDen: null,
    maKV: null,
    ngayDu5Nam: null,
    maSoBHXH: null,
    maTheCu: null,
    maTheMoi: null,
    gtTheTuMoi: null,
    gtTheDenMoi: null,
    maDKBDMoi: null,
    tenDKBDMoi: null,
    dsLichSuKCB2018: [],
    dsLichSuKT2018: [],
  };
}

function nextYear(iso: string): string {
  const shifted = `${Number(iso.slice(0, 4)) + 1}${iso.slice(4)}`;
  return isIsoDate(shifted) ? shifted : shifted.replace(/-02-29$/, "-02-28");
}

/** The validity period in force on `today`: the card's own, or its yearly renewal for renewed groups. */
function periodOn(card: MockCard, today: string): { from: string; to: string } {
  let from = card.validFrom;
  let to = card.validTo;
  if (!AUTO_RENEWED_GROUPS.has(card.cardCode.slice(0, 2))) return { from, to };
  for (let guard = 0; to < today && guard < 200; guard++) {
    from = addDays(to, 1);
    to = nextYear(to);
  }
  return { from, to };
}

function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** A short, stable visit history (0–3 visits at the registered facility in the past months), newest first. */
function visitsOf(person: MockPerson, card: MockCard, today: string): VisitBody[] {
  const seed = hashOf(person.idNumber);
  return Array.from({ length: seed % 4 }, (_, i) => {
    const day = addDays(today, -(35 * (i + 1) + (seed % 23))).replaceAll("-", "");
    const diagnosis = DIAGNOSES[(seed >>> (i + 2)) % DIAGNOSES.length] ?? "Khám sức khỏe";
    return {
      maHoSo: `${String(seed).padStart(10, "0")}${i}`,
      maCSKCB: card.registeredFacility,
      ngayVao: `${day}0800`,
      ngayRa: `${day}1030`,
      tenBenh: diagnosis,
      tinhTrang: "1",
      kqDieuTri: "1",
      // 1: the patient came on the right route (đúng tuyến).
      lyDoVV: "1",
    };
  });
}

/** The check the facility made when each past visit began, as the gateway's check history shows it. */
function checksOfVisits(visits: readonly VisitBody[]): PastCheckBody[] {
  return visits.map((visit) => ({
    userKT: visit.maCSKCB,
    thoiGianKT: visit.ngayVao === null ? null : `${visit.ngayVao.slice(0, 8)}0755`,
    thongBao: gatewayNote("000"),
    maLoi: "000",
  }));
}

/** Cards of the armed forces are managed by their own branches; others by the province's office. */
const BRANCH_OFFICE: Readonly<Record<string, string>> = {
  QN: "BHXH Bộ Quốc phòng",
  CY: "BHXH Bộ Quốc phòng",
  CA: "BHXH Bộ Công an",
};

/** The social-insurance office managing a card (cqBHXH), from its group and province digits. */
function managingOfficeOf(cardCode: string): string | null {
  const branch = BRANCH_OFFICE[cardCode.slice(0, 2)];
  if (branch !== undefined) return branch;
  const oldCode = oldCodeOfNumber(cardCode.slice(3, 5));
  const province = oldCode === null ? null : currentProvinceOf(oldCode);
  return province === null ? null : `BHXH ${province.name}`;
}

/** Which card the answer describes, and whether it announces the new card. */
interface AnswerView {
  readonly current: "old" | "new";
  readonly withNewCard: boolean;
}

const OLD_CARD: AnswerView = { current: "old", withNewCard: false };

function cardAnswer(
  code: string,
  person: MockPerson,
  card: MockCard,
  today: string,
  view: AnswerView,
): GatewayAnswerBody {
  const period = periodOn(card, today);
  const newCard = card.newCard;
  const shown =
    view.current === "new" && newCard !== null
      ? {
          code: newCard.cardCode,
          from: newCard.validFrom,
          to: newCard.validTo,
          facility: newCard.registeredFacility,
        }
      : { code: card.cardCode, from: period.from, to: period.to, facility: card.registeredFacility };
  const next = view.withNewCard ? newCard : null;
  const visits = visitsOf(person, card, today);
  return {
    ...blankAnswer(code),
    maThe: shown.code,
    hoTen: card.name,
    ngaySinh: slashedFromIso(card.birthDate),
    gioiTinh: card.sex === "male" ? "Nam" : "Nữ",
    diaChi: person.address,
    maDKBD: shown.facility,
    cqBHXH: managingOfficeOf(shown.code),
    gtTheTu: slashedFromIso(shown.from),
    gtTheDen: slashedFromIso(shown.to),
    maKV: card.areaCode,
    ngayDu5Nam: card.fiveYearDate === null ? null : slashedFromIso(card.fiveYearDate),
    maSoBHXH: card.cardCode.slice(-10),
    maTheCu: view.current === "new" ? card.cardCode : null,
    maTheMoi: next?.cardCode ?? null,
    gtTheTuMoi: next === null ? null : slashedFromIso(next.validFrom),
    gtTheDenMoi: next === null ? null : slashedFromIso(next.validTo),
    maDKBDMoi: next?.registeredFacility ?? null,
    tenDKBDMoi: next?.registeredFacilityName ?? null,
    dsLichSuKCB2018: visits,
    dsLichSuKT2018: checksOfVisits(visits),
  };
}

/** 051/052/053 when a typed card code shares the social-insurance number but not the rest. */
function cardCodeMismatch(asked: string, card: MockCard): string | null {
  const query = parseCardCode(asked);
  if (query === null || asked === card.cardCode || asked === card.newCard?.cardCode) return null;
  const actual = parseCardCode(card.newCard?.cardCode ?? card.cardCode);
  if (actual === null) return "051";
  if (query.group !== actual.group) return "051";
  if (query.provinceNumber !== actual.provinceNumber) return "052";
  if (query.benefitLevel !== actual.benefitLevel) return "053";
  return "051";
}

/** The birth-date spellings the gateway reads: dd/mm/yyyy, ddmmyyyy (the spec's own example) and a bare yyyy. */
export function isBirthField(text: string): boolean {
  if (text === "" || /^\d{4}$/.test(text)) return true;
  return (text.includes("/") ? isoFromSlashed(text) : isoFromCompact(text)) !== null;
}

function birthMismatch(asked: string, card: MockCard): boolean {
  if (asked === "") return false;
  if (/^\d{4}$/.test(asked)) return asked !== card.birthDate.slice(0, 4);
  return (asked.includes("/") ? isoFromSlashed(asked) : isoFromCompact(asked)) !== card.birthDate;
}

/**
 * The gateway's answer about `person` (null: nobody under that key) for `query` on `today`.
 * Order: not found, planned fault, card-code digits, name, birth date, card state, new card,
 * validity, managing branch, then 000.
 */
export function answerCardQuery(person: MockPerson | null, query: CardQuery, today: string): RuleOutcome {
  const card = person?.card ?? null;
  if (person === null || card === null) return { answer: blankAnswer("050"), fault: null };
  const outcome = (code: string, view: AnswerView = OLD_CARD): RuleOutcome => ({
    answer: cardAnswer(code, person, card, today, view),
    fault: card.fault,
  });
  if (card.fault === "server-error") return { answer: blankAnswer("101"), fault: card.fault };

  const mismatch = cardCodeMismatch(query.maThe, card);
  if (mismatch !== null) return { answer: blankAnswer(mismatch), fault: card.fault };
  if (query.hoTen.trim() !== "") {
    const match = compareNames(query.hoTen, card.name);
    if (match === "different") return outcome("060");
    if (match === "same-first-letter") return outcome("061");
  }
  if (birthMismatch(query.ngaySinh.trim(), card)) return outcome("070");

  const statusCode = STATUS_RESULT[card.status];
  if (statusCode !== undefined) return outcome(statusCode);

  const askedForNewCard = card.newCard !== null && query.maThe === card.newCard.cardCode;
  if (askedForNewCard) return outcome("000", { current: "new", withNewCard: false });
  if (card.newCard !== null) {
    const code = periodOn(card, today).to < today ? "003" : "004";
    return outcome(code, { current: "old", withNewCard: true });
  }
  const period = periodOn(card, today);
  if (today < period.from || today > period.to) return outcome("010");
  return outcome(BRANCH_RESULT[card.cardCode.slice(0, 2)] ?? "000");
}
