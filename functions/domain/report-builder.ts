/**
 * The scan-rate report built from the counters (day tallies, or totals over rolled-up blocks): facilities placed in their current
 * provinces, totals per facility and day, ranked rows, the summary lists and the trend.
 */
import { type CurrentProvince, currentProvinceOf, provinceOfFacility } from "./provinces.ts";
import {
  addReaderFigures,
  type CauseCounts,
  DEFAULT_READER_THRESHOLDS,
  emptyCauseCounts,
  emptyReaderFigures,
  type ReaderCause,
  type ReaderFigures,
  type ReaderThresholds,
  readerCause,
} from "./reader-health.ts";
import {
  addMethodCounts,
  type Counted,
  compareCodes,
  type DayTally,
  emptyMethodCounts,
  type FacilityFlag,
  type FacilityRef,
  type FacilityRow,
  type GroupBy,
  isBelowTarget,
  type MethodCounts,
  type Period,
  type ProvinceFlag,
  type ProvinceRow,
  qrOf,
  type ReaderProblem,
  rankByRate,
  rateOf,
  type ScanRateReport,
} from "./scan-rate.ts";
import { daysBetween } from "./vn-time.ts";
import { waitFiguresOf } from "./wait-times.ts";

interface PlacedFacility {
  readonly code: string;
  readonly name: string;
  readonly province: CurrentProvince;
}

/**
 * The current province of a facility: from its registered old province code (so facilities
 * registered before the merger roll up), else from the province number its code starts with.
 */
function placeFacility(facility: {
  code: string;
  name?: string;
  provinceCode?: string;
}): PlacedFacility | null {
  const province =
    (facility.provinceCode === undefined ? null : currentProvinceOf(facility.provinceCode)) ??
    provinceOfFacility(facility.code)?.current ??
    null;
  return province === null ? null : { code: facility.code, name: facility.name ?? facility.code, province };
}

interface FacilityTotals extends PlacedFacility {
  total: number;
  qr: number;
  byMethod: MethodCounts;
  reader: ReaderFigures;
  /** First calls by wait bucket (wait-times.ts). */
  waits: Map<number, number>;
  /** Set once the totals are complete. */
  cause: ReaderCause | null;
}

/** One facility's check-ins summed over a period (or part of one). */
export interface FacilityTally {
  readonly facility: string;
  readonly total: number;
  readonly byMethod: MethodCounts;
  /** Check-ins whose scan time was not believed, counted on arrival. */
  readonly flagged?: number;
  /** Reader health the facility's pages sent with these check-ins. */
  readonly reader?: ReaderFigures;
  /** First calls by wait bucket: check-in to first call. */
  readonly waits?: ReadonlyMap<number, number>;
}

/** All check-ins in scope on one day, for the trend. */
export interface DailyTotal {
  readonly day: string;
  readonly total: number;
  readonly qr: number;
}

interface ReportInputBase {
  readonly period: Period;
  readonly groupBy: GroupBy;
  /** Limit to this current province, or null for the whole country. */
  readonly province: CurrentProvince | null;
  readonly target: number;
  /** When a low rate gets a cause; the defaults when absent. */
  readonly readerThresholds?: ReaderThresholds;
  readonly facilities: readonly FacilityRef[];
}

/**
 * Inputs of one report: the period, the grouping, the scope and what the counters held, either
 * as facility-day tallies or already summed per facility (over whole blocks) with the daily totals.
 */
export type ReportInput = ReportInputBase &
  (
    | { readonly tallies: readonly DayTally[] }
    | { readonly totals: readonly FacilityTally[]; readonly daily: readonly DailyTotal[] }
  );

/** Facility-day tallies of a period as per-facility totals and daily totals; days outside it are dropped. */
function summariseTallies(
  tallies: readonly DayTally[],
  period: Period,
): { totals: FacilityTally[]; daily: DailyTotal[] } {
  const totals = new Map<
    string,
    { facility: string; total: number; flagged: number; byMethod: MethodCounts }
  >();
  const daily = new Map<string, { day: string; total: number; qr: number }>();
  for (const tally of tallies) {
    if (tally.day < period.from || tally.day > period.to) continue;
    const entry = totals.get(tally.facility) ?? {
      facility: tally.facility,
      total: 0,
      flagged: 0,
      byMethod: emptyMethodCounts(),
    };
    entry.total += tally.total;
    entry.flagged += tally.flagged ?? 0;
    addMethodCounts(entry.byMethod, tally.byMethod);
    totals.set(tally.facility, entry);
    const point = daily.get(tally.day) ?? { day: tally.day, total: 0, qr: 0 };
    point.total += tally.total;
    point.qr += qrOf(tally.byMethod);
    daily.set(tally.day, point);
  }
  return { totals: [...totals.values()], daily: [...daily.values()] };
}

