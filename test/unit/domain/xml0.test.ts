import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { examServiceOf } from "#domain/exam-service";
import { buildXml0, XML0_FIELDS, Xml0Error, type Xml0Visit } from "#domain/xml0";

/** Nguyễn Văn An of the registry fixtures, checked in at 01001 at 08:05 on 7 Dec 2026 (Vietnam). */
const AN: Xml0Visit = {
  visitKey: "01001-20261207-000042",
  patientCode: "001090012345",
  fullName: "Nguyễn Văn An",
  idNumber: "001090012345",
  birthDate: "1990-03-15",
  sex: "male",
  cardCode: "DN4010123456789",
  primaryFacility: "01001",
  cardValidFrom: "2026-01-01",
  cardValidTo: "2030-12-31",
  visitGroup: "1.1",
  arrivedAt: new Date("2026-12-07T01:05:30Z"),
  facilityCode: "01001",
  service: { code: "02.1896", name: "Khám Nội" },
};

// Written by hand from QĐ 130/4750/3176's table: 26 fields in the regulation's order.
const EXPECTED_AN = `<CHI_TIEU_TRANG_THAI_KCB><DSACH_TRANG_THAI_KCB><TRANG_THAI_KCB>
  <MA_LK>01001-20261207-000042</MA_LK>
  <STT>1</STT>
  <MA_BN>001090012345</MA_BN>
  <HO_TEN><![CDATA[Nguyễn Văn An]]></HO_TEN>
  <SO_CCCD>001090012345</SO_CCCD>
  <NGAY_SINH>199003150000</NGAY_SINH>
  <GIOI_TINH>1</GIOI_TINH>
  <MA_THE_BHYT>DN4010123456789</MA_THE_BHYT>
  <MA_DKBD>01001</MA_DKBD>
  <GT_THE_TU>20260101</GT_THE_TU>
  <GT_THE_DEN>20301231</GT_THE_DEN>
  <MA_DOITUONG_KCB>1.1</MA_DOITUONG_KCB>
  <NGAY_VAO>202612070805</NGAY_VAO>
  <NGAY_VAO_NOI_TRU/>
  <LY_DO_VNT/>
  <MA_LY_DO_VNT/>
  <MA_LOAI_KCB>01</MA_LOAI_KCB>
  <MA_CSKCB>01001</MA_CSKCB>
  <MA_DICH_VU>02.1896</MA_DICH_VU>
  <TEN_DICH_VU><![CDATA[Khám Nội]]></TEN_DICH_VU>
  <MA_THUOC/>
  <TEN_THUOC/>
  <MA_VAT_TU/>
  <TEN_VAT_TU/>
  <NGAY_YL>202612070805</NGAY_YL>
  <DU_PHONG/>
</TRANG_THAI_KCB></DSACH_TRANG_THAI_KCB><CHUKYDONVI/></CHI_TIEU_TRANG_THAI_KCB>`;

function parse(xml: string) {
  return new DOMParser().parseFromString(xml, "text/xml");
}

/** Each visit's fields as [name, text] pairs in document order. */
function rowsOf(xml: string): Array<Array<[string, string]>> {
  const rows = Array.from(parse(xml).getElementsByTagName("TRANG_THAI_KCB"));
  return rows.map((row) =>
    Array.from(row.childNodes)
      .filter((node) => node.nodeType === 1)
      .map((node) => [node.nodeName, node.textContent ?? ""]),
  );
}

