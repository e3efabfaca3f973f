/** The mock gateway's settings, read once at cold start. */
import * as z from "zod";

const whole = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
const rate = z.coerce.number().min(0).max(1).default(0);

/** Environment of the gateway-mock function (its account comes from loadGatewayAccount). */
export const gatewayConfigSchema = z.object({
  REGISTRY_TABLE: z.string().min(1),
  GATEWAY_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
  /** How long a "timeout" answer sleeps: longer than any client waits (default 15 s). */
  GATEWAY_SLOW_MS: whole(15_000),
  /** Extra latency on every card check. */
  GATEWAY_LATENCY_MS: whole(0),
  /** Share of card checks answered with a server error (0–1). */
  GATEWAY_ERROR_RATE: rate,
  /** Share of card checks that sleep GATEWAY_SLOW_MS before answering (0–1). */
  GATEWAY_TIMEOUT_RATE: rate,
  /** "on" opens PUT/GET …/_faults to change faults at run time: local runs only, never in AWS. */
  GATEWAY_FAULT_CONTROL: z.enum(["on", "off"]).default("off"),
  /** The clerk the check-in functions send; registered with the mock in addition to its own list. */
  GATEWAY_CLERK_NAME: z.string().min(1).optional(),
  GATEWAY_CLERK_ID: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  /** The certificate registered for the install's account: XML0s it sends must be signed with it. */
  GATEWAY_SIGNING_CERTIFICATE_PEM: z.string().min(1).optional(),
});
