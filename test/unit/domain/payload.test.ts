import { describe, expect, it } from "vitest";
import { formatBhytCardQr } from "#domain/bhyt-card-qr";
import { PAYLOAD_ERROR_CODES } from "#domain/error-catalog";
import { InputError } from "#domain/errors";
import { classifyScan, describeError, type ParsedPayload, parsePayload } from "#domain/payload";
import type { Method } from "#domain/types";
import { FIXTURE_PEOPLE } from "#functions/gateway-mock/fixtures";

const TODAY = "2026-11-25";
const AN =
  "001090012345|012345678|Nguyễn Văn An|15031990|Nam|Số 12 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội|20042021";
const NGOC =
  "001185001122||Trần Thị Bích Ngọc|02111985|Nữ|Số 5 Ngõ 48 Tạ Quang Bửu, Hai Bà Trưng, Hà Nội|11092022";
const MAI_ANH =
  "079303001234||Võ Thị Mai Anh|30122003|Nữ|Số 20 Nguyễn Huệ, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15082024||";
const KHOI = "001221009876||Phạm Minh Khôi|19052021|Nam|Số 8 Phố Lý Thường Kiệt, Hoàn Kiếm, Hà Nội|01072024";
const BINH_BHYT_QR = formatBhytCardQr({
  cardCode: "HT3380300456789",
  name: "Lê Văn Bình",
  birthDate: "1950-08-07",
  sex: "male",
  address: "Thôn 3, Xã Xuân Lâm, Huyện Tĩnh Gia, Thanh Hóa",
  registeredFacility: "38001",
  validFrom: "2026-01-01",
  validTo: "2030-12-31",
  issueDate: "2025-12-15",
});

