/**
 * The check-in message a facility sends BHXH when a visit's first cost arises (XML0,
 * CHI_TIEU_TRANG_THAI_KCB, QĐ 130 as amended by QĐ 4750 and QĐ 3176): one TRANG_THAI_KCB of 26
 * fields per visit, in the order the regulation lists them, and an empty CHUKYDONVI for the
 * facility's signature. Pure: the same rules build the message and let the gateway stand-in check it.
 */
import { type Bilingual, ERROR_CODE, InputError } from "./errors.ts";
import { isIsoDate } from "./vn-time.ts";

/** The 26 fields of TRANG_THAI_KCB, in the order the message must carry them. */
export const XML0_FIELDS = [
  "MA_LK",
  "STT",
  "MA_BN",
  "HO_TEN",
  "SO_CCCD",
  "NGAY_SINH",
  "GIOI_TINH",
  "MA_THE_BHYT",
  "MA_DKBD",
  "GT_THE_TU",
  "GT_THE_DEN",
  "MA_DOITUONG_KCB",
  "NGAY_VAO",
  "NGAY_VAO_NOI_TRU",
  "LY_DO_VNT",
  "MA_LY_DO_VNT",
  "MA_LOAI_KCB",
  "MA_CSKCB",
  "MA_DICH_VU",
  "TEN_DICH_VU",
  "MA_THUOC",
  "TEN_THUOC",
  "MA_VAT_TU",
  "TEN_VAT_TU",
  "NGAY_YL",
  "DU_PHONG",
] as const;
export type Xml0Field = (typeof XML0_FIELDS)[number];

/** How each field is written and checked: its longest value and the shape a non-empty value has. */
interface Xml0FieldRule {
  readonly maxLength: number;
  readonly pattern: RegExp | null;
  /** Free text, written in CDATA. */
  readonly text: boolean;
  /** Must not be empty. */
  readonly required: boolean;
}

const MINUTE = /^\d{12}$/;
const rule = (maxLength: number, pattern: RegExp | null, required = false, text = false): Xml0FieldRule => ({
  maxLength,
  pattern,
  required,
  text,
});

/** Lengths and formats of the fields (QĐ 130 tables; "n" lengths are capped generously). */
const XML0_FIELD_RULES: Readonly<Record<Xml0Field, Xml0FieldRule>> = {
  MA_LK: rule(100, /^[A-Za-z0-9._-]+$/, true),
  STT: rule(10, /^[1-9]\d*$/, true),
  MA_BN: rule(100, null, true),
  HO_TEN: rule(255, null, true, true),
  SO_CCCD: rule(15, /^[A-Z0-9]+$/),
  NGAY_SINH: rule(12, MINUTE, true),
  GIOI_TINH: rule(1, /^[123]$/, true),
  MA_THE_BHYT: rule(255, /^[A-Z0-9;]+$/),
  MA_DKBD: rule(255, /^\d{5}(;\d{5})*$/),
  GT_THE_TU: rule(255, /^\d{8}(;\d{8})*$/),
  GT_THE_DEN: rule(255, /^\d{8}(;\d{8})*$/),
  MA_DOITUONG_KCB: rule(4, /^\d(\.\d{1,2})?$/, true),
  NGAY_VAO: rule(12, MINUTE, true),
  NGAY_VAO_NOI_TRU: rule(12, MINUTE),
  LY_DO_VNT: rule(1024, null, false, true),
  MA_LY_DO_VNT: rule(5, null),
  MA_LOAI_KCB: rule(2, /^\d{2}$/, true),
  MA_CSKCB: rule(5, /^\d{5}$/, true),
  MA_DICH_VU: rule(50, /^[A-Za-z0-9._-]+$/, true),
  TEN_DICH_VU: rule(1024, null, true, true),
  MA_THUOC: rule(255, null),
  TEN_THUOC: rule(1024, null, false, true),
  MA_VAT_TU: rule(255, null),
  TEN_VAT_TU: rule(1024, null, false, true),
  NGAY_YL: rule(12, MINUTE, true),
  DU_PHONG: rule(1024, null, false, true),
};

