/** The audit trail's vocabulary and the shape of `GET /api/audit` (design.md), shared with the pages. */
import * as z from "zod";
import { csvField, UTF8_BOM } from "./report-csv.ts";

/** What was done to a person's data. */
const AUDIT_ACTIONS = [
  "lookup",
  "checkin",
  "checkins-list",
  "recheck",
  "export",
  "subject-search",
  "erase",
  /** An erase about to delete: written first, so an erase that stops halfway is still on the trail. */
  "erase-start",
  "audit-query",
  "outbox-discard",
  "account-admin",
  "facility-admin",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * How it ended: done, refused by a rule or a role, stopped by a limit, failed, or nothing held;
 * `started` opens an erase whose own line (done or failed) follows.
 */
const AUDIT_OUTCOMES = ["ok", "refused", "limited", "failed", "none-held", "started"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One line of the trail. `subject` is the keyed hash of the ID number, never the number. */
export const auditEntrySchema = z.object({
  at: z.iso.datetime(),
  user: z.string().min(1),
  role: z.string().min(1),
  facility: z.string().nullable(),
  action: z.enum(AUDIT_ACTIONS),
  subject: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  /** The error code of a refusal, when there was one. */
  code: z.string().nullable(),
  /** How many people a list or an export covered, when it covered more than one. */
  count: z.number().int().nonnegative().nullable(),
  /** What an administrator changed ("account letan.01002 create", "facility 01002 update"); never a password. */
  target: z.string().max(200).nullable().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");

/** `GET /api/audit`: exactly one of a person's ID number or a user, an optional period, JSON or CSV. */
export const auditQuerySchema = z
  .object({
    subject: z
      .string()
      .regex(/^\d{12}$/, "a 12-digit ID number")
      .optional(),
    user: z.string().min(1).max(200).optional(),
    from: isoDay.optional(),
    to: isoDay.optional(),
    limit: z.coerce.number().int().min(1).max(5000).optional(),
    format: z.enum(["json", "csv"]).optional(),
  })
  .strict()
  .refine((query) => (query.subject === undefined) !== (query.user === undefined), {
    message: "give exactly one of subject or user",
  });
export type AuditQueryParams = z.infer<typeof auditQuerySchema>;

/** The answer: the lines found, newest first; `truncated` when the limit cut the list. */
export const auditAnswerSchema = z.object({
  by: z.enum(["subject", "user"]),
  entries: z.array(auditEntrySchema),
  truncated: z.boolean(),
});
export type AuditAnswer = z.infer<typeof auditAnswerSchema>;

const CSV_COLUMNS = [
  "at",
  "user",
  "role",
  "facility",
  "action",
  "subject",
  "outcome",
  "code",
  "count",
] as const;

/** The lines as CSV (UTF-8 with BOM, formulas neutralised), for an export. */
export function auditToCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((entry) => CSV_COLUMNS.map((column) => csvField(entry[column])).join(","));
  return `${UTF8_BOM}${[CSV_COLUMNS.join(","), ...rows].join("\r\n")}\r\n`;
}
