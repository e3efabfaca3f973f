/**
 * GET /api/reports/room-waits: one facility's waits from check-in to first call per exam room over
 * a period, its query, its JSON answer and its CSV. Pure.
 */
import * as z from "zod";
import { FACILITY_CODE_PATTERN } from "./facility.ts";
import { waitFiguresSchema } from "./report-contract.ts";
import { csvField, UTF8_BOM } from "./report-csv.ts";
import { isIsoDate } from "./vn-time.ts";
import { waitBucketText } from "./wait-times.ts";

const isoDate = z.string().refine(isIsoDate, "a real date YYYY-MM-DD");

export const roomWaitQuerySchema = z
  .object({
    facility: z.string().regex(FACILITY_CODE_PATTERN, "a facility code"),
    from: isoDate.optional(),
    to: isoDate.optional(),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .strict();
export type RoomWaitQuery = z.infer<typeof roomWaitQuerySchema>;

const roomWaitRowSchema = z.object({
  room: z.string(),
  name: z.string(),
  number: z.number().int(),
  waits: waitFiguresSchema,
});

export const roomWaitReportSchema = z.object({
  facility: z.string(),
  from: z.string(),
  to: z.string(),
  /** Rooms with at least one first call in the period, by room number. */
  rooms: z.array(roomWaitRowSchema),
});
export type RoomWaitReport = z.infer<typeof roomWaitReportSchema>;

/** The rooms as CSV (RFC 4180, UTF-8 BOM, CRLF): one line per room, percentiles as minute buckets. */
export function roomWaitsToCsv(report: RoomWaitReport): string {
  const header = [
    "facility",
    "from",
    "to",
    "room",
    "roomNumber",
    "roomName",
    "waits.calls",
    "waits.medianMinutes",
    "waits.p90Minutes",
  ];
  const lines = report.rooms.map((row) => [
    report.facility,
    report.from,
    report.to,
    row.room,
    row.number,
    row.name,
    row.waits.calls,
    waitBucketText(row.waits.median),
    waitBucketText(row.waits.p90),
  ]);
  return `${UTF8_BOM}${[header, ...lines].map((line) => line.map(csvField).join(",")).join("\r\n")}\r\n`;
}
