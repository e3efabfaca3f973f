/** One zod schema per answer the pages read from the API: nothing is trusted by a cast. */
import * as z from "zod";
import { METHODS, STATUSES } from "#domain/types";

const bilingual = { message: z.string(), messageEn: z.string() };

export const insuranceSchema = z.object({
  resultCode: z.string(),
  covered: z.boolean(),
  cardCode: z.string().nullable(),
  benefitLevel: z.number().int().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  registeredFacility: z.string().nullable(),
  atRegisteredFacility: z.boolean(),
  ...bilingual,
});

export const checkinAnswerSchema = z.object({
  checkinId: z.string(),
  facility: z.string(),
  method: z.enum(METHODS),
  queueNumber: z.number().int(),
  duplicate: z.boolean(),
  status: z.enum(STATUSES),
  checkedInAt: z.string(),
  patient: z.object({
    idNumber: z.string().nullable(),
    name: z.string().nullable(),
    birthDate: z.string().nullable(),
    sex: z.enum(["male", "female"]).nullable(),
  }),
  insurance: insuranceSchema.nullable(),
  /** The facility's name, for the printed ticket (absent in list rows and older answers). */
  facilityName: z.string().nullable().optional(),
});
export type CheckinAnswerView = z.infer<typeof checkinAnswerSchema>;

export const checkinListSchema = z.object({
  date: z.string(),
  items: z.array(checkinAnswerSchema),
  nextCursor: z.string().nullable(),
});
export type CheckinList = z.infer<typeof checkinListSchema>;

export const recheckSummarySchema = z.object({
  checked: z.number().int(),
  settled: z.number().int(),
  stillPending: z.number().int(),
});
export type RecheckSummary = z.infer<typeof recheckSummarySchema>;

export const tokenSchema = z.object({ token: z.string().min(1) });

export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), messageEn: z.string().optional() }),
});
