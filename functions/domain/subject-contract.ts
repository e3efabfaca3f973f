/**
 * A data subject's request (Decree 13): an administrator finds everything held about one ID
 * number and exports it, or erases it. The ID number travels in the body, never in a URL, so it
 * reaches no access log.
 */
import * as z from "zod";
import { auditEntrySchema } from "./audit-contract.ts";
import { checkinAnswerSchema } from "./contract.ts";

/** `POST /api/admin/subjects/search` and `POST /api/admin/subjects/erase`. */
export const subjectRequestSchema = z
  .object({ idNumber: z.string().regex(/^\d{12}$/, "a 12-digit ID number") })
  .strict();

/** One visit as held, with what was kept beside it. */
const heldVisitSchema = checkinAnswerSchema
  .pick({
    checkinId: true,
    facility: true,
    method: true,
    status: true,
    checkedInAt: true,
    patient: true,
    insurance: true,
  })
  .extend({
    /** Whether the duplicate guard (a key naming the person at the facility) is still held. */
    duplicateGuard: z.boolean(),
    /** The answer remembered for a device's retry, when still held (its JSON text). */
    idempotencyCopy: z.string().nullable(),
  });

/** Everything held about the person within the administrator's provinces. */
export const subjectExportSchema = z.object({
  held: z.boolean(),
  visits: z.array(heldVisitSchema),
  /** The audit trail's lines about the person (kept: they name the person only by a keyed hash). */
  audit: z.array(auditEntrySchema),
});
export type SubjectExport = z.infer<typeof subjectExportSchema>;

/** What an erase removed; `held: false` when nothing was held (nothing was removed). */
export const subjectEraseSchema = z.object({
  held: z.boolean(),
  visits: z.number().int().nonnegative(),
  duplicateGuards: z.number().int().nonnegative(),
  idempotencyCopies: z.number().int().nonnegative(),
  message: z.string(),
  messageEn: z.string(),
});
export type SubjectErase = z.infer<typeof subjectEraseSchema>;
