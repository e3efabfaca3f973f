/**
 * GET /api/reports/scan-rate: its query and its JSON answer, one zod schema each, shared by the
 * report function, the dashboard and docs/openapi.json.
 */
import * as z from "zod";
import { READER_CAUSES } from "./reader-health.ts";
import { GROUP_BYS } from "./scan-rate.ts";
import { METHODS, type Method } from "./types.ts";
import { isIsoDate } from "./vn-time.ts";

const isoDate = z.string().refine(isIsoDate, "a real date YYYY-MM-DD");

export const reportQuerySchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    province: z
      .string()
      .regex(/^\d{3}$/, "a 3-digit province code")
      .optional(),
    groupBy: z.enum(GROUP_BYS).default("facility"),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .strict();

const count = z.number().int().nonnegative();
const byMethod = z.object(
  Object.fromEntries(METHODS.map((method) => [method, count])) as Record<Method, typeof count>,
);
const counted = { total: count, qr: count, byMethod };
const ranked = { rank: z.number().int(), rankOf: z.number().int(), rate: z.number(), ...counted };

/** A facility's camera and scanner health over the period, as its pages reported it. */
const readerFiguresSchema = z.object({
  cameraDays: count,
  scannerDays: count,
  failedScans: count,
  typedAfterFailedScan: count,
  typedWithReader: count,
  reportedCheckins: count,
  reportedDays: count,
});
export type ReaderView = z.infer<typeof readerFiguresSchema>;
const readerCauseSchema = z.enum(READER_CAUSES);
const causeCountsSchema = z.object({ "no-reader": count, "reader-failing": count, habit: count });
export type CauseCountsView = z.infer<typeof causeCountsSchema>;

/** A percentile of the waits as the bucket it lies in, in minutes (`to` null: the open last bucket). */
const waitBucketSchema = z.object({ from: count, to: count.nullable() });
/** Check-in to first call over the period: first calls counted, median and 90th percentile. */
export const waitFiguresSchema = z.object({
  calls: count,
  median: waitBucketSchema.nullable(),
  p90: waitBucketSchema.nullable(),
});

const facilityRowSchema = z.object({
  ...ranked,
  facility: z.string(),
  name: z.string(),
  province: z.string(),
  provinceName: z.string(),
  reader: readerFiguresSchema,
  cause: readerCauseSchema.nullable(),
  waits: waitFiguresSchema,
});
export type FacilityRowView = z.infer<typeof facilityRowSchema>;

const provinceRowSchema = z.object({
  ...ranked,
  province: z.string(),
  name: z.string(),
  facilities: z.number().int(),
  causes: causeCountsSchema,
});
export type ProvinceRowView = z.infer<typeof provinceRowSchema>;

const facilityFlagSchema = z.object({
  facility: z.string(),
  name: z.string(),
  province: z.string(),
  provinceName: z.string(),
  total: count,
  qr: count,
  rate: z.number().nullable(),
});
export type FacilityFlagView = z.infer<typeof facilityFlagSchema>;

const readerProblemSchema = facilityFlagSchema.extend({
  cause: z.enum(["no-reader", "reader-failing"]),
  reader: readerFiguresSchema,
});
export type ReaderProblemView = z.infer<typeof readerProblemSchema>;

const trendSchema = z.array(
  z.object({ day: z.string(), total: count, qr: count, rate: z.number().nullable() }),
);
export type TrendView = z.infer<typeof trendSchema>;

const head = {
  from: z.string(),
  to: z.string(),
  target: z.number(),
  province: z.object({ code: z.string(), name: z.string() }).nullable(),
  readerThresholds: z.object({
    minCheckins: z.number(),
    noReaderDayShare: z.number(),
    failingShare: z.number(),
  }),
  trend: trendSchema,
};
const summary = {
  ...counted,
  rate: z.number().nullable(),
  flagged: count,
  noQr: z.array(facilityFlagSchema),
  noCheckins: z.array(facilityFlagSchema),
  causes: causeCountsSchema,
  readerProblems: z.array(readerProblemSchema),
};

export const facilityReportSchema = z.object({
  ...head,
  groupBy: z.literal("facility"),
  rows: z.array(facilityRowSchema),
  summary: z.object({ ...summary, belowTarget: z.array(facilityFlagSchema) }),
});
export type FacilityReport = z.infer<typeof facilityReportSchema>;

export const provinceReportSchema = z.object({
  ...head,
  groupBy: z.literal("province"),
  rows: z.array(provinceRowSchema),
  summary: z.object({
    ...summary,
    belowTarget: z.array(
      z.object({ province: z.string(), name: z.string(), total: count, qr: count, rate: z.number() }),
    ),
  }),
});
export type ProvinceReport = z.infer<typeof provinceReportSchema>;

/** The JSON answer, either grouping. */
export const scanRateReportSchema = z.discriminatedUnion("groupBy", [
  facilityReportSchema,
  provinceReportSchema,
]);
