/** What a staff account must carry for its role, checked before any account is created. */
import {
  ACCOUNT_CSV_COLUMNS,
  type AdminFacility,
  type LineError,
  type NewAccountInput,
  USERNAME_PATTERN,
} from "./admin-contract.ts";
import { type AdminScope, scopeCovers } from "./admin-scope.ts";
import { readCsvRows } from "./csv-lines.ts";
import { formulaError, isHeaderRow, lineError } from "./facility-import.ts";
import { checkIdNumber } from "./id-number.ts";
import { isKnownProvinceCode } from "./provinces.ts";
import { ROLES, type Role } from "./roles.ts";

/** An account that passed every rule, ready for the directory. */
export interface AccountDraft {
  readonly username: string;
  readonly role: Role;
  readonly facility: string | null;
  readonly province: string | null;
  readonly national: boolean;
  readonly name: string | null;
  readonly idNumber: string | null;
  readonly email: string | null;
}

const FACILITY_ROLES: readonly Role[] = ["receptionist", "room", "kiosk"];
/** Staff the gateway records as the clerk behind a card check. */
const CLERK_ROLES: readonly Role[] = ["receptionist", "room"];

const text = (value: string | undefined): string | null =>
  value === undefined || value === "" ? null : value;

function checkFacilityBound(
  line: number,
  input: NewAccountInput,
  role: Role,
  scope: AdminScope,
  facilities: ReadonlyMap<string, AdminFacility>,
): AccountDraft | LineError {
  const facility = facilities.get(input.facility ?? "");
  if (facility === undefined || !facility.active)
    return lineError(
      line,
      "FACILITY_UNKNOWN",
      `Cơ sở "${input.facility ?? ""}" không có hoặc đã ngừng hoạt động.`,
      `Facility "${input.facility ?? ""}" does not exist or is inactive.`,
    );
  if (!scopeCovers(scope, facility.provinceCode))
    return lineError(
      line,
      "FACILITY_OUT_OF_SCOPE",
      `Cơ sở ${facility.code} không thuộc tỉnh bạn quản lý.`,
      `Facility ${facility.code} is outside your province.`,
    );
  const name = text(input.name);
  const idNumber = text(input.idNumber);
  if (CLERK_ROLES.includes(role)) {
    if (name === null || name.length > 100)
      return lineError(
        line,
        "STAFF_NAME_REQUIRED",
        "Lễ tân và nhân viên phòng khám cần họ tên (tối đa 100 ký tự).",
        "Receptionists and room staff need a full name (at most 100 characters).",
      );
    if (idNumber === null || checkIdNumber(idNumber) !== null)
      return lineError(
        line,
        "STAFF_ID_NUMBER_INVALID",
        "Số CCCD phải gồm đúng 12 chữ số hợp lệ.",
        "The ID number must be exactly 12 valid digits.",
      );
  }
  return {
    username: input.username,
    role,
    facility: facility.code,
    province: facility.provinceCode,
    national: false,
    name,
    idNumber: CLERK_ROLES.includes(role) ? idNumber : null,
    email: input.email ?? null,
  };
}

function checkProvincial(
  line: number,
  input: NewAccountInput,
  role: Role,
  scope: AdminScope,
): AccountDraft | LineError {
  const base = {
    username: input.username,
    role,
    facility: null,
    name: text(input.name),
    idNumber: null,
    email: input.email ?? null,
  };
  if (input.national === true) {
    if (!scope.national)
      return lineError(
        line,
        "NATIONAL_FORBIDDEN",
        "Chỉ quản trị toàn quốc mới tạo được tài khoản toàn quốc.",
        "Only a national administrator may create a national account.",
      );
    return { ...base, province: null, national: true };
  }
  const province = text(input.province);
  if (province === null || !isKnownProvinceCode(province))
    return lineError(
      line,
      "PROVINCE_REQUIRED",
      "Tài khoản sở y tế và quản trị cần mã tỉnh hợp lệ (hoặc đánh dấu toàn quốc).",
      "Health-department and admin accounts need a valid province code (or the national mark).",
    );
  if (!scopeCovers(scope, province))
    return lineError(
      line,
      "PROVINCE_OUT_OF_SCOPE",
      `Tỉnh ${province} không thuộc phạm vi bạn quản lý.`,
      `Province ${province} is outside your reach.`,
    );
  return { ...base, province, national: false };
}

/** Checks one account against its role's rules; `facilities` holds the facilities by code. */
export function checkAccount(
  line: number,
  input: NewAccountInput,
  scope: AdminScope,
  facilities: ReadonlyMap<string, AdminFacility>,
): AccountDraft | LineError {
  if (!USERNAME_PATTERN.test(input.username))
    return lineError(
      line,
      "USERNAME_INVALID",
      "Tên đăng nhập gồm 3–64 chữ thường, số, dấu . _ -",
      "A user name is 3–64 lower-case letters, digits, . _ -",
    );
  const role = ROLES.find((known) => known === input.role);
  if (role === undefined)
    return lineError(
      line,
      "ROLE_UNKNOWN",
      `Vai trò "${input.role}" không có.`,
      `Role "${input.role}" does not exist.`,
    );
  return FACILITY_ROLES.includes(role)
    ? checkFacilityBound(line, input, role, scope, facilities)
    : checkProvincial(line, input, role, scope);
}

/** The accounts of a CSV import, each with its line number, or the formula lines refused outright. */
export function readAccountCsv(csv: string): Array<{ line: number; input: NewAccountInput } | LineError> {
  const rows = readCsvRows(csv);
  const body =
    rows[0] !== undefined && isHeaderRow(rows[0].cells, ACCOUNT_CSV_COLUMNS[0]) ? rows.slice(1) : rows;
  return body.map(({ line, cells }) => {
    const formula = formulaError(line, cells);
    if (formula !== null) return formula;
    const [username = "", role = "", facility = "", province = "", name = "", idNumber = ""] = cells.map(
      (cell) => cell.trim(),
    );
    return {
      line,
      input: { username: username.toLowerCase(), role, facility, province, name, idNumber },
    };
  });
}
