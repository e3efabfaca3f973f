/**
 * QR-scan rate maths for the health department's report: the rate as an exact fraction,
 * competition ranking, target and no-QR flags, the daily trend, the roll-up of facilities into the
 * current provinces, and the CSV export. Pure: the dashboard imports it as well.
 */
import { BadRequestError } from "./errors.ts";
import { type CurrentProvince, currentProvinceOf, provinceOfFacility } from "./provinces.ts";
import { METHODS, type Method, QR_METHODS } from "./types.ts";
import { addDays, daysBetween, isIsoDate } from "./vn-time.ts";

/** How the report's rows are grouped. */
export const GROUP_BYS = ["facility", "province"] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** Longest period a report may cover, in days (a leap year). */
export const MAX_PERIOD_DAYS = 366;

/** Length of the default period ending today, in days. */
export const DEFAULT_PERIOD_DAYS = 30;

/** Check-ins per method. */
export type MethodCounts = Record<Method, number>;

/** One facility's check-ins on one Vietnamese calendar day, as the counters hold them. */
export interface DayTally {
  readonly day: string;
  readonly facility: string;
  /** All check-ins, duplicates excluded. */
  readonly total: number;
  readonly byMethod: MethodCounts;
}

/** A facility as the facility list gives it; `provinceCode` is an old 3-digit province code. */
export interface FacilityRef {
  readonly code: string;
  readonly name: string;
  readonly provinceCode: string;
}

/** An inclusive period of Vietnamese calendar days. */
export interface Period {
  readonly from: string;
  readonly to: string;
}

interface Counted {
  readonly total: number;
  readonly qr: number;
  readonly byMethod: MethodCounts;
}

/** A ranked facility row. */
export interface FacilityRow extends Counted {
  readonly rank: number;
  /** How many rows were ranked, so the dashboard can say "rank 3 / 120". */
  readonly rankOf: number;
  readonly facility: string;
  readonly name: string;
  /** Current province code. */
  readonly province: string;
  readonly provinceName: string;
  readonly rate: number;
}

/** A ranked province row. */
export interface ProvinceRow extends Counted {
  readonly rank: number;
  readonly rankOf: number;
  readonly province: string;
  readonly name: string;
  /** Facilities of the province with check-ins in the period. */
  readonly facilities: number;
  readonly rate: number;
}

/** A facility named in a summary list. */
export interface FacilityFlag {
  readonly facility: string;
  readonly name: string;
  readonly province: string;
  readonly provinceName: string;
  readonly total: number;
  readonly qr: number;
  readonly rate: number | null;
}

/** A province named in a summary list. */
export interface ProvinceFlag {
  readonly province: string;
  readonly name: string;
  readonly total: number;
  readonly qr: number;
  readonly rate: number;
}

/** One day of the trend; a day without check-ins has no rate. */
export interface TrendPoint {
  readonly day: string;
  readonly total: number;
  readonly qr: number;
  readonly rate: number | null;
}

interface ReportOf<G extends GroupBy, Row, Flag> {
  readonly from: string;
  readonly to: string;
  readonly groupBy: G;
  /** The province the report is limited to, or null for the whole country. */
  readonly province: CurrentProvince | null;
  readonly target: number;
  readonly rows: Row[];
  readonly summary: {
    readonly total: number;
    readonly qr: number;
    readonly byMethod: MethodCounts;
    readonly rate: number | null;
    /** Rows (facilities or provinces, as grouped) with check-ins and a rate under the target, worst first. */
    readonly belowTarget: Flag[];
    /** Facilities with check-ins but not one by QR. */
    readonly noQr: FacilityFlag[];
    /** Facilities without any check-in in the period: listed apart, never ranked as 0 %. */
    readonly noCheckins: FacilityFlag[];
  };
  readonly trend: TrendPoint[];
}

/** The report answer of GET /api/reports/scan-rate (design.md), with the extra fields the dashboard uses. */
export type ScanRateReport =
  | ReportOf<"facility", FacilityRow, FacilityFlag>
  | ReportOf<"province", ProvinceRow, ProvinceFlag>;

const periodError = (code: string, vi: string, en: string) => new BadRequestError(code, { vi, en });

/**
 * The period of a report from the optional query dates: `to` defaults to today (Vietnam), `from`
 * to 29 days before `to`; `from` ≤ `to` and at most 366 days, else a 400.
 */
