/** The administrator's work on facilities: list its province's, import a list, add or change one. */
import type { AdminFacility, FacilityWrite } from "#domain/admin-contract";
import { type AdminScope, scopeCovers } from "#domain/admin-scope";
import { ERROR_CODE, InputError } from "#domain/errors";
import { checkFacilityCsv } from "#domain/facility-import";
import { provinceOfFacility } from "#domain/provinces";
import type { AdminFacilityStore } from "#functions/stores/admin-facility-store";
import { facilityNotFound, ImportRejectedError, outOfScope } from "./import-errors.ts";

/** The facilities the scope reaches, in code order. */
export async function listFacilities(store: AdminFacilityStore, scope: AdminScope): Promise<AdminFacility[]> {
  return (await store.list()).filter((facility) => scopeCovers(scope, facility.provinceCode));
}

/** Imports a CSV list all-or-nothing: every line is checked before the first write. */
export async function importFacilities(
  store: AdminFacilityStore,
  scope: AdminScope,
  csv: string,
): Promise<number> {
  const checked = checkFacilityCsv(csv, scope);
  if (!checked.ok) throw new ImportRejectedError(checked.errors);
  await store.putAll(checked.facilities);
  return checked.facilities.length;
}

/** Changes a facility (or adds it when it is new and named); another province's is 403. */
export async function writeFacility(
  store: AdminFacilityStore,
  scope: AdminScope,
  code: string,
  change: FacilityWrite,
): Promise<AdminFacility> {
  const province = provinceOfFacility(code);
  if (province === null)
    throw new InputError(ERROR_CODE.PROVINCE_UNKNOWN, {
      vi: `Hai số đầu của mã ${code} không phải tỉnh nào.`,
      en: `The first two digits of ${code} are no province.`,
    });
  if (!scopeCovers(scope, province.oldCode)) throw outOfScope(`Cơ sở ${code} / Facility ${code}`);
  const updated = await store.update(code, change);
  if (updated !== null) return updated;
  if (change.name === undefined) throw facilityNotFound(code);
  const created: AdminFacility = {
    code,
    name: change.name,
    provinceCode: province.oldCode,
    level: change.level ?? null,
    address: change.address === undefined || change.address === "" ? null : change.address,
    active: change.active ?? true,
  };
  await store.putAll([created]);
  return created;
}
