import type { Counts } from "#domain/counts";
import { ERROR_CODE, ForbiddenError, InputError } from "#domain/errors";
import {
  type CurrentProvince,
  currentProvinceOf,
  isKnownProvinceCode,
  numberOfOldCode,
  oldCodesOf,
} from "#domain/provinces";
import { type ReaderThresholds, readerFiguresOf } from "#domain/reader-health";
import { buildReport, type DailyTotal, type FacilityTally } from "#domain/report-builder";
import { resolvePeriod } from "#domain/report-period";
import {
  emptyMethodCounts,
  type FacilityRef,
  type GroupBy,
  type MethodCounts,
  qrOf,
  type ScanRateReport,
} from "#domain/scan-rate";
import { METHODS } from "#domain/types";
import { vnDay } from "#domain/vn-time";
import { waitHistogramOf } from "#domain/wait-times";
import { COUNTER_ATTR } from "#functions/stores/counter-keys";
import { type PeriodCountsDeps, type PeriodReadStats, readPeriodCounts } from "./period-counts.ts";

/** What the report needs: the day counters and their roll-ups, the facility list, the target and a clock. */
export interface ScanRateReportDeps extends PeriodCountsDeps {
  readonly facilities: { listFacilities(): Promise<readonly FacilityRef[]> };
  /** Share of QR check-ins a facility should reach (SCAN_RATE_TARGET). */
  readonly target: number;
  /** When a low rate gets a cause (READER_* settings); the defaults when absent. */
  readonly readerThresholds?: ReaderThresholds;
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
  new ForbiddenError(ERROR_CODE.PROVINCE_FORBIDDEN, {
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
      throw new InputError(ERROR_CODE.PROVINCE_UNKNOWN, {
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

/** The per-method counts and total held in counter attributes. */
function methodCountsOf(counts: Counts): { total: number; byMethod: MethodCounts; flagged: number } {
  const byMethod = emptyMethodCounts();
  for (const method of METHODS) byMethod[method] = counts[COUNTER_ATTR.method(method)] ?? 0;
  return { total: counts[COUNTER_ATTR.total] ?? 0, byMethod, flagged: counts[COUNTER_ATTR.flagged] ?? 0 };
}

/**
 * The QR-scan-rate report of a period: reads the facility list and the counters only, never the
 * check-in log, as whole rolled-up blocks plus the days not rolled up (period-counts.ts), so its
 * cost follows facilities × blocks: about the same for a year as for a month.
 * A provincial user asking for groupBy=province gets their own province's single row.
 */
export async function reportScanRate(
  deps: ScanRateReportDeps,
  caller: { readonly province: string | null },
  query: ScanRateQuery,
): Promise<{ report: ScanRateReport; stats: PeriodReadStats }> {
  const period = resolvePeriod(query, vnDay(deps.now()));
  const province = resolveReportProvince(caller.province, query.province);
  // Facility codes start with the old province number, so a provincial report reads only its own.
  const provinces = province === null ? null : oldCodesOf(province.code).map(numberOfOldCode);
  const [facilities, counted] = await Promise.all([
    deps.facilities.listFacilities(),
    readPeriodCounts(deps, period, provinces),
  ]);
  const totals: FacilityTally[] = [...counted.facilities].map(([facility, counts]) => ({
    facility,
    ...methodCountsOf(counts),
    reader: readerFiguresOf(counts),
    waits: waitHistogramOf(counts),
  }));
  const daily: DailyTotal[] = [...counted.days].map(([day, counts]) => {
    const { total, byMethod } = methodCountsOf(counts);
    return { day, total, qr: qrOf(byMethod) };
  });
  const report = buildReport({
    period,
    groupBy: query.groupBy,
    province,
    target: deps.target,
    ...(deps.readerThresholds === undefined ? {} : { readerThresholds: deps.readerThresholds }),
    facilities,
    totals,
    daily,
  });
  return { report, stats: counted.stats };
}
