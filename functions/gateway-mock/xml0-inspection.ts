/**
 * How the gateway stand-in reads a received XML0 before it accepts it: Base64 of UTF-8 XML, the
 * table's shape, one TRANG_THAI_KCB per visit with the 26 fields in order, each within its length
 * and format, the facility named in the form, never an emergency, and a signature in CHUKYDONVI
 * made with the certificate the facility registered.
 */
import { DOMParser, type Element } from "@xmldom/xmldom";
import { EMERGENCY_VISIT_GROUP, findFieldProblem, XML0_FIELDS, type Xml0Field } from "#domain/xml0";
import { verifyXml0Signature } from "#functions/gateway/xml0-signature";

/** The 26 values of one visit as received. */
export type Xml0Row = Readonly<Record<Xml0Field, string>>;

export type Inspection =
  | { readonly ok: true; readonly xml: string; readonly rows: readonly Xml0Row[] }
  | { readonly ok: false; readonly problem: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function elementsOf(parent: Element): Element[] {
  return Array.from(parent.childNodes).filter((node): node is Element => node.nodeType === 1);
}

function decode(base64: string): string | null {
  if (!BASE64.test(base64) || base64.length % 4 !== 0) return null;
  const bytes = Buffer.from(base64, "base64");
  if (bytes.toString("base64") !== base64) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

function parse(xml: string): Element | null {
  let broken = false;
  const document = new DOMParser({
    onError: (level) => {
      if (level !== "warning") broken = true;
    },
  }).parseFromString(xml, "text/xml");
  return broken ? null : document.documentElement;
}

function rowOf(element: Element, index: number): Xml0Row | string {
  const fields = elementsOf(element);
  const names = fields.map((field) => field.nodeName);
  if (names.join(",") !== XML0_FIELDS.join(",")) {
    return `TRANG_THAI_KCB ${index + 1}: cần đúng 26 trường theo thứ tự quy định, nhận ${names.length} trường`;
  }
  const row = Object.fromEntries(fields.map((field) => [field.nodeName, field.textContent ?? ""])) as Record<
    Xml0Field,
    string
  >;
  const problem = findFieldProblem(row);
  if (problem !== null) return `TRANG_THAI_KCB ${index + 1}: trường ${problem} sai định dạng hoặc độ dài`;
  if (row.STT !== String(index + 1)) return `TRANG_THAI_KCB ${index + 1}: STT phải là ${index + 1}`;
  if (row.MA_DOITUONG_KCB === EMERGENCY_VISIT_GROUP)
    return `TRANG_THAI_KCB ${index + 1}: lượt cấp cứu không gửi XML0`;
  return row;
}

/** Reads `fileHSBase64` sent for `facilityCode`, checking it against the registered certificate. */
export function inspectXml0(
  fileHSBase64: string,
  facilityCode: string,
  certificatePem: string | null,
): Inspection {
  const xml = decode(fileHSBase64);
  if (xml === null) return { ok: false, problem: "fileHSBase64 không phải Base64 của văn bản UTF-8" };
  const root = parse(xml);
  if (root === null || root.nodeName !== "CHI_TIEU_TRANG_THAI_KCB") {
    return { ok: false, problem: "Tệp không phải bảng CHI_TIEU_TRANG_THAI_KCB hợp lệ" };
  }
  const parts = elementsOf(root);
  const list = parts[0];
  if (
    parts.length !== 2 ||
    list === undefined ||
    list.nodeName !== "DSACH_TRANG_THAI_KCB" ||
    parts[1]?.nodeName !== "CHUKYDONVI"
  ) {
    return { ok: false, problem: "Bảng phải gồm DSACH_TRANG_THAI_KCB rồi CHUKYDONVI" };
  }
  const visits = elementsOf(list);
  if (visits.length === 0 || visits.some((visit) => visit.nodeName !== "TRANG_THAI_KCB")) {
    return { ok: false, problem: "DSACH_TRANG_THAI_KCB phải gồm các TRANG_THAI_KCB" };
  }
  const rows: Xml0Row[] = [];
  for (const [index, visit] of visits.entries()) {
    const row = rowOf(visit, index);
    if (typeof row === "string") return { ok: false, problem: row };
    if (row.MA_CSKCB !== facilityCode) return { ok: false, problem: `MA_CSKCB phải là ${facilityCode}` };
    rows.push(row);
  }
  if (certificatePem === null) return { ok: false, problem: "Cơ sở chưa đăng ký chứng thư số" };
  if (!verifyXml0Signature(xml, certificatePem)) {
    return { ok: false, problem: "Chữ ký số không hợp lệ hoặc không khớp chứng thư đã đăng ký" };
  }
  return { ok: true, xml, rows };
}
