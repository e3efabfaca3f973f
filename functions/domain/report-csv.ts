/** The scan-rate report as a CSV file for spreadsheets (RFC 4180, safe against formula injection). */
import { READER_CAUSES, type ReaderFigures } from "./reader-health.ts";
import type { MethodCounts, ScanRateReport } from "./scan-rate.ts";
import { METHODS } from "./types.ts";
import { waitBucketText } from "./wait-times.ts";

/** Characters that make a spreadsheet read a cell as a formula (or hide one behind a control). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a single quote to text a spreadsheet would run as a formula (CSV injection). */
function neutraliseFormula(text: string): string {
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
const READER_FIELDS = [
  "cameraDays",
  "scannerDays",
  "failedScans",
  "typedAfterFailedScan",
  "typedWithReader",
  "reportedCheckins",
  "reportedDays",
] as const satisfies ReadonlyArray<keyof ReaderFigures>;
const readerColumns = READER_FIELDS.map((field) => `reader.${field}`);
const causeColumns = READER_CAUSES.map((cause) => `causes.${cause}`);

/**
 * The report's rows as CSV: RFC 4180 (CRLF line ends, quoted fields where needed), the same rows
 * and columns as the JSON rows with byMethod, reader, causes and waits flattened, UTF-8 BOM first; a
 * facility without a cause has an empty `cause` cell; a wait percentile is its bucket in minutes
 * ("10–15", "240+"), empty without calls. The facility file then lists the facilities
 * without any check-in in the period (the summary's noCheckins), with empty rank, rankOf and rate
 * and zero counts, so it holds every facility in scope.
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
      ...readerColumns,
      "cause",
      "waits.calls",
      "waits.medianMinutes",
      "waits.p90Minutes",
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
        ...READER_FIELDS.map((field) => row.reader[field]),
        row.cause,
        row.waits.calls,
        waitBucketText(row.waits.median),
        waitBucketText(row.waits.p90),
      ]);
    }
    // Then every facility without a check-in in the period, unranked: the file lists them all.
    for (const flag of report.summary.noCheckins) {
      lines.push([
        null,
        null,
        flag.facility,
        flag.name,
        flag.province,
        flag.provinceName,
        0,
        0,
        ...METHODS.map(() => 0),
        null,
        ...READER_FIELDS.map(() => 0),
        null,
        0,
        null,
        null,
      ]);
    }
  } else {
    lines.push([
      "rank",
      "rankOf",
      "province",
      "name",
      "facilities",
      "total",
      "qr",
      ...methodColumns,
      "rate",
      ...causeColumns,
    ]);
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
        ...READER_CAUSES.map((cause) => row.causes[cause]),
      ]);
    }
  }
  return UTF8_BOM + lines.map((line) => `${line.map(csvField).join(",")}\r\n`).join("");
}
