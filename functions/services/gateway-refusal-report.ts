import type { GatewayRefusalQuery, GatewayRefusalReport } from "#domain/gateway-account-contract";
import { oldCodesOf } from "#domain/provinces";
import type { FacilityStore } from "#functions/stores/facility-store";
import type { GatewayRefusal } from "#functions/stores/gateway-account-store";
import { resolveReportProvince } from "./scan-rate-report.ts";

export interface GatewayRefusalReportDeps {
  /** Every facility whose account the gateway refused (code and refusal only). */
  readonly refusals: () => Promise<GatewayRefusal[]>;
  readonly facilities: Pick<FacilityStore, "listFacilities">;
}

/**
 * The facilities of the province (or the country, for a national user) whose gateway account the
 * gateway refused: their card checks wait until the administrator enters a working password.
 */
export async function reportGatewayRefusals(
  deps: GatewayRefusalReportDeps,
  caller: { readonly province: string | null },
  query: GatewayRefusalQuery,
): Promise<GatewayRefusalReport> {
  const province = resolveReportProvince(caller.province, query.province);
  const inProvince = province === null ? null : new Set(oldCodesOf(province.code));
  const [refusals, facilities] = await Promise.all([deps.refusals(), deps.facilities.listFacilities()]);
  const byCode = new Map(facilities.map((facility) => [facility.code, facility]));
  return {
    province: province === null ? null : { code: province.code, name: province.name },
    facilities: refusals.flatMap((refusal) => {
      const facility = byCode.get(refusal.code);
      if (facility === undefined || (inProvince !== null && !inProvince.has(facility.provinceCode)))
        return [];
      return [
        {
          facility: facility.code,
          name: facility.name,
          refused: { code: refusal.refusedCode, at: refusal.refusedAt },
        },
      ];
    }),
  };
}