/** Builds the report from the facility list and the counts; counts outside the period or scope are ignored. */
export function buildReport(input: ReportInput): ScanRateReport {
  const { period, province, target } = input;
  const readerThresholds = input.readerThresholds ?? DEFAULT_READER_THRESHOLDS;
  const fresh = () => ({
    total: 0,
    qr: 0,
    byMethod: emptyMethodCounts(),
    reader: emptyReaderFigures(),
    waits: new Map<number, number>(),
    cause: null,
  });
  const inScope = (placed: PlacedFacility) => province === null || placed.province.code === province.code;
  const totals = new Map<string, FacilityTotals>();
  for (const facility of input.facilities) {
    const placed = placeFacility(facility);
    if (placed !== null && inScope(placed)) totals.set(facility.code, { ...placed, ...fresh() });
  }
  const counts = (code: string) => {
    const placed = totals.has(code) ? null : placeFacility({ code });
    return totals.has(code) || (placed !== null && inScope(placed));
  };
  const counted =
    "tallies" in input
      ? summariseTallies(
          input.tallies.filter((tally) => counts(tally.facility)),
          period,
        )
      : input;
  const days = daysBetween(period.from, period.to);
  const trend = new Map(days.map((day) => [day, { total: 0, qr: 0 }]));
  for (const point of counted.daily) {
    const day = trend.get(point.day);
    if (day === undefined) continue;
    day.total += point.total;
    day.qr += point.qr;
  }
  const byMethod = emptyMethodCounts();
  let flagged = 0;
  for (const tally of counted.totals) {
    if (tally.total === 0) continue;
    let entry = totals.get(tally.facility);
    if (entry === undefined) {
      // Counters of a facility missing from the list still count, placed by its code.
      const placed = placeFacility({ code: tally.facility });
      if (placed === null || !inScope(placed)) continue;
      entry = { ...placed, ...fresh() };
      totals.set(tally.facility, entry);
    }
    entry.total += tally.total;
    entry.qr += qrOf(tally.byMethod);
    addMethodCounts(entry.byMethod, tally.byMethod);
    addMethodCounts(byMethod, tally.byMethod);
    flagged += tally.flagged ?? 0;
    if (tally.reader !== undefined) entry.reader = addReaderFigures(entry.reader, tally.reader);
    for (const [bucket, calls] of tally.waits ?? [])
      entry.waits.set(bucket, (entry.waits.get(bucket) ?? 0) + calls);
  }
  for (const entry of totals.values())
    entry.cause = readerCause(entry.reader, isBelowTarget(entry, target), readerThresholds);

  const all = [...totals.values()].sort((a, b) => compareCodes(a.code, b.code));
  const active = all.filter((entry) => entry.total > 0);
  const flag = (entry: FacilityTotals): FacilityFlag => ({
    facility: entry.code,
    name: entry.name,
    province: entry.province.code,
    provinceName: entry.province.name,
    total: entry.total,
    qr: entry.qr,
    rate: rateOf(entry.qr, entry.total),
  });
  const total = active.reduce((sum, entry) => sum + entry.total, 0);
  const qr = active.reduce((sum, entry) => sum + entry.qr, 0);
  const trendPoints = days.map((day) => {
    const point = trend.get(day) ?? { total: 0, qr: 0 };
    return { day, total: point.total, qr: point.qr, rate: rateOf(point.qr, point.total) };
  });
  const summaryOf = <Flag>(belowTarget: Flag[]) => ({
    total,
    qr,
    rate: rateOf(qr, total),
    byMethod,
    flagged,
    belowTarget,
    noQr: active.filter((entry) => entry.qr === 0).map(flag),
    noCheckins: all.filter((entry) => entry.total === 0).map(flag),
    causes: countCauses(active),
    readerProblems: readerProblems(active, flag),
  });
  const head = { from: period.from, to: period.to, readerThresholds };
  if (input.groupBy === "facility") {
    const { rows, belowTarget } = facilityRows(active, target, flag);
    const summary = summaryOf(belowTarget);
    return { ...head, groupBy: "facility", province, target, rows, summary, trend: trendPoints };
  }
  const { rows, belowTarget } = provinceRows(active, target);
  const summary = summaryOf(belowTarget);
  return { ...head, groupBy: "province", province, target, rows, summary, trend: trendPoints };
}