describe("XML0 (CHI_TIEU_TRANG_THAI_KCB)", () => {
  it("writes a fixture patient's visit field by field as the hand-written message has it", () => {
    const built = buildXml0([AN]);
    const [row] = rowsOf(built);
    const [expected] = rowsOf(EXPECTED_AN);
    expect(row).toHaveLength(26);
    expect(row).toEqual(expected);
    expect(built.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  });

  it("keeps the document's shape: the list, then an empty CHUKYDONVI last in the root", () => {
    const root = parse(buildXml0([AN])).documentElement;
    const children = Array.from(root?.childNodes ?? []).filter((node) => node.nodeType === 1);
    expect(root?.nodeName).toBe("CHI_TIEU_TRANG_THAI_KCB");
    expect(children.map((node) => node.nodeName)).toEqual(["DSACH_TRANG_THAI_KCB", "CHUKYDONVI"]);
    expect(children[1]?.childNodes.length).toBe(0);
  });

  it("puts the name and the service name in CDATA", () => {
    const built = buildXml0([AN]);
    expect(built).toContain("<HO_TEN><![CDATA[Nguyễn Văn An]]></HO_TEN>");
    expect(built).toContain("<TEN_DICH_VU><![CDATA[Khám Nội]]></TEN_DICH_VU>");
  });

  it("numbers visits 1…n and writes a woman as 2, an unknown sex as 3, a birth year alone with zeros", () => {
    const ngoc: Xml0Visit = {
      ...AN,
      visitKey: "01001-20261207-000043",
      fullName: "Trần Thị Bích Ngọc",
      idNumber: "001185001122",
      birthDate: "1985-11-02",
      sex: "female",
    };
    const unknown: Xml0Visit = { ...AN, visitKey: "01001-20261207-000044", sex: null, birthDate: "1962" };
    const rows = rowsOf(buildXml0([AN, ngoc, unknown])).map((row) => new Map(row));
    expect(rows.map((row) => row.get("STT"))).toEqual(["1", "2", "3"]);
    expect(rows.map((row) => row.get("GIOI_TINH"))).toEqual(["1", "2", "3"]);
    expect(rows[1]?.get("SO_CCCD")).toBe("001185001122");
    expect(rows[2]?.get("NGAY_SINH")).toBe("196200000000");
  });

  it("writes the arrival in Vietnamese time even across the UTC day", () => {
    const late = { ...AN, arrivedAt: new Date("2026-12-07T17:30:00Z") };
    const row = new Map(rowsOf(buildXml0([late]))[0]);
    expect(row.get("NGAY_VAO")).toBe("202612080030");
    expect(row.get("NGAY_YL")).toBe("202612080030");
  });

  it("never builds one for an emergency visit", () => {
    expect(() => buildXml0([{ ...AN, visitGroup: "2" }])).toThrow(
      expect.objectContaining({ code: "XML0_EMERGENCY" }),
    );
  });

  it("refuses a field the message cannot carry and names it", () => {
    const long = { ...AN, idNumber: "0010900123456789" };
    try {
      buildXml0([long]);
      expect.unreachable();
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(Xml0Error);
      expect(error).toMatchObject({ code: "XML0_FIELD_INVALID", field: "SO_CCCD" });
    }
    expect(() => buildXml0([{ ...AN, facilityCode: "1001" }])).toThrow(
      expect.objectContaining({ field: "MA_CSKCB" }),
    );
  });

  it("keeps CDATA closed when a name holds its end marker, and drops characters XML cannot hold", () => {
    const odd = { ...AN, fullName: "An ]]> Bình\u0007" };
    const row = new Map(rowsOf(buildXml0([odd]))[0]);
    expect(row.get("HO_TEN")).toBe("An ]]> Bình");
  });

  it("names the room's exam service, else the facility's default general exam", () => {
    expect(examServiceOf("38001", null)).toEqual({ code: "02.1896", name: "Khám Nội" });
    expect(examServiceOf("38001", { code: "03.1896", name: "Khám Nhi" })).toEqual({
      code: "03.1896",
      name: "Khám Nhi",
    });
  });

  it("lists the 26 fields in the regulation's order", () => {
    expect(XML0_FIELDS.join(",")).toBe(
      "MA_LK,STT,MA_BN,HO_TEN,SO_CCCD,NGAY_SINH,GIOI_TINH,MA_THE_BHYT,MA_DKBD,GT_THE_TU,GT_THE_DEN," +
        "MA_DOITUONG_KCB,NGAY_VAO,NGAY_VAO_NOI_TRU,LY_DO_VNT,MA_LY_DO_VNT,MA_LOAI_KCB,MA_CSKCB," +
        "MA_DICH_VU,TEN_DICH_VU,MA_THUOC,TEN_THUOC,MA_VAT_TU,TEN_VAT_TU,NGAY_YL,DU_PHONG",
    );
  });
});
