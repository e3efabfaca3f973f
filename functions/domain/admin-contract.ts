/** The shapes of `/api/admin/*`, shared by the admin function and the admin page. */
import * as z from "zod";
import { FACILITY_CODE_PATTERN } from "./facility.ts";
import { ROLES } from "./roles.ts";

/** Facility levels (tuyến): 1 central, 2 province, 3 district, 4 commune. */
export const FACILITY_LEVELS = ["1", "2", "3", "4"] as const;

/** A facility as the administrator sees and edits it. */
export const adminFacilitySchema = z.object({
  code: z.string().regex(FACILITY_CODE_PATTERN),
  name: z.string().min(1).max(200),
  provinceCode: z.string().regex(/^\d{3}$/),
  level: z.enum(FACILITY_LEVELS).nullable(),
  address: z.string().max(300).nullable(),
  active: z.boolean(),
});
export type AdminFacility = z.infer<typeof adminFacilitySchema>;

/** `PUT /api/admin/facilities/{code}`: a new facility, or changes to one (deactivate with active=false). */
export const facilityWriteSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    level: z.enum(FACILITY_LEVELS).optional(),
    address: z.string().trim().max(300).optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type FacilityWrite = z.infer<typeof facilityWriteSchema>;

export const facilityPathSchema = z.object({ code: z.string().regex(FACILITY_CODE_PATTERN) });

/** One refused line of an import: where, why (stable code) and what to do, in both languages. */
export const lineErrorSchema = z.object({
  line: z.number().int().positive(),
  code: z.string(),
  message: z.string(),
  messageEn: z.string(),
});
export type LineError = z.infer<typeof lineErrorSchema>;

/** A staff account as listed (never a password). */
export const staffAccountSchema = z.object({
  username: z.string(),
  role: z.enum(ROLES),
  facility: z.string().nullable(),
  province: z.string().nullable(),
  national: z.boolean(),
  name: z.string().nullable(),
  idNumber: z.string().nullable(),
  enabled: z.boolean(),
});
export type StaffAccount = z.infer<typeof staffAccountSchema>;

/** Account user names: lower-case letters, digits, dot, dash, underscore. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** `POST /api/admin/accounts` as JSON: one account (the CSV form carries the same columns). */
export const newAccountSchema = z
  .object({
    username: z.string().trim().toLowerCase(),
    role: z.string(),
    facility: z.string().trim().optional(),
    province: z.string().trim().optional(),
    name: z.string().trim().optional(),
    idNumber: z.string().trim().optional(),
    national: z.boolean().optional(),
    email: z.email().optional(),
  })
  .strict();
export type NewAccountInput = z.infer<typeof newAccountSchema>;

export const accountsQuerySchema = z
  .object({ facility: z.string().regex(FACILITY_CODE_PATTERN).optional() })
  .strict();

export const accountPathSchema = z.object({ username: z.string().regex(USERNAME_PATTERN) });

/** A created or reset account with its one-time password, shown once (null when Cognito mails a code). */
export const issuedPasswordSchema = z.object({
  username: z.string(),
  oneTimePassword: z.string().nullable(),
});
export type IssuedPassword = z.infer<typeof issuedPasswordSchema>;

/** Column order of the two imports (a first line naming the columns is optional). */
export const FACILITY_CSV_COLUMNS = ["maCSKCB", "name", "province", "level", "address"] as const;
export const ACCOUNT_CSV_COLUMNS = ["username", "role", "facility", "province", "name", "idNumber"] as const;

/** The answers of the admin routes. */
export const facilityListSchema = z.object({ facilities: z.array(adminFacilitySchema) });
export const facilityImportAnswerSchema = z.object({ imported: z.number().int().nonnegative() });
export const accountListSchema = z.object({ accounts: z.array(staffAccountSchema) });
export const accountImportAnswerSchema = z.object({ accounts: z.array(issuedPasswordSchema) });
