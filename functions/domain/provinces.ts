/**
 * Provinces as data (provinces.json): the old 3-digit birth-registration codes that ID numbers
 * keep, and the current provinces after the merger of 1 July 2025. Nothing here counts them.
 */
import * as z from "zod";
import data from "#data/provinces.json" with { type: "json" };

const provincesFileSchema = z.object({
  provinces: z.array(z.tuple([z.string().regex(/^\d{3}$/), z.string().min(1), z.string().min(1)])),
});

/** A province before the merger, keyed by the code used in ID numbers. */
export interface OldProvince {
  readonly code: string;
  readonly name: string;
  /** Code of the current province it belongs to. */
  readonly currentCode: string;
}

/** A province after the merger. */
export interface CurrentProvince {
  readonly code: string;
  readonly name: string;
}

const rows = provincesFileSchema.parse(data).provinces.map(([code, oldName, currentName]) => ({
  code,
  name: oldName.normalize("NFC"),
  currentName: currentName.normalize("NFC"),
}));

/**
 * Each current province is named by one old code: the old province whose name it kept (Thanh Hóa
 * keeps 038, Gia Lai keeps 064), else the smallest old code of the group (Huế takes 046). So the
 * code is stable, 3 digits like every other province code, and readable in ID numbers.
 */
function currentCodeOf(currentName: string): string {
  const group = rows.filter((row) => row.currentName === currentName).map((row) => row.code);
  const namesake = rows.find((row) => row.currentName === currentName && row.name === currentName);
  return namesake?.code ?? [...group].sort()[0] ?? "";
}

const OLD_BY_CODE = new Map<string, OldProvince>(
  rows.map((row) => [
    row.code,
    { code: row.code, name: row.name, currentCode: currentCodeOf(row.currentName) },
  ]),
);

const CURRENT_BY_CODE = new Map<string, CurrentProvince>();
for (const row of rows) {
  const code = currentCodeOf(row.currentName);
  if (!CURRENT_BY_CODE.has(code)) CURRENT_BY_CODE.set(code, { code, name: row.currentName });
}

/** True when the 3-digit code is an old province code (the first digits of an ID number). */
export function isKnownProvinceCode(oldCode: string): boolean {
  return OLD_BY_CODE.has(oldCode);
}

/** Every old province, in code order. */
export function oldProvinces(): OldProvince[] {
  return [...OLD_BY_CODE.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** The current province an old code belongs to, or null for an unknown code. */
export function currentProvinceOf(oldCode: string): CurrentProvince | null {
  const old = OLD_BY_CODE.get(oldCode);
  return old === undefined ? null : (CURRENT_BY_CODE.get(old.currentCode) ?? null);
}

/** Every current province, in code order. */
export function currentProvinces(): CurrentProvince[] {
  return [...CURRENT_BY_CODE.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** The old codes merged into a current province (empty for an unknown code). */
export function oldCodesOf(currentCode: string): string[] {
  return oldProvinces()
    .filter((province) => province.currentCode === currentCode)
    .map((province) => province.code);
}

/** The 3-digit old code of a 2-digit province number as printed in BHYT and facility codes ("01" → "001"). */
export function oldCodeOfNumber(provinceNumber: string): string | null {
  const code = `0${provinceNumber}`;
  return /^\d{2}$/.test(provinceNumber) && OLD_BY_CODE.has(code) ? code : null;
}

/** The 2-digit province number used in BHYT and facility codes ("001" → "01"). */
export function numberOfOldCode(oldCode: string): string {
  return oldCode.slice(1);
}

/**
 * The province of a 5-character facility code (2-digit province number + 3), e.g. "38001" →
 * Thanh Hóa; null when the code is malformed or its province unknown.
 */
export function provinceOfFacility(
  facilityCode: string,
): { oldCode: string; oldName: string; current: CurrentProvince } | null {
  if (!/^\d{5}$/.test(facilityCode)) return null;
  const oldCode = oldCodeOfNumber(facilityCode.slice(0, 2));
  const old = oldCode === null ? undefined : OLD_BY_CODE.get(oldCode);
  const current = old === undefined ? undefined : CURRENT_BY_CODE.get(old.currentCode);
  return old === undefined || current === undefined
    ? null
    : { oldCode: old.code, oldName: old.name, current };
}
