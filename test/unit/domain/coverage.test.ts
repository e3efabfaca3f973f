import { describe, expect, it } from "vitest";
import {
  clerkMessage,
  decideCoverage,
  type GatewayAnswerFields,
  statusFromResultCode,
  toInsurance,
  unavailableMessage,
} from "#domain/coverage";

describe("statusFromResultCode", () => {
  it.each([
    ["covered", ["000", "001", "002", "003", "004", "130"]],
    ["not-covered", ["010", "050", "110", "120", "121", "122", "123", "124"]],
    ["needs-review", ["051", "052", "053", "054", "055", "060", "061", "070"]],
    ["pending", ["100", "101", "500", "205", "401", "999", "", "abc"]],
  ] as const)("%s for %j", (status, codes) => {
    for (const code of codes) expect(statusFromResultCode(code)).toBe(status);
  });

  it("tells the clerk what to do in both languages", () => {
    expect(clerkMessage("003").vi).toContain("thẻ mới");
    expect(clerkMessage("003").en).toContain("new card");
    expect(clerkMessage("054").en).toContain("clerk");
    expect(clerkMessage("777").en).toContain("re-checked");
  });
});

const AN: GatewayAnswerFields = {
  maKetQua: "000",
  maThe: "DN4010123456789",
  hoTen: "Nguyễn Văn An",
  ngaySinh: "15/03/1990",
  gioiTinh: "Nam",
  maDKBD: "01001",
  gtTheTu: "01/01/2026",
  gtTheDen: "31/12/2030",
  maTheMoi: null,
  gtTheTuMoi: null,
  gtTheDenMoi: null,
  maDKBDMoi: null,
};

describe("toInsurance", () => {
  it("shows the card at its registered facility", () => {
    expect(toInsurance(AN, "01001")).toEqual({
      resultCode: "000",
      covered: true,
      cardCode: "DN4010123456789",
      benefitLevel: 4,
      validFrom: "2026-01-01",
      validTo: "2030-12-31",
      registeredFacility: "01001",
      registeredFacilityName: null,
      atRegisteredFacility: true,
      managingOffice: null,
      lastCheck: null,
      message: clerkMessage("000").vi,
      messageEn: clerkMessage("000").en,
    });
  });

  it("says where the card is registered when this is another facility", () => {
    const insurance = toInsurance({ ...AN, maDKBD: "01 - 832" }, "01001");
    expect(insurance.registeredFacility).toBe("01832");
    expect(insurance.atRegisteredFacility).toBe(false);
    expect(insurance.message).toContain("01832");
  });

  it("shows the new card for 003 and 004", () => {
    const insurance = toInsurance(
      {
        ...AN,
        maKetQua: "003",
        maThe: "DN4381000066666",
        gtTheDen: "31/12/2025",
        maDKBD: "38001",
        maTheMoi: "HC4381000066666",
        gtTheTuMoi: "01/01/2026",
        gtTheDenMoi: "31/12/2030",
        maDKBDMoi: "38002",
        tenDKBDMoi: "Trung tâm Y tế huyện Đông Sơn",
      },
      "38002",
    );
    expect(insurance).toMatchObject({
      registeredFacilityName: "Trung tâm Y tế huyện Đông Sơn",
      cardCode: "HC4381000066666",
      validFrom: "2026-01-01",
      validTo: "2030-12-31",
      registeredFacility: "38002",
      atRegisteredFacility: true,
      covered: true,
    });
  });

  it("names the managing office and the latest earlier check, in whatever order the gateway lists checks", () => {
    const insurance = toInsurance(
      {
        ...AN,
        cqBHXH: "BHXH Hà Nội",
        tenDKBDMoi: "not for an old card",
        dsLichSuKT2018: [
          { userKT: "01001_bv", thoiGianKT: "202609050755", maLoi: "000" },
          { userKT: "01832_tyt", thoiGianKT: "202610100755", maLoi: "070" },
          { userKT: "x", thoiGianKT: "2026-10-11", maLoi: "000" },
        ],
      },
      "01001",
    );
    expect(insurance).toMatchObject({
      managingOffice: "BHXH Hà Nội",
      registeredFacilityName: null,
      lastCheck: { at: "2026-10-10T07:55:00+07:00", by: "01832_tyt", resultCode: "070" },
    });
  });

  it("reads the level from the card code's third character (2026: CN is level 2)", () => {
    expect(toInsurance({ ...AN, maThe: "CN2491300099999" }, "49012").benefitLevel).toBe(2);
    expect(toInsurance({ ...AN, maThe: "0123456789" }, "49012").benefitLevel).toBeNull();
  });
});

describe("decideCoverage", () => {
  it("is pending with no insurance when the gateway gave no answer", () => {
    expect(decideCoverage({ kind: "unavailable", resultCode: null }, "01001")).toEqual({
      status: "pending",
      insurance: null,
      patientFromRegistry: {},
    });
  });

  it("names the missing gateway account as the cause, and no cause for any other missing answer", () => {
    const noAccount = decideCoverage(
      { kind: "unavailable", reason: "no-account", resultCode: "GATEWAY_ACCOUNT_MISSING" },
      "38001",
    );
    expect(noAccount).toEqual({
      status: "pending",
      insurance: null,
      patientFromRegistry: {},
      pendingCause: "gateway-account-missing",
    });
    for (const reason of ["timeout", "http-error", "gateway-error", "circuit-open", "bad-answer"]) {
      expect(decideCoverage({ kind: "unavailable", reason, resultCode: null }, "01001")).not.toHaveProperty(
        "pendingCause",
      );
    }
    expect(decideCoverage({ kind: "answer", answer: { maKetQua: "101" } }, "01001")).not.toHaveProperty(
      "pendingCause",
    );
  });

  it("tells the clerk, Vietnamese and English, that the administrator must enter the account", () => {
    const message = unavailableMessage("gateway-account-missing");
    expect(message.vi).toContain("chưa có tài khoản Cổng giám định BHXH");
    expect(message.vi).toContain("quản trị viên");
    expect(message.en).toContain("no BHXH gateway account");
    expect(message.en).toContain("administrator");
    expect(message).not.toEqual(unavailableMessage());
    expect(unavailableMessage(null)).toEqual(unavailableMessage());
  });

  it("is pending for gateway errors inside an answer", () => {
    expect(decideCoverage({ kind: "answer", answer: { maKetQua: "101" } }, "01001").insurance).toBeNull();
  });

  it("covers and supplies the registry's name for a garbled scan", () => {
    const decision = decideCoverage({ kind: "answer", answer: AN }, "01001");
    expect(decision.status).toBe("covered");
    expect(decision.patientFromRegistry).toEqual({
      name: "Nguyễn Văn An",
      birthDate: "1990-03-15",
      sex: "male",
    });
  });

  it("needs review on a name mismatch and supplies nothing the answer left empty", () => {
    const decision = decideCoverage(
      { kind: "answer", answer: { maKetQua: "050", hoTen: "", ngaySinh: null } },
      "01001",
    );
    expect(decision.status).toBe("not-covered");
    expect(decision.patientFromRegistry).toEqual({});
    expect(decideCoverage({ kind: "answer", answer: { ...AN, maKetQua: "061" } }, "01001").status).toBe(
      "needs-review",
    );
  });
});
