import {
  type FacilityReport,
  facilityReportSchema,
  type ProvinceReport,
  provinceReportSchema,
} from "#domain/report-contract";
import { type RoomWaitReport, roomWaitReportSchema } from "#domain/room-wait-contract";
import { requestApi, requestJson } from "#web/api/client";
import type { Period } from "./period.ts";

export interface ReportQuery extends Period {
  /** Current province code, or null for the whole country. */
  readonly province: string | null;
}

function pathOf(query: ReportQuery, groupBy: "facility" | "province", format: "json" | "csv"): string {
  const params = new URLSearchParams({ from: query.from, to: query.to, groupBy, format });
  if (query.province !== null) params.set("province", query.province);
  return `/api/reports/scan-rate?${params.toString()}`;
}

/** The facility ranking of a period and scope. */
export async function fetchFacilityReport(token: string, query: ReportQuery): Promise<FacilityReport> {
  return await requestJson(
    { method: "GET", path: pathOf(query, "facility", "json"), token, retries: 1 },
    facilityReportSchema,
  );
}

/** The province ranking of a period and scope: small, so the page shows it first. */
export async function fetchProvinceReport(token: string, query: ReportQuery): Promise<ProvinceReport> {
  return await requestJson(
    { method: "GET", path: pathOf(query, "province", "json"), token, retries: 1 },
    provinceReportSchema,
  );
}

/** Fetches the CSV with the token (a plain link could not send it) and saves it through a blob URL. */
export async function downloadCsv(
  token: string,
  query: ReportQuery,
  groupBy: "facility" | "province",
): Promise<void> {
  const response = await requestApi({ method: "GET", path: pathOf(query, groupBy, "csv"), token });
  saveBlob(await response.blob(), `ty-le-quet-qr-${groupBy}-${query.from}-${query.to}.csv`);
}

/** Saves a downloaded file through a blob URL. */
function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function roomWaitPath(query: { facility: string; from: string; to: string }, format: "json" | "csv"): string {
  const params = new URLSearchParams({ facility: query.facility, from: query.from, to: query.to, format });
  return `/api/reports/room-waits?${params.toString()}`;
}

/** One facility's waits per exam room over the period. */
export async function fetchRoomWaits(
  token: string,
  query: { facility: string; from: string; to: string },
): Promise<RoomWaitReport> {
  return await requestJson(
    { method: "GET", path: roomWaitPath(query, "json"), token, retries: 1 },
    roomWaitReportSchema,
  );
}

/** Saves one facility's waits per room as CSV. */
export async function downloadRoomWaitsCsv(
  token: string,
  query: { facility: string; from: string; to: string },
): Promise<void> {
  const response = await requestApi({ method: "GET", path: roomWaitPath(query, "csv"), token });
  saveBlob(await response.blob(), `thoi-gian-cho-${query.facility}-${query.from}-${query.to}.csv`);
}
