import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CARD_CODE_PATTERN } from "#domain/bhyt";
import { formatCccdQr } from "#domain/cccd-qr";
import { isPayloadErrorCode } from "#domain/error-catalog";
import { InputError } from "#domain/errors";
import { ID_NUMBER_PATTERN, sexCenturyDigit } from "#domain/id-number";
import { parsePayload } from "#domain/payload";
import { isKnownProvinceCode, oldProvinces } from "#domain/provinces";
import { METHODS, type Method } from "#domain/types";
import { isIsoDate } from "#domain/vn-time";
import { bhytQrOf, generateFacilities, generatePopulation, qrOf } from "#functions/gateway-mock/population";

const TODAY = "2026-11-25";
const people = generatePopulation(400, generateFacilities(100));
const SEEDS: readonly string[] = [
  ...people.map(qrOf),
  ...people.flatMap((person) => bhytQrOf(person) ?? []),
  ...people.flatMap((person) =>
    person.card === null ? [] : [person.card.cardCode, person.card.cardCode.slice(-10)],
  ),
  ...people.slice(0, 50).map((person) => person.idNumber),
];

/** Why an answer breaks the contract, or null when it is well formed (plain checks: 100,000 runs). */
function contractBreach(method: Method, payload: string): string | null {
  const result = parsePayload(method, payload, TODAY);
  if (!result.ok) {
    const { error } = result;
    if (!(error instanceof InputError)) return "error is not an InputError";
    if (!isPayloadErrorCode(error.code)) return `code ${error.code} is not in the catalog`;
    if (error.messages.vi === "" || error.messages.en === "")
      return `code ${error.code} has an empty message`;
    return null;
  }
  const { identity } = result.value;
  if (identity.idNumber === null && identity.cardCode === null)
    return "accepted without an ID or a card code";
  if (identity.idNumber !== null) {
    if (!ID_NUMBER_PATTERN.test(identity.idNumber)) return "ID number is not 12 digits";
    if (!isKnownProvinceCode(identity.idNumber.slice(0, 3))) return "ID number has an unknown province";
  }
  if (
    identity.cardCode !== null &&
    !CARD_CODE_PATTERN.test(identity.cardCode) &&
    !/^\d{10}$/.test(identity.cardCode)
  ) {
    return "card code is malformed";
  }
  if (identity.name !== null && (identity.name !== identity.name.normalize("NFC") || identity.nameGarbled)) {
    return "name is not clean NFC";
  }
  if (identity.birthDate !== null && (!isIsoDate(identity.birthDate) || identity.birthDate > TODAY)) {
    return "birth date is not a past ISO date";
  }
  return null;
}

function assertWellFormed(method: Method, payload: string): void {
  const breach = contractBreach(method, payload);
  if (breach !== null) throw new Error(`${method} ${JSON.stringify(payload.slice(0, 300))}: ${breach}`);
}

const CONTROL = fc.integer({ min: 0, max: 31 }).map((code) => String.fromCharCode(code));
const LONE_SURROGATE = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const ODD_TEXT = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  CONTROL,
  LONE_SURROGATE,
  fc.constantFrom("|", "$", "\uFEFF", "\uFFFD", "?", "Ã", "̉", "\u202E", "\r\n", " ", "đ", "Đ"),
);

/** One way a real payload gets damaged on its way to the server. */
const mutation: fc.Arbitrary<(text: string) => string> = fc.oneof(
  fc.nat().map((i) => (text: string) => {
    const fields = text.split("|");
    fields.splice(i % fields.length, 1);
    return fields.join("|");
  }),
  fc.nat().map((i) => (text: string) => {
    const fields = text.split("|");
    fields.splice(i % fields.length, 0, fields[i % fields.length] ?? "");
    return fields.join("|");
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]) => (text: string) => {
    const fields = text.split("|");
    const a = fields[i % fields.length] ?? "";
    fields[i % fields.length] = fields[j % fields.length] ?? "";
    fields[j % fields.length] = a;
    return fields.join("|");
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 9 })).map(([i, digit]) => (text: string) => {
    const positions = [...text.matchAll(/\d/g)].map((match) => match.index);
    const at = positions[i % Math.max(1, positions.length)];
    return at === undefined ? text : `${text.slice(0, at)}${digit}${text.slice(at + 1)}`;
  }),
  fc.tuple(fc.nat(), ODD_TEXT).map(([i, insert]) => (text: string) => {
    const at = i % (text.length + 1);
    return `${text.slice(0, at)}${insert}${text.slice(at)}`;
  }),
  fc.nat().map((i) => (text: string) => text.slice(0, i % (text.length + 1))),
  fc
    .nat()
    .map(
      (i) => (text: string) =>
        `${text.slice(0, i % (text.length + 1))}${text.slice((i % (text.length + 1)) + 1)}`,
    ),
  fc.constant((text: string) => text.normalize("NFD")),
  fc.constant((text: string) => text.toUpperCase()),
  fc.constant((text: string) => text.toLowerCase()),
  fc.constant((text: string) => `\uFEFF  ${text}\r\n`),
  fc.constant((text: string) => text.replace(/[^\u0020-\u007E|]/g, "?")),
  fc.constant((text: string) =>
    Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join(""),
  ),
  fc.constant((text: string) => text.replaceAll("|", ";")),
  fc.integer({ min: 1, max: 3000 }).map((n) => (text: string) => `${text}${"9".repeat(n)}`),
  fc.constant((text: string) => text.repeat(30).slice(0, 6000)),
);

