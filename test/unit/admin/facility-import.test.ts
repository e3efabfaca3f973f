import { describe, expect, it } from "vitest";
import { checkAccount, readAccountCsv } from "#domain/account-rules";
import { checkFacilityCsv } from "#domain/facility-import";

const thanhHoa = { national: false, province: "038" } as const;

describe("a facility list read from CSV", () => {
  it("numbers lines as an editor does: quoted line breaks, blank lines and a BOM", () => {
    const text =
      '\uFEFFmaCSKCB,name,province,level,address\r\n38001,"BV ""Đa khoa""\ntỉnh",038,2,\n\n38002,Trạm y tế,038,,x\n3800X,Sai,038,,';
    const checked = checkFacilityCsv(text, thanhHoa);
    expect(checked).toEqual({
      ok: false,
      errors: [expect.objectContaining({ line: 6, code: "FACILITY_CODE_INVALID" })],
    });
    const good = checkFacilityCsv(text.split("\n3800X")[0] ?? "", thanhHoa);
    expect(good.ok && good.facilities.map((f) => [f.code, f.name, f.level])).toEqual([
      ["38001", 'BV "Đa khoa"\ntỉnh', "2"],
      ["38002", "Trạm y tế", null],
    ]);
  });

  it("lets a national admin import any province and keeps a provincial one to its own", () => {
    const national = checkFacilityCsv("79001,BV Chợ Rẫy,079,1,", { national: true });
    expect(national.ok).toBe(true);
    expect(checkFacilityCsv("79001,BV Chợ Rẫy,079,1,", thanhHoa)).toMatchObject({
      ok: false,
      errors: [{ code: "FACILITY_OUT_OF_SCOPE" }],
    });
  });

  it("refuses a formula in any cell, even after spaces", () => {
    for (const cell of ["=1+1", "+84", "-2", "@SUM(A1)", "  =cmd"]) {
      expect(checkFacilityCsv(`38001,${cell},038,2,`, thanhHoa), cell).toMatchObject({
        ok: false,
        errors: [{ line: 1, code: "CSV_FORMULA" }],
      });
    }
  });
});

describe("an account's rules", () => {
  const facilities = new Map([
    ["38001", { code: "38001", name: "BV", provinceCode: "038", level: null, address: null, active: true }],
  ]);
  it("needs a 12-digit ID number for room staff, none for a kiosk", () => {
    const [room] = readAccountCsv("phong.1,room,38001,,Trần Nam,03819000000");
    expect(
      room !== undefined && "input" in room && checkAccount(1, room.input, thanhHoa, facilities),
    ).toMatchObject({
      code: "STAFF_ID_NUMBER_INVALID",
    });
    const kiosk = checkAccount(
      2,
      { username: "kiosk.1", role: "kiosk", facility: "38001" },
      thanhHoa,
      facilities,
    );
    expect(kiosk).toMatchObject({ role: "kiosk", facility: "38001", province: "038", idNumber: null });
  });
});
