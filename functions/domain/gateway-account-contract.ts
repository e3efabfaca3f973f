/**
 * The shapes of a facility's gateway account on `/api/admin/facilities/{code}/gateway-*`: what an
 * administrator writes (secrets included) and what is ever read back (never a secret).
 */
import * as z from "zod";
import { FACILITY_CODE_PATTERN } from "./facility.ts";

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

/** What an administrator sees of a facility's gateway account: whether it is set, never a secret. */
export const gatewayAccountStatusSchema = z.object({
  facility: z.string().regex(FACILITY_CODE_PATTERN),
  account: z.object({ username: z.string(), changedAt: z.string() }).nullable(),
  certificate: z.object({ subject: z.string(), validTo: z.string() }).nullable(),
  /** The gateway's last refusal of this password (a wrong or locked account), until it is changed. */
  refused: z.object({ code: z.string(), at: z.string() }).nullable(),
});
export type GatewayAccountStatus = z.infer<typeof gatewayAccountStatusSchema>;

/** `GET /api/admin/gateway-accounts`: the state of every facility's account in the province. */
export const gatewayAccountListSchema = z.object({ facilities: z.array(gatewayAccountStatusSchema) });
