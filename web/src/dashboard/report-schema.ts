/** The scan-rate report as the dashboard reads it (GET /api/reports/scan-rate, JSON). */
import * as z from "zod";
import { READER_CAUSES } from "#domain/reader-health";

const counted = { total: z.number(), qr: z.number() };

const readerSchema = z.object({
  cameraDays: z.number(),
  scannerDays: z.number(),
  failedScans: z.number(),
  typedAfterFailedScan: z.number(),
  typedWithReader: z.number(),
  reportedCheckins: z.number(),
  reportedDays: z.number(),
});
export type ReaderView = z.infer<typeof readerSchema>;
const causeSchema = z.enum(READER_CAUSES);
const causeCountsSchema = z.object({
  "no-reader": z.number(),
  "reader-failing": z.number(),
  habit: z.number(),
});
export type CauseCountsView = z.infer<typeof causeCountsSchema>;
const ranked = { rank: z.number().int(), rankOf: z.number().int(), rate: z.number(), ...counted };

export const facilityRowSchema = z.object({
  ...ranked,
  facility: z.string(),
  name: z.string(),
  province: z.string(),
  provinceName: z.string(),
  reader: readerSchema,
  cause: causeSchema.nullable(),
});
export type FacilityRowView = z.infer<typeof facilityRowSchema>;

export const provinceRowSchema = z.object({
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
  provinceName: z.string(),
  ...counted,
  rate: z.number().nullable(),
});
export type FacilityFlagView = z.infer<typeof facilityFlagSchema>;

const readerProblemSchema = facilityFlagSchema.extend({
  cause: z.enum(["no-reader", "reader-failing"]),
  reader: readerSchema,
});
export type ReaderProblemView = z.infer<typeof readerProblemSchema>;

const trendSchema = z.array(z.object({ day: z.string(), ...counted, rate: z.number().nullable() }));
export type TrendView = z.infer<typeof trendSchema>;

const head = {
  from: z.string(),
  to: z.string(),
  target: z.number(),
  province: z.object({ code: z.string(), name: z.string() }).nullable(),
  trend: trendSchema,
};
const summary = {
  ...counted,
  rate: z.number().nullable(),
  flagged: z.number().default(0),
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
    belowTarget: z.array(z.object({ province: z.string(), name: z.string() })),
  }),
});
export type ProvinceReport = z.infer<typeof provinceReportSchema>;