/** `MA_DOITUONG_KCB` of an emergency visit: it never gets an XML0. */
export const EMERGENCY_VISIT_GROUP = "2";
/** `MA_LOAI_KCB` of an outpatient exam (khám), what reception registers. */
const EXAM_VISIT_TYPE = "01";

/** An exam service (dịch vụ khám) as the facility's price list names it. */
export interface ExamService {
  readonly code: string;
  readonly name: string;
}

/** One visit, as tiepdon knows it at check-in. */
export interface Xml0Visit {
  /** MA_LK: the visit's own key, unique in the facility. */
  readonly visitKey: string;
  /** MA_BN: the facility's code for the patient. */
  readonly patientCode: string;
  readonly fullName: string;
  /** The 12-digit ID number, else the old CMND or a passport number; null when none is known. */
  readonly idNumber: string | null;
  /** YYYY-MM-DD, or YYYY when only the year is known, or null. */
  readonly birthDate: string | null;
  readonly sex: "male" | "female" | null;
  /** The BHYT card code (15 characters) or null for a visit without a card. */
  readonly cardCode: string | null;
  /** The card's registered primary facility (5 digits). */
  readonly primaryFacility: string | null;
  /** YYYY-MM-DD. */
  readonly cardValidFrom: string | null;
  readonly cardValidTo: string | null;
  /** MA_DOITUONG_KCB, provisional at check-in ("1.1" for a visit to the registered facility). */
  readonly visitGroup: string;
  /** When the patient was checked in (the card scan, also for a visit sent later from offline). */
  readonly arrivedAt: Date;
  /** MA_CSKCB: the facility checking the patient in. */
  readonly facilityCode: string;
  /** The exam service the patient is registered for: the room's, or the facility's default exam. */
  readonly service: ExamService;
  /** MA_LOAI_KCB; an exam ("01") unless said otherwise. */
  readonly visitType?: string;
}

const XML0_MESSAGES = {
  XML0_EMERGENCY: {
    vi: "Lượt cấp cứu không gửi bảng trạng thái khám chữa bệnh (XML0).",
    en: "An emergency visit is not reported with the check-in table (XML0).",
  },
  XML0_FIELD_INVALID: {
    vi: "Dữ liệu lượt khám không ghi được vào bảng XML0: một trường sai định dạng hoặc quá dài.",
    en: "The visit cannot be written as XML0: a field has the wrong format or is too long.",
  },
  XML0_EMPTY: {
    vi: "Bảng XML0 phải có ít nhất một lượt khám.",
    en: "An XML0 message needs at least one visit.",
  },
} as const satisfies Record<string, Bilingual>;

/** Refusal to build an XML0; `field` names the offending field when there is one. */
export class Xml0Error extends InputError {
  readonly field: Xml0Field | null;
  constructor(code: keyof typeof XML0_MESSAGES, field: Xml0Field | null = null) {
    super(code, XML0_MESSAGES[code]);
    this.field = field;
  }
}

const OFFSET_MS = 7 * 60 * 60 * 1000;

/** 202612070903 for 2026-12-07 09:03 in Vietnam (UTC+7). */
export function xml0Minute(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 16).replace(/\D/g, "");
}

/** A birth date as yyyyMMddHHmm with the unknown parts as zeros: "1990-03-15" → "199003150000". */
function xml0BirthDate(birthDate: string | null): string {
  if (birthDate === null) return "000000000000";
  if (/^\d{4}$/.test(birthDate)) return `${birthDate}00000000`;
  if (!isIsoDate(birthDate)) throw new Xml0Error(ERROR_CODE.XML0_FIELD_INVALID, "NGAY_SINH");
  return `${birthDate.replace(/-/g, "")}0000`;
}

function day(iso: string | null, field: Xml0Field): string {
  if (iso === null) return "";
  if (!isIsoDate(iso)) throw new Xml0Error(ERROR_CODE.XML0_FIELD_INVALID, field);
  return iso.replace(/-/g, "");
}

/** 1 Nam, 2 Nữ, 3 Chưa xác định. */
function sexCode(sex: Xml0Visit["sex"]): string {
  if (sex === "male") return "1";
  if (sex === "female") return "2";
  return "3";
}

