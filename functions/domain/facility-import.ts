/** Checks a province's facility list (CSV) line by line; pure, so the page can show the same errors. */
import type { AdminFacility, LineError } from "./admin-contract.ts";
import { FACILITY_CSV_COLUMNS, FACILITY_LEVELS } from "./admin-contract.ts";
import { type AdminScope, scopeCovers } from "./admin-scope.ts";
import { isFormulaCell, readCsvRows } from "./csv-lines.ts";
import { FACILITY_CODE_PATTERN } from "./facility.ts";
import { isKnownProvinceCode, oldCodeOfNumber } from "./provinces.ts";

/** A refused line with its code and both messages. */
export function lineError(line: number, code: string, vi: string, en: string): LineError {
  return { line, code, message: vi, messageEn: en };
}

/** The first line of a file is a header when its first cell names the first column. */
export function isHeaderRow(cells: readonly string[], firstColumn: string): boolean {
  return (cells[0] ?? "").trim().toLowerCase() === firstColumn.toLowerCase();
}

/** The first formula cell's error, if any (a cell a spreadsheet would run). */
export function formulaError(line: number, cells: readonly string[]): LineError | null {
  const column = cells.findIndex((cell) => isFormulaCell(cell.trim()) || isFormulaCell(cell));
  if (column < 0) return null;
  return lineError(
    line,
    "CSV_FORMULA",
    `Ô thứ ${column + 1} bắt đầu bằng = + - hoặc @ (công thức), không được nhận.`,
    `Cell ${column + 1} starts with = + - or @ (a formula) and is refused.`,
  );
}

function checkFacilityCells(
  line: number,
  cells: readonly string[],
  scope: AdminScope,
): AdminFacility | LineError {
  const [code = "", name = "", province = "", level = "", address = ""] = cells.map((cell) => cell.trim());
  if (!FACILITY_CODE_PATTERN.test(code))
    return lineError(
      line,
      "FACILITY_CODE_INVALID",
      `Mã cơ sở "${code}" phải gồm 5 chữ số.`,
      `Facility code "${code}" must be 5 digits.`,
    );
  if (name === "" || name.length > 200)
    return lineError(
      line,
      "FACILITY_NAME_INVALID",
      "Thiếu tên cơ sở (tối đa 200 ký tự).",
      "The facility name is missing (at most 200 characters).",
    );
  if (!isKnownProvinceCode(province))
    return lineError(
      line,
      "PROVINCE_UNKNOWN",
      `Mã tỉnh "${province}" không có trong danh mục.`,
      `Province code "${province}" is not a known province.`,
    );
  if (oldCodeOfNumber(code.slice(0, 2)) !== province)
    return lineError(
      line,
      "FACILITY_PROVINCE_MISMATCH",
      `Hai số đầu của mã cơ sở ${code} không thuộc tỉnh ${province}.`,
      `The first two digits of ${code} are not province ${province}.`,
    );
  if (level !== "" && !(FACILITY_LEVELS as readonly string[]).includes(level))
    return lineError(
      line,
      "FACILITY_LEVEL_INVALID",
      `Tuyến "${level}" phải là 1, 2, 3 hoặc 4.`,
      `Level "${level}" must be 1, 2, 3 or 4.`,
    );
  if (address.length > 300)
    return lineError(
      line,
      "FACILITY_ADDRESS_INVALID",
      "Địa chỉ quá dài (tối đa 300 ký tự).",
      "The address is too long (at most 300 characters).",
    );
  if (!scopeCovers(scope, province))
    return lineError(
      line,
      "FACILITY_OUT_OF_SCOPE",
      `Cơ sở ${code} không thuộc tỉnh bạn quản lý.`,
      `Facility ${code} is outside your province.`,
    );
  const levelValue = FACILITY_LEVELS.find((known) => known === level) ?? null;
  return {
    code,
    name,
    provinceCode: province,
    level: levelValue,
    address: address === "" ? null : address,
    active: true,
  };
}

/** Every facility of the file, or every bad line: never some of each (the import is all-or-nothing). */
export function checkFacilityCsv(
  text: string,
  scope: AdminScope,
): { ok: true; facilities: AdminFacility[] } | { ok: false; errors: LineError[] } {
  const rows = readCsvRows(text);
  const body =
    rows[0] !== undefined && isHeaderRow(rows[0].cells, FACILITY_CSV_COLUMNS[0]) ? rows.slice(1) : rows;
  const errors: LineError[] = [];
  const facilities: AdminFacility[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of body) {
    const checked = formulaError(line, cells) ?? checkFacilityCells(line, cells, scope);
    if ("line" in checked) {
      errors.push(checked);
      continue;
    }
    const first = seen.get(checked.code);
    if (first !== undefined) {
      errors.push(
        lineError(
          line,
          "DUPLICATE",
          `Mã ${checked.code} đã có ở dòng ${first}.`,
          `Code ${checked.code} is already on line ${first}.`,
        ),
      );
      continue;
    }
    seen.set(checked.code, line);
    facilities.push(checked);
  }
  if (body.length === 0)
    errors.push(lineError(1, "CSV_EMPTY", "Tệp không có dòng dữ liệu nào.", "The file has no data lines."));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, facilities };
}