function facilityRows(
  active: readonly FacilityTotals[],
  target: number,
  flag: (entry: FacilityTotals) => FacilityFlag,
): { rows: FacilityRow[]; belowTarget: FacilityFlag[] } {
  const ranked = rankByRate(active);
  const rows = ranked.map(({ item, rank }) => ({
    rank,
    rankOf: ranked.length,
    facility: item.code,
    name: item.name,
    province: item.province.code,
    provinceName: item.province.name,
    total: item.total,
    qr: item.qr,
    byMethod: { ...item.byMethod },
    rate: item.qr / item.total,
    reader: item.reader,
    cause: item.cause,
    waits: waitFiguresOf(item.waits),
  }));
  // Worst first: the list a health department acts on.
  const below = ranked.filter(({ item }) => isBelowTarget(item, target)).reverse();
  return { rows, belowTarget: below.map(({ item }) => flag(item)) };
}

/** Facilities per cause. */
function countCauses(entries: ReadonlyArray<{ cause: ReaderCause | null }>): CauseCounts {
  const causes = emptyCauseCounts();
  for (const entry of entries) if (entry.cause !== null) causes[entry.cause] += 1;
  return causes;
}

/** The facilities whose equipment keeps the rate low: no reader first, then failing ones; busiest first. */
function readerProblems(
  active: readonly FacilityTotals[],
  flag: (entry: FacilityTotals) => FacilityFlag,
): ReaderProblem[] {
  const order = (cause: ReaderCause | null) => (cause === "no-reader" ? 0 : 1);
  const problems: ReaderProblem[] = [];
  for (const entry of [...active].sort(
    (a, b) => order(a.cause) - order(b.cause) || b.total - a.total || compareCodes(a.code, b.code),
  )) {
    if (entry.cause === "no-reader" || entry.cause === "reader-failing")
      problems.push({ ...flag(entry), cause: entry.cause, reader: entry.reader });
  }
  return problems;
}

/** Sums facilities into their current provinces (old codes roll up into the merged province). */
function rollUpProvinces(
  active: ReadonlyArray<Counted & { province: CurrentProvince; cause?: ReaderCause | null }>,
): Array<Counted & { code: string; name: string; facilities: number; causes: CauseCounts }> {
  const provinces = new Map<
    string,
    {
      code: string;
      name: string;
      facilities: number;
      total: number;
      qr: number;
      byMethod: MethodCounts;
      causes: CauseCounts;
    }
  >();
  for (const entry of active) {
    let province = provinces.get(entry.province.code);
    if (province === undefined) {
      province = {
        ...entry.province,
        facilities: 0,
        total: 0,
        qr: 0,
        byMethod: emptyMethodCounts(),
        causes: emptyCauseCounts(),
      };
      provinces.set(entry.province.code, province);
    }
    if (entry.cause !== undefined && entry.cause !== null) province.causes[entry.cause] += 1;
    province.facilities += entry.total > 0 ? 1 : 0;
    province.total += entry.total;
    province.qr += entry.qr;
    addMethodCounts(province.byMethod, entry.byMethod);
  }
  return [...provinces.values()];
}

function provinceRows(
  active: readonly FacilityTotals[],
  target: number,
): { rows: ProvinceRow[]; belowTarget: ProvinceFlag[] } {
  const ranked = rankByRate(rollUpProvinces(active));
  const rows = ranked.map(({ item, rank }) => ({
    rank,
    rankOf: ranked.length,
    province: item.code,
    name: item.name,
    facilities: item.facilities,
    total: item.total,
    qr: item.qr,
    byMethod: item.byMethod,
    rate: item.qr / item.total,
    causes: item.causes,
  }));
  const below = ranked.filter(({ item }) => isBelowTarget(item, target)).reverse();
  return {
    rows,
    belowTarget: below.map(({ item }) => ({
      province: item.code,
      name: item.name,
      total: item.total,
      qr: item.qr,
      rate: item.qr / item.total,
    })),
  };
}
