import { ForbiddenError, InputError } from "#domain/errors";
import {
  type CurrentProvince,
  currentProvinceOf,
  isKnownProvinceCode,
  numberOfOldCode,
  oldCodesOf,
} from "#domain/provinces";
import { resolvePeriod } from "#domain/report-period";
import type { FacilityRef, GroupBy, ScanRateReport } from "#domain/scan-rate";
import { buildReport } from "#domain/scan-rate-rollup";
import { daysBetween, vnDay } from "#domain/vn-time";
import type { CounterStore, ReadStats } from "#functions/stores/counter-store";

/** What the report needs: the counters, the facility list, the target and a clock. */
export interface ScanRateReportDeps {
  readonly counters: Pick<CounterStore, "readTallies">;
  readonly facilities: { listFacilities(): Promise<readonly FacilityRef[]> };
  /** Share of QR check-ins a facility should reach (SCAN_RATE_TARGET). */
  readonly target: number;
  readonly now: () => Date;
}

/** The report query after HTTP validation. */
export interface ScanRateQuery {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** Any old 3-digit code of a current province. */
  readonly province?: string | undefined;
  readonly groupBy: GroupBy;
}

const forbidden = () =>
  new ForbiddenError("PROVINCE_FORBIDDEN", {
    vi: "Tài khoản của bạn chỉ được xem báo cáo của tỉnh/thành phố mình.",
    en: "Your account may only see its own province's report.",
  });

/**
 * The province a report is limited to. A national user (no province in the token) sees any
 * province or the whole country; a provincial user sees their own province only, and asking for
 * another one is a 403. Old codes resolve to the current province they merged into.
 */
export function resolveReportProvince(
  callerProvince: string | null,
  requested: string | undefined,
): CurrentProvince | null {
  let wanted: CurrentProvince | null = null;
  if (requested !== undefined) {
    wanted = isKnownProvinceCode(requested) ? currentProvinceOf(requested) : null;
    if (wanted === null) {
      throw new InputError("PROVINCE_UNKNOWN", {
        vi: `Không có tỉnh/thành phố mã ${requested}.`,
        en: `There is no province with code ${requested}.`,
      });
    }
  }
  if (callerProvince === null) return wanted;
  const own = currentProvinceOf(callerProvince);
  if (own === null || (wanted !== null && wanted.code !== own.code)) throw forbidden();
  return own;
}

/**
 * The QR-scan-rate report of a period: reads the facility list and the daily counter items only,
 * never the check-in log, so its cost follows facilities × days, not the number of check-ins.
 * A provincial user asking for groupBy=province gets their own province's single row.
 */
export async function reportScanRate(
  deps: ScanRateReportDeps,
  caller: { readonly province: string | null },
  query: ScanRateQuery,
): Promise<{ report: ScanRateReport; stats: ReadStats }> {
  const period = resolvePeriod(query, vnDay(deps.now()));
  const province = resolveReportProvince(caller.province, query.province);
  const days = daysBetween(period.from, period.to);
  // Facility codes start with the old province number, so a provincial report reads only its own.
  const facilityPrefixes = province === null ? null : oldCodesOf(province.code).map(numberOfOldCode);
  const [facilities, { tallies, stats }] = await Promise.all([
    deps.facilities.listFacilities(),
    deps.counters.readTallies(days, { facilityPrefixes }),
  ]);
  const report = buildReport({
    period,
    groupBy: query.groupBy,
    province,
    target: deps.target,
    facilities,
    tallies,
  });
  return { report, stats };
}