export function resolvePeriod(
  input: { from?: string | undefined; to?: string | undefined },
  today: string,
): Period {
  for (const value of [input.from, input.to]) {
    if (value !== undefined && !isIsoDate(value)) {
      throw periodError(
        "PERIOD_INVALID",
        `Ngày "${value}" không hợp lệ, cần dạng YYYY-MM-DD.`,
        `"${value}" is not a date YYYY-MM-DD.`,
      );
    }
  }
  const to = input.to ?? today;
  const from = input.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) {
    throw periodError(
      "PERIOD_INVALID",
      `Ngày bắt đầu (${from}) phải trước hoặc bằng ngày kết thúc (${to}).`,
      `The start date (${from}) must not be after the end date (${to}).`,
    );
  }
  const days = daysBetween(from, to).length;
  if (days > MAX_PERIOD_DAYS) {
    throw periodError(
      "PERIOD_TOO_LONG",
      `Khoảng thời gian tối đa ${MAX_PERIOD_DAYS} ngày; khoảng đã chọn có ${days} ngày.`,
      `A report covers at most ${MAX_PERIOD_DAYS} days; the period asked for has ${days}.`,
    );
  }
  return { from, to };
}

/** Zero for every method. */
export function emptyMethodCounts(): MethodCounts {
  return { "qr-cccd": 0, "qr-vneid": 0, "manual-id": 0, "bhyt-card": 0 };
}

/** QR check-ins among per-method counts. */
export function qrOf(byMethod: MethodCounts): number {
  return QR_METHODS.reduce((sum, method) => sum + byMethod[method], 0);
}

/** The rate as a number for the answer; null when nothing was counted. */
export function rateOf(qr: number, total: number): number | null {
  return total === 0 ? null : qr / total;
}

/**
 * Compares two rates qr/total exactly, by cross-multiplying integers instead of comparing floats
 * (1/3 and 2/6 are equal; 0.1 + 0.2 style drift cannot split a tie). Both totals must be > 0.
 * Negative when `a` is the higher rate, so it sorts first.
 */
export function compareRatesDesc(a: { qr: number; total: number }, b: { qr: number; total: number }): number {
  const left = b.qr * a.total;
  const right = a.qr * b.total;
  if (Number.isSafeInteger(left) && Number.isSafeInteger(right)) return left - right;
  // Beyond 2^53 products lose digits; BigInt keeps the comparison exact.
  const big = BigInt(b.qr) * BigInt(a.total) - BigInt(a.qr) * BigInt(b.total);
  return big === 0n ? 0 : big > 0n ? 1 : -1;
}

/** Target precision: a target is compared as a fraction over a million, exactly. */
const TARGET_SCALE = 1_000_000;

/** True when qr/total is under the target, compared exactly (target read to six decimals). */
export function isBelowTarget(counted: { qr: number; total: number }, target: number): boolean {
  return counted.total > 0 && counted.qr * TARGET_SCALE < Math.round(target * TARGET_SCALE) * counted.total;
}

/**
 * Competition ranking ("1, 1, 3"): order by rate (highest first), then total (busiest first), then
 * code; equal rates share a rank whatever their totals, and the next rank skips the shared places.
 */
export function rankByRate<T extends { code: string; qr: number; total: number }>(
  items: readonly T[],
): Array<{ item: T; rank: number }> {
  const sorted = [...items].sort(
    (a, b) => compareRatesDesc(a, b) || b.total - a.total || compareCodes(a.code, b.code),
  );
  const ranked: Array<{ item: T; rank: number }> = [];
  sorted.forEach((item, index) => {
    const previous = ranked[index - 1];
    const tied = previous !== undefined && compareRatesDesc(previous.item, item) === 0;
    ranked.push({ item, rank: tied ? previous.rank : index + 1 });
  });
  return ranked;
}

function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function addCounts(into: MethodCounts, from: MethodCounts): void {
  for (const method of METHODS) into[method] += from[method];
}

interface PlacedFacility {
  readonly code: string;
  readonly name: string;
  readonly province: CurrentProvince;
}

/**
 * The current province of a facility: from its registered old province code (so facilities
 * registered before the merger roll up), else from the province number its code starts with.
 */