/** The 26 values of one visit, in field order; `index` is its 1-based STT. */
function xml0Values(visit: Xml0Visit, index: number): Record<Xml0Field, string> {
  if (visit.visitGroup === EMERGENCY_VISIT_GROUP) throw new Xml0Error(ERROR_CODE.XML0_EMERGENCY);
  const arrived = xml0Minute(visit.arrivedAt);
  const values: Record<Xml0Field, string> = {
    MA_LK: visit.visitKey,
    STT: String(index),
    MA_BN: visit.patientCode,
    HO_TEN: visit.fullName.normalize("NFC").trim(),
    SO_CCCD: visit.idNumber ?? "",
    NGAY_SINH: xml0BirthDate(visit.birthDate),
    GIOI_TINH: sexCode(visit.sex),
    MA_THE_BHYT: visit.cardCode ?? "",
    MA_DKBD: visit.primaryFacility ?? "",
    GT_THE_TU: day(visit.cardValidFrom, "GT_THE_TU"),
    GT_THE_DEN: day(visit.cardValidTo, "GT_THE_DEN"),
    MA_DOITUONG_KCB: visit.visitGroup,
    NGAY_VAO: arrived,
    NGAY_VAO_NOI_TRU: "",
    LY_DO_VNT: "",
    MA_LY_DO_VNT: "",
    MA_LOAI_KCB: visit.visitType ?? EXAM_VISIT_TYPE,
    MA_CSKCB: visit.facilityCode,
    MA_DICH_VU: visit.service.code,
    TEN_DICH_VU: visit.service.name.normalize("NFC").trim(),
    MA_THUOC: "",
    TEN_THUOC: "",
    MA_VAT_TU: "",
    TEN_VAT_TU: "",
    NGAY_YL: arrived,
    DU_PHONG: "",
  };
  const problem = findFieldProblem(values);
  if (problem !== null) throw new Xml0Error(ERROR_CODE.XML0_FIELD_INVALID, problem);
  return values;
}

/** The first field whose value breaks its length or format, or null when all 26 are fine. */
export function findFieldProblem(values: Readonly<Record<Xml0Field, string>>): Xml0Field | null {
  for (const field of XML0_FIELDS) {
    const value = values[field];
    const { maxLength, pattern, required } = XML0_FIELD_RULES[field];
    if (value.length > maxLength) return field;
    if (value === "") {
      if (required) return field;
      continue;
    }
    if (pattern !== null && !pattern.test(value)) return field;
  }
  return null;
}

// Characters XML 1.0 cannot carry at all (C0 controls other than tab, line feed, carriage return).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters removed.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function cdata(text: string): string {
  return `<![CDATA[${text.replace(NOT_XML, "").replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

function escaped(text: string): string {
  return text.replace(NOT_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function element(field: Xml0Field, value: string): string {
  if (value === "") return `<${field}></${field}>`;
  return `<${field}>${XML0_FIELD_RULES[field].text ? cdata(value) : escaped(value)}</${field}>`;
}

/**
 * The unsigned XML0 for `visits` (UTF-8 text, one TRANG_THAI_KCB each, STT 1…n) with an empty
 * CHUKYDONVI where the facility's signature goes. Throws Xml0Error for an emergency visit or a
 * field the message cannot carry.
 */
export function buildXml0(visits: readonly Xml0Visit[]): string {
  if (visits.length === 0) throw new Xml0Error(ERROR_CODE.XML0_EMPTY);
  const rows = visits.map((visit, index) => {
    const values = xml0Values(visit, index + 1);
    return `<TRANG_THAI_KCB>\n${XML0_FIELDS.map((field) => element(field, values[field])).join("\n")}\n</TRANG_THAI_KCB>`;
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    "<CHI_TIEU_TRANG_THAI_KCB>",
    "<DSACH_TRANG_THAI_KCB>",
    ...rows,
    "</DSACH_TRANG_THAI_KCB>",
    "<CHUKYDONVI></CHUKYDONVI>",
    "</CHI_TIEU_TRANG_THAI_KCB>",
  ].join("\n");
}
