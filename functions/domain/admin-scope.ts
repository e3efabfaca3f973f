/** Which provinces an administrator reaches: its own (as merged on 1 July 2025), or all when national. */
import { currentProvinceOf } from "./provinces.ts";

export type AdminScope =
  | { readonly national: true }
  | { readonly national: false; readonly province: string };

/** The scope of an admin principal: a null province is national only because the sign-in check allowed it. */
export function adminScopeOf(province: string | null): AdminScope {
  return province === null ? { national: true } : { national: false, province };
}

/** Whether the scope covers a province (old 3-digit code), comparing current provinces. */
export function scopeCovers(scope: AdminScope, provinceCode: string): boolean {
  if (scope.national) return true;
  const own = currentProvinceOf(scope.province);
  const other = currentProvinceOf(provinceCode);
  return own !== null && other !== null && own.code === other.code;
}
