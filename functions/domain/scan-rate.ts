/**
 * QR-scan rate maths for the health department's report: the report's shapes, the rate as an exact
 * fraction, competition ranking and the target test. Pure: the dashboard imports it as well.
 */
import type { CurrentProvince } from "./provinces.ts";
import type { CauseCounts, ReaderCause, ReaderFigures, ReaderThresholds } from "./reader-health.ts";
import { METHODS, type Method, QR_METHODS } from "./types.ts";
import type { WaitFigures } from "./wait-times.ts";

/** How the report's rows are grouped. */
export const GROUP_BYS = ["facility", "province"] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** Check-ins per method. */
export type MethodCounts = Record<Method, number>;

/** One facility's check-ins on one Vietnamese calendar day, as the counters hold them. */
export interface DayTally {
  readonly day: string;
  readonly facility: string;
  /** All check-ins, duplicates excluded. */
  readonly total: number;
  readonly byMethod: MethodCounts;
  /** Of the total, check-ins counted on their arrival because their scan time was not believed. */
  readonly flagged?: number;
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

/** Check-ins counted for a row: all, by QR, and per method. */
export interface Counted {
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
  /** The facility's camera and scanner health over the period, as its pages reported it. */
  readonly reader: ReaderFigures;
  /** Why its rate is under the target, when the reader figures tell; else null. */
  readonly cause: ReaderCause | null;
  /** Check-in to first call over the period, from the merged wait histograms. */
  readonly waits: WaitFigures;
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
  /** Its facilities per cause of a rate under the target. */
  readonly causes: CauseCounts;
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

/** A facility whose readers keep its rate low: no reader, or one that fails. */
export interface ReaderProblem extends FacilityFlag {
  readonly cause: Extract<ReaderCause, "no-reader" | "reader-failing">;
  readonly reader: ReaderFigures;
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
interface TrendPoint {
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
  /** The thresholds the causes were given with (READER_* settings). */
  readonly readerThresholds: ReaderThresholds;
  readonly rows: Row[];
  readonly summary: {
    readonly total: number;
    readonly qr: number;
    readonly byMethod: MethodCounts;
    readonly rate: number | null;
    /** Check-ins whose scan time was not believed (device clock ahead, or older than 72 h), counted on arrival. */
    readonly flagged: number;
    /** Rows (facilities or provinces, as grouped) with check-ins and a rate under the target, worst first. */
    readonly belowTarget: Flag[];
    /** Facilities with check-ins but not one by QR. */
    readonly noQr: FacilityFlag[];
    /** Facilities without any check-in in the period: listed apart, never ranked as 0 %. */
    readonly noCheckins: FacilityFlag[];
    /** Facilities in scope per cause of a rate under the target. */
    readonly causes: CauseCounts;
    /** Facilities with no reader, then those whose reader fails; busiest first in each. */
    readonly readerProblems: ReaderProblem[];
  };
  readonly trend: TrendPoint[];
}

/** The report answer of GET /api/reports/scan-rate (docs/openapi.json), with the extra fields the dashboard uses. */
export type ScanRateReport =
  | ReportOf<"facility", FacilityRow, FacilityFlag>
  | ReportOf<"province", ProvinceRow, ProvinceFlag>;

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

/** Orders codes as strings, for a stable order among equals. */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Adds the fixed per-method counts of `from` into `into` (every method present in both). */
export function addMethodCounts(into: MethodCounts, from: MethodCounts): void {
  for (const method of METHODS) into[method] += from[method];
}
