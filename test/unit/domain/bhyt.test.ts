import { describe, expect, it } from "vitest";
import {
  benefitLevelOfGroup,
  benefitPercent,
  groupsByLevel,
  normalizeCardCode,
  parseCardCode,
} from "#domain/bhyt";
import { decodeHexUtf8, encodeHexUtf8, formatBhytCardQr, readBhytCardQr } from "#domain/bhyt-card-qr";

describe("BHYT card code", () => {
  it("splits a code into group, level, province and social-insurance number", () => {
    expect(parseCardCode("HS4010120878811")).toEqual({
      group: "HS",
      benefitLevel: 4,
      provinceNumber: "01",
      socialInsuranceNumber: "0120878811",
    });
    expect(parseCardCode("HS6010120878811")).toBeNull();
    expect(parseCardCode("hs4010120878811")).toBeNull();
  });

  it("normalises what people type", () => {
    expect(normalizeCardCode(" hs 4 01-0120878811 ")).toBe("HS4010120878811");
  });

  it("maps levels to the share paid", () => {
    expect([1, 2, 3, 4, 5].map(benefitPercent)).toEqual([100, 100, 95, 80, 100]);
    expect(benefitPercent(6)).toBeNull();
  });

  it("moves CN and LH to level 2 from 2026", () => {
    expect(benefitLevelOfGroup("CN", "2025-12-31")).toBe(3);
    expect(benefitLevelOfGroup("CN", "2026-01-01")).toBe(2);
    expect(benefitLevelOfGroup("LH", "2026-06-01")).toBe(2);
    expect(benefitLevelOfGroup("HT", "2026-06-01")).toBe(3);
    expect(benefitLevelOfGroup("QN", "2026-06-01")).toBe(5);
    expect(benefitLevelOfGroup("ZZ", "2026-06-01")).toBeNull();
    expect(groupsByLevel("2026-01-01").get(2)).toEqual(expect.arrayContaining(["CN", "LH", "HN", "DT"]));
    expect(groupsByLevel("2025-01-01").get(2)).not.toContain("CN");
  });
});

describe("BHYT card QR", () => {
  it("encodes names as hex UTF-8 and decodes them back", () => {
    expect(encodeHexUtf8("Lê")).toBe("4cc3aa");
    expect(decodeHexUtf8("4cc3aa")).toBe("Lê");
    expect(decodeHexUtf8("4cC3AA")).toBe("Lê");
    expect(decodeHexUtf8("c3")).toBeNull();
    expect(decodeHexUtf8("4g")).toBeNull();
  });

  it("reads the facility printed as '38 - 001'", () => {
    const qr = formatBhytCardQr({
      cardCode: "HT3380300456789",
      name: "Lê Văn Bình",
      birthDate: "1950-08-07",
      sex: "male",
      address: "Thanh Hóa",
      registeredFacility: "38001",
      validFrom: "2026-01-01",
      validTo: "2030-12-31",
      issueDate: "2025-12-15",
    });
    expect(qr).toContain("|38 - 001|");
    expect(qr.endsWith("|$")).toBe(true);
    const read = readBhytCardQr(qr, "2026-11-25");
    expect(read.ok && read.value.registeredFacility).toBe("38001");
    expect(read.ok && read.value.issueDate).toBe("2025-12-15");
  });
});
