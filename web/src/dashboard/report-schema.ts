/** The scan-rate report as the dashboard reads it (GET /api/reports/scan-rate, JSON). */
import * as z from "zod";

const counted = { total: z.number(), qr: z.number() };
const ranked = { rank: z.number().int(), rankOf: z.number().int(), rate: z.number(), ...counted };

export const facilityRowSchema = z.object({
  ...ranked,
  facility: z.string(),
  name: z.string(),
  province: z.string(),
  provinceName: z.string(),
});
export type FacilityRowView = z.infer<typeof facilityRowSchema>;

export const provinceRowSchema = z.object({
  ...ranked,
  province: z.string(),
  name: z.string(),
  facilities: z.number().int(),
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