export function placeFacility(facility: {
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
}

/** Inputs of one report: the period, the grouping, the scope and what the counters held. */
export interface ReportInput {
  readonly period: Period;
  readonly groupBy: GroupBy;
  /** Limit to this current province, or null for the whole country. */
  readonly province: CurrentProvince | null;
  readonly target: number;
  readonly facilities: readonly FacilityRef[];
  readonly tallies: readonly DayTally[];
}

/** Builds the report from the facility list and the day tallies; tallies outside the period or scope are ignored. */
export function buildReport(input: ReportInput): ScanRateReport {
  const { period, province, target } = input;
  const inScope = (placed: PlacedFacility) => province === null || placed.province.code === province.code;
  const totals = new Map<string, FacilityTotals>();
  for (const facility of input.facilities) {
    const placed = placeFacility(facility);
    if (placed !== null && inScope(placed))
      totals.set(facility.code, { ...placed, total: 0, qr: 0, byMethod: emptyMethodCounts() });
  }
  const days = daysBetween(period.from, period.to);
  const trend = new Map(days.map((day) => [day, { total: 0, qr: 0 }]));
  const byMethod = emptyMethodCounts();
  for (const tally of input.tallies) {
    const point = trend.get(tally.day);
    if (point === undefined || tally.total === 0) continue;
    let entry = totals.get(tally.facility);
    if (entry === undefined) {
      // Counters of a facility missing from the list still count, placed by its code.
      const placed = placeFacility({ code: tally.facility });
      if (placed === null || !inScope(placed)) continue;
      entry = { ...placed, total: 0, qr: 0, byMethod: emptyMethodCounts() };
      totals.set(tally.facility, entry);
    }
    const qr = qrOf(tally.byMethod);
    entry.total += tally.total;
    entry.qr += qr;
    addCounts(entry.byMethod, tally.byMethod);
    addCounts(byMethod, tally.byMethod);
    point.total += tally.total;
    point.qr += qr;
  }

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
    belowTarget,
    noQr: active.filter((entry) => entry.qr === 0).map(flag),
    noCheckins: all.filter((entry) => entry.total === 0).map(flag),
  });
  const head = { from: period.from, to: period.to };
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
  }));
  // Worst first: the list a health department acts on.
  const below = ranked.filter(({ item }) => isBelowTarget(item, target)).reverse();
  return { rows, belowTarget: below.map(({ item }) => flag(item)) };
}

/** Sums facilities into their current provinces (old codes roll up into the merged province). */
export function rollUpProvinces(
  active: ReadonlyArray<Counted & { province: CurrentProvince }>,
): Array<Counted & { code: string; name: string; facilities: number }> {
  const provinces = new Map<
    string,
    { code: string; name: string; facilities: number; total: number; qr: number; byMethod: MethodCounts }
  >();
  for (const entry of active) {
    let province = provinces.get(entry.province.code);
    if (province === undefined) {
      province = { ...entry.province, facilities: 0, total: 0, qr: 0, byMethod: emptyMethodCounts() };
      provinces.set(entry.province.code, province);
    }
    province.facilities += entry.total > 0 ? 1 : 0;
    province.total += entry.total;
    province.qr += entry.qr;
    addCounts(province.byMethod, entry.byMethod);
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

/** Characters that make a spreadsheet read a cell as a formula (or hide one behind a control). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a single quote to text a spreadsheet would run as a formula (CSV injection). */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One RFC 4180 field: text is neutralised, then quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The BOM that makes Excel open the file as UTF-8, so Vietnamese names show correctly. */
export const UTF8_BOM = "\uFEFF";

const methodColumns = METHODS.map((method) => `byMethod.${method}`);

/**
 * The report's rows as CSV: RFC 4180 (CRLF line ends, quoted fields where needed), the same rows
 * and columns as the JSON rows with byMethod flattened, UTF-8 BOM first.
 */
export function reportToCsv(report: ScanRateReport): string {
  const lines: Array<Array<string | number | null>> = [];
  const methods = (counts: MethodCounts) => METHODS.map((method) => counts[method]);
  if (report.groupBy === "facility") {
    lines.push([
      "rank",
      "rankOf",
      "facility",
      "name",
      "province",
      "provinceName",
      "total",
      "qr",
      ...methodColumns,
      "rate",
    ]);
    for (const row of report.rows) {
      lines.push([
        row.rank,
        row.rankOf,
        row.facility,
        row.name,
        row.province,
        row.provinceName,
        row.total,
        row.qr,
        ...methods(row.byMethod),
        row.rate,
      ]);
    }
  } else {
    lines.push(["rank", "rankOf", "province", "name", "facilities", "total", "qr", ...methodColumns, "rate"]);
    for (const row of report.rows) {
      lines.push([
        row.rank,
        row.rankOf,
        row.province,
        row.name,
        row.facilities,
        row.total,
        row.qr,
        ...methods(row.byMethod),
        row.rate,
      ]);
    }
  }
  return UTF8_BOM + lines.map((line) => `${line.map(csvField).join(",")}\r\n`).join("");
}
