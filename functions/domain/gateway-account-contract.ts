/**
 * The shapes of a facility's gateway account on `/api/admin/facilities/{code}/gateway-*`: what an
 * administrator writes (secrets included) and what is ever read back (never a secret).
 */
import * as z from "zod";
import { FACILITY_CODE_PATTERN } from "./facility.ts";
import { checkIdNumber } from "./id-number.ts";

/** `PUT …/gateway-account`: the username BHXH issued (usually `<code>_BV`) and its password. */
export const gatewayAccountWriteSchema = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(200),
  })
  .strict();
export type GatewayAccountWrite = z.infer<typeof gatewayAccountWriteSchema>;

/** `PUT …/gateway-certificate`: the PKCS#12 file (.p12/.pfx) in Base64 and its passphrase. */
export const gatewayCertificateWriteSchema = z
  .object({
    pkcs12: z.base64().min(1),
    password: z.string().max(200),
  })
  .strict();
export type GatewayCertificateWrite = z.infer<typeof gatewayCertificateWriteSchema>;

/** `PUT …/kiosk-clerk`: the clerk (full name, 12-digit ID number) the facility's kiosks check cards under. */
export const kioskClerkWriteSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    id: z.string().regex(/^\d{12}$/),
  })
  .strict()
  .refine((clerk) => checkIdNumber(clerk.id) === null, { message: "not a valid ID number", path: ["id"] });
export type KioskClerkWrite = z.infer<typeof kioskClerkWriteSchema>;

/** What an administrator sees of a facility's gateway account: whether it is set, never a secret. */
export const gatewayAccountStatusSchema = z.object({
  facility: z.string().regex(FACILITY_CODE_PATTERN),
  account: z.object({ username: z.string(), changedAt: z.string() }).nullable(),
  certificate: z.object({ subject: z.string(), validTo: z.string() }).nullable(),
  /** The name of the clerk the facility's kiosks check under (the ID number is not shown back). */
  kioskClerk: z.object({ name: z.string() }).nullable(),
  /** The gateway's last refusal of this password (a wrong or locked account), until it is changed. */
  refused: z.object({ code: z.string(), at: z.string() }).nullable(),
  /**
   * Only in the answer of a write that was stored unchecked: the gateway could not be reached to
   * try the password (GATEWAY_UNREACHABLE), so a wrong one shows later as a refusal.
   */
  warning: z.object({ code: z.string(), message: z.string(), messageEn: z.string() }).optional(),
});
export type GatewayAccountStatus = z.infer<typeof gatewayAccountStatusSchema>;

/** `GET /api/reports/gateway-accounts` query: the province (a provincial user's own by default). */
export const gatewayRefusalQuerySchema = z
  .object({
    province: z
      .string()
      .regex(/^\d{3}$/, "a 3-digit province code")
      .optional(),
  })
  .strict();
export type GatewayRefusalQuery = z.infer<typeof gatewayRefusalQuerySchema>;

/**
 * `GET /api/reports/gateway-accounts`: the facilities whose gateway account the gateway refused
 * (wrong or locked password), so their card checks wait; never a username or a secret.
 */
export const gatewayRefusalReportSchema = z.object({
  province: z.object({ code: z.string(), name: z.string() }).nullable(),
  facilities: z.array(
    z.object({
      facility: z.string().regex(FACILITY_CODE_PATTERN),
      name: z.string(),
      refused: z.object({ code: z.string(), at: z.string() }),
    }),
  ),
});
export type GatewayRefusalReport = z.infer<typeof gatewayRefusalReportSchema>;

/** `GET /api/admin/gateway-accounts`: the state of every facility's account in the province. */
export const gatewayAccountListSchema = z.object({ facilities: z.array(gatewayAccountStatusSchema) });