function accepted(method: Method, payload: string): ParsedPayload {
  const result = parsePayload(method, payload, TODAY);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(payload)} to parse, got ${result.error.code}`);
  return result.value;
}

function rejection(method: Method, payload: string): string {
  const result = parsePayload(method, payload, TODAY);
  if (result.ok) throw new Error(`expected ${JSON.stringify(payload)} to be rejected`);
  expect(result.error).toBeInstanceOf(InputError);
  return result.error.code;
}

/** Replaces one `|`-separated field of a QR text. */
function withField(qr: string, position: number, value: string): string {
  const fields = qr.split("|");
  fields[position] = value;
  return fields.join("|");
}

describe("parsePayload: ID-card QR accepted", () => {
  it("reads the 7-field chip-card QR by position", () => {
    const parsed = accepted("qr-cccd", AN);
    expect(parsed.kind).toBe("cccd-qr");
    expect(parsed.identity).toEqual({
      idNumber: "001090012345",
      cardCode: null,
      name: "Nguyễn Văn An",
      nameGarbled: false,
      birthDate: "1990-03-15",
      sex: "male",
    });
    expect(parsed.card).toMatchObject({
      oldIdNumber: "012345678",
      address: "Số 12 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội",
      issueDate: "2021-04-20",
      extraFields: [],
    });
  });

  it("keeps the 2024 card's two extra trailing fields without shifting the others", () => {
    const parsed = accepted("qr-cccd", MAI_ANH);
    expect(parsed.card?.extraFields).toEqual(["", ""]);
    expect(parsed.card?.issueDate).toBe("2024-08-15");
    expect(parsed.identity).toMatchObject({ name: "Võ Thị Mai Anh", sex: "female", birthDate: "2003-12-30" });
    const withValues = accepted("qr-cccd", `${withField(MAI_ANH, 7, "X1")}`.replace(/\|$/, "|Y2"));
    expect(withValues.card?.extraFields).toEqual(["X1", "Y2"]);
    expect(withValues.card?.address).toContain("Quận 1");
  });

  it("accepts an empty old-ID field", () => {
    const parsed = accepted("qr-cccd", NGOC);
    expect(parsed.card?.oldIdNumber).toBeNull();
    expect(parsed.identity.name).toBe("Trần Thị Bích Ngọc");
    expect(parsed.identity.sex).toBe("female");
  });

  it("stores NFD text as NFC", () => {
    const parsed = accepted("qr-cccd", AN.normalize("NFD"));
    expect(parsed.identity.name).toBe("Nguyễn Văn An".normalize("NFC"));
    expect(parsed.identity.name?.length).toBe("Nguyễn Văn An".normalize("NFC").length);
    expect(parsed.card?.address).toBe(
      "Số 12 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội".normalize("NFC"),
    );
  });

  it.each([
    ["a BOM in front", `\uFEFF${AN}`],
    ["CR/LF after it (wedge scanner Enter)", `${AN}\r\n`],
    ["spaces and a tab around it", `   ${AN}\t `],
    ["line feeds both sides and a trailing NUL", `\n${AN}\n\u0000`],
  ])("tolerates %s", (_label, payload) => {
    expect(accepted("qr-cccd", payload).identity.idNumber).toBe("001090012345");
  });

  it("reads a child's card (century digit 2 = male born in the 2000s)", () => {
    expect(accepted("qr-cccd", KHOI).identity).toMatchObject({ sex: "male", birthDate: "2021-05-19" });
  });

  it.each(["NAM", "nam", "Nam"])("accepts the sex word %s", (word) => {
    expect(accepted("qr-cccd", withField(AN, 4, word)).identity.sex).toBe("male");
  });

  it.each(["NỮ", "nu", "Nu", "NU", "Nữ".normalize("NFD")])("accepts the sex word %s", (word) => {
    expect(accepted("qr-cccd", withField(NGOC, 4, word)).identity.sex).toBe("female");
  });

  it("every fixture person's QR parses, with the fixture's facts", () => {
    for (const fixture of FIXTURE_PEOPLE) {
      const parsed = accepted("qr-cccd", fixture.qr);
      expect(parsed.identity).toMatchObject({
        idNumber: fixture.person.idNumber,
        name: fixture.person.name,
        birthDate: fixture.person.birthDate,
        sex: fixture.person.sex,
      });
      expect(parsed.card?.issueDate).toBe(fixture.person.issueDate);
    }
  });

  it("reads a VNeID QR with the same layout", () => {
    expect(accepted("qr-vneid", NGOC).identity.idNumber).toBe("001185001122");
  });
});

describe("parsePayload: names damaged by wedge scanners", () => {
  const garbled = [
    ["question marks", "Nguy?n V?n An"],
    ["replacement characters", "Nguy\uFFFDn V\uFFFDn An"],
    [
      "UTF-8 read as Windows-1252",
      new TextDecoder("windows-1252").decode(new TextEncoder().encode("Nguyễn Văn An")),
    ],
    [
      "UTF-8 read as Latin-1 (C1 controls)",
      String.fromCharCode(...new TextEncoder().encode("Nguyễn Văn An")),
    ],
    ["mojibake of Nguyên", "NguyÃªn Văn An"],
    ["TCVN3 legacy font bytes", "NguyÔn V¨n An"],
    ["VNI keystrokes", "Nguye64n Va8n An"],
  ] as const;

  it.each(garbled)(
    "flags %s as garbled, keeps the ID, and asks the registry for the name",
    (_label, name) => {
      const parsed = accepted("qr-cccd", withField(AN, 2, name));
      expect(parsed.identity).toMatchObject({
        idNumber: "001090012345",
        name: null,
        nameGarbled: true,
        birthDate: "1990-03-15",
      });
    },
  );

  it("keeps a name typed without diacritics as read: it is not garbled", () => {
    const parsed = accepted("qr-cccd", withField(AN, 2, "NGUYEN VAN AN"));
    expect(parsed.identity).toMatchObject({ name: "NGUYEN VAN AN", nameGarbled: false });
  });

  it("keeps Central Highlands names with an apostrophe", () => {
    expect(accepted("qr-cccd", withField(NGOC, 2, "H'Hen Niê")).identity.name).toBe("H'Hen Niê");
  });

  it("drops a garbled address but keeps the check-in going", () => {
    const parsed = accepted("qr-cccd", withField(AN, 5, "S? 12 Ph? Hu?, H� N?i"));
    expect(parsed.card?.address).toBeNull();
    expect(parsed.card?.addressGarbled).toBe(true);
  });

  it("reads a garbled 'Nữ' from the ID number's sex digit", () => {
    expect(accepted("qr-cccd", withField(NGOC, 4, "N?")).identity.sex).toBe("female");
    expect(accepted("qr-cccd", withField(NGOC, 4, "Ná»¯")).identity.sex).toBe("female");
  });
});

describe("parsePayload: typed ID numbers and BHYT cards", () => {
  it.each(["001090012345", "001 090 012345", "001-090-012-345", " 001.090.012345 "])(
    "accepts the typed ID %s",
    (typed) => {
      expect(accepted("manual-id", typed).identity).toEqual({
        idNumber: "001090012345",
        cardCode: null,
        name: null,
        nameGarbled: false,
        birthDate: null,
        sex: "male",
      });
    },
  );

  it.each([
    ["DN4010123456789", "DN4010123456789"],
    ["dn4010123456789", "DN4010123456789"],
    ["DN 4 01 0123456789", "DN4010123456789"],
    ["0123456789", "0123456789"],
  ])("normalises the typed card code %s", (typed, code) => {
    const parsed = accepted("bhyt-card", typed);
    expect(parsed.kind).toBe("card-code");
    expect(parsed.identity.cardCode).toBe(code);
    expect(parsed.identity.idNumber).toBeNull();
  });

  it("reads the BHYT card's own QR: hex name and address, dates, registered facility", () => {
    const parsed = accepted("bhyt-card", `${BINH_BHYT_QR}\r\n`);
    expect(parsed.kind).toBe("bhyt-qr");
    expect(parsed.identity).toEqual({
      idNumber: null,
      cardCode: "HT3380300456789",
      name: "Lê Văn Bình",
      nameGarbled: false,
      birthDate: "1950-08-07",
      sex: "male",
    });
    expect(parsed.bhytCard).toMatchObject({
      registeredFacility: "38001",
      validFrom: "2026-01-01",
      validTo: "2030-12-31",
      address: "Thôn 3, Xã Xuân Lâm, Huyện Tĩnh Gia, Thanh Hóa",
    });
  });

  it("accepts a BHYT QR that prints only the birth year", () => {
    const yearOnly = withField(BINH_BHYT_QR, 2, "1950");
    expect(accepted("bhyt-card", yearOnly).identity.birthDate).toBeNull();
  });
});

const REJECTIONS: readonly (readonly [string, Method, string])[] = [
  ["QR_EMPTY", "qr-cccd", ""],
  ["QR_EMPTY", "qr-cccd", " \r\n\uFEFF"],
  ["QR_EMPTY", "manual-id", "   "],
  ["QR_NOT_CCCD", "qr-cccd", "https://vneid.gov.vn/profile?id=42"],
  ["QR_NOT_CCCD", "qr-vneid", "xin chào|thế giới"],
  ["QR_IS_BHYT_CARD", "qr-cccd", BINH_BHYT_QR],
  ["QR_IS_BHYT_CARD", "qr-cccd", "DN4010123456789"],
  ["QR_IS_CCCD", "bhyt-card", AN],
  ["QR_FIELD_COUNT", "qr-cccd", "001090012345|Nguyễn Văn An|15031990|Nam|Số 12 Phố Huế, Hà Nội|20042021"],
  ["MANUAL_IS_QR", "manual-id", AN],
  ["ID_FORMAT", "qr-cccd", withField(AN, 0, "00109001234")],
  ["ID_FORMAT", "manual-id", "00109001234"],
  ["ID_FORMAT", "manual-id", "DN4010123456789"],
  ["ID_PROVINCE_UNKNOWN", "qr-cccd", withField(AN, 0, "003090012345")],
  ["ID_PROVINCE_UNKNOWN", "manual-id", "099090012345"],
  ["ID_SEX_CENTURY_MISMATCH", "qr-cccd", withField(AN, 4, "Nữ")],
  ["ID_SEX_CENTURY_MISMATCH", "qr-cccd", withField(AN, 0, "001290012345")],
  ["ID_YEAR_MISMATCH", "qr-cccd", withField(AN, 3, "15031991")],
  ["OLD_ID_FORMAT", "qr-cccd", withField(AN, 1, "12345")],
  ["DATE_INVALID", "qr-cccd", withField(AN, 3, "31021990")],
  ["DATE_INVALID", "qr-cccd", withField(AN, 3, "15/03/1990")],
  ["DATE_INVALID", "qr-cccd", withField(AN, 6, "20132021")],
  ["BIRTH_IN_FUTURE", "qr-cccd", "001227009876||Phạm Minh Khôi|19052027|Nam|Hoàn Kiếm, Hà Nội|01072027"],
  ["BIRTH_IN_FUTURE", "bhyt-card", withField(BINH_BHYT_QR, 2, "31/12/2029")],
  ["ISSUE_BEFORE_BIRTH", "qr-cccd", withField(KHOI, 6, "01072019")],
  ["ISSUE_IN_FUTURE", "qr-cccd", withField(AN, 6, "01012027")],
  ["SEX_INVALID", "qr-cccd", withField(AN, 4, "Khác")],
  ["SEX_INVALID", "qr-cccd", withField(AN, 4, "")],
  ["BHYT_CODE_FORMAT", "bhyt-card", "DN40101234"],
  ["BHYT_CODE_FORMAT", "bhyt-card", "DN9010123456789"],
  ["BHYT_CODE_FORMAT", "bhyt-card", "001090012345"],
  ["BHYT_QR_INVALID", "bhyt-card", withField(BINH_BHYT_QR, 1, "4c7zz")],
  ["BHYT_QR_INVALID", "bhyt-card", BINH_BHYT_QR.slice(0, -1)],
  ["BHYT_QR_INVALID", "bhyt-card", withField(BINH_BHYT_QR, 0, "XX")],
  ["BHYT_QR_INVALID", "bhyt-card", "HT3380300456789|$"],
  ["BHYT_QR_INVALID", "bhyt-card", withField(BINH_BHYT_QR, 7, "31/12/2020")],
  ["PAYLOAD_TOO_LONG", "qr-cccd", `${AN}|${"x".repeat(2000)}`],
  ["PAYLOAD_CONTROL_CHARS", "qr-cccd", AN.replace("|Nam|", "|Nam\u0007|")],
  ["PAYLOAD_CONTROL_CHARS", "qr-cccd", AN.replace("|Nam|", "|Nam\n|")],
  // A method outside the contract can only come from a caller bug; it is refused, not thrown.
  ["METHOD_UNKNOWN", "fax" as Method, AN],
];

describe("parsePayload: rejections", () => {
  it.each(REJECTIONS)("answers %s for %s %j", (code, method, payload) => {
    expect(rejection(method, payload)).toBe(code);
  });

  it("covers every code of the catalog, each with both messages", () => {
    expect(new Set(REJECTIONS.map(([code]) => code))).toEqual(new Set(PAYLOAD_ERROR_CODES));
    for (const code of PAYLOAD_ERROR_CODES) {
      expect(describeError(code).vi.length).toBeGreaterThan(10);
      expect(describeError(code).en.length).toBeGreaterThan(10);
    }
  });

  it("carries the catalog's Vietnamese and English message on the error", () => {
    const result = parsePayload("qr-cccd", BINH_BHYT_QR, TODAY);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.messages.vi).toContain("thẻ BHYT");
      expect(result.error.message).toContain("insurance");
    }
  });

  it("judges future dates against the given Vietnamese day", () => {
    expect(parsePayload("qr-cccd", KHOI, "2021-06-01").ok).toBe(false);
    expect(parsePayload("qr-cccd", KHOI, "2024-07-01").ok).toBe(true);
  });
});

describe("classifyScan", () => {
  it.each([
    [AN, "cccd"],
    [`\uFEFF${MAI_ANH}\r\n`, "cccd"],
    [BINH_BHYT_QR, "bhyt"],
    ["HT3380300456789", "bhyt"],
    ["https://example.vn", "other"],
    ["", "other"],
  ] as const)("classifies %j as %s", (text, kind) => {
    expect(classifyScan(text)).toBe(kind);
  });
});

describe("describeError", () => {
  it("answers a generic message for an unknown code", () => {
    expect(describeError("NOT_A_CODE").en).toMatch(/could not be read/);
  });
});