const mutatedPayload = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([seed, steps]) => steps.reduce((text, step) => step(text), seed));

const method = fc.constantFrom(...METHODS);

describe("parsePayload never throws and always answers in the contract's shape", () => {
  it("on mutated real payloads (70,000 runs over every method)", () => {
    fc.assert(
      fc.property(method, mutatedPayload, (m, payload) => assertWellFormed(m, payload)),
      { numRuns: 70_000 },
    );
  }, 60_000);

  it("on arbitrary text, lone surrogates and control characters included (20,000 runs)", () => {
    const anyText = fc.oneof(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.string({ unit: "grapheme", maxLength: 300 }),
      fc
        .array(fc.oneof(ODD_TEXT, fc.constantFrom("001090012345", "15031990", "Nam", "Nữ")), {
          maxLength: 12,
        })
        .map((parts) => parts.join("|")),
    );
    fc.assert(
      fc.property(method, anyText, (m, payload) => assertWellFormed(m, payload)),
      { numRuns: 20_000 },
    );
  }, 60_000);

  it("on huge strings", () => {
    for (const m of METHODS) {
      assertWellFormed(m, "0".repeat(1_000_000));
      assertWellFormed(m, `${SEEDS[0]}${"\uD800".repeat(5000)}`);
      expect(parsePayload(m, "|".repeat(100_000), TODAY).ok).toBe(false);
    }
  });
});

describe("parsePayload reads back every consistent ID card", () => {
  const provinceCodes = oldProvinces().map((province) => province.code);
  const cardArbitrary = fc
    .record({
      province: fc.constantFrom(...provinceCodes),
      sex: fc.constantFrom("male" as const, "female" as const),
      birth: fc.date({
        min: new Date("1920-01-01T00:00:00Z"),
        max: new Date("2025-12-31T00:00:00Z"),
        noInvalidDate: true,
      }),
      issueAfterDays: fc.integer({ min: 0, max: 3000 }),
      serial: fc.integer({ min: 0, max: 999_999 }),
      oldId: fc.oneof(fc.constant(""), fc.stringMatching(/^\d{9}$/)),
      name: fc.constantFrom(
        "Nguyễn Văn An",
        "Trần Thị Bích Ngọc",
        "Đỗ Thị Hạnh",
        "H'Hen Niê",
        "LÊ VĂN BÌNH",
        "Pham Minh Khoi",
      ),
      extras: fc.array(fc.constantFrom("", "A1", "Hà Nội"), { maxLength: 3 }),
      form: fc.constantFrom("NFC" as const, "NFD" as const),
    })
    .map((draft) => {
      const birthDate = draft.birth.toISOString().slice(0, 10);
      const issue = new Date(draft.birth.getTime() + draft.issueAfterDays * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const year = Number(birthDate.slice(0, 4));
      const idNumber = `${draft.province}${sexCenturyDigit(draft.sex, year)}${birthDate.slice(2, 4)}${String(draft.serial).padStart(6, "0")}`;
      return { ...draft, birthDate, issueDate: issue > TODAY ? TODAY : issue, idNumber };
    });

  it("round-trips 10,000 generated cards", () => {
    fc.assert(
      fc.property(cardArbitrary, (card) => {
        const qr = formatCccdQr({
          ...card,
          oldIdNumber: card.oldId === "" ? null : card.oldId,
          address: "Số 1 Tràng Tiền, Hà Nội",
          extraFields: card.extras,
        }).normalize(card.form);
        const result = parsePayload("qr-cccd", qr, TODAY);
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.value.identity).toEqual({
            idNumber: card.idNumber,
            cardCode: null,
            name: card.name.normalize("NFC"),
            nameGarbled: false,
            birthDate: card.birthDate,
            sex: card.sex,
          });
          expect(result.value.card?.extraFields).toEqual(card.extras);
        }
      }),
      { numRuns: 10_000 },
    );
  }, 60_000);
});
