/** Faults the mock gateway plays on purpose: latency, server errors and answers that come too late. */
import * as z from "zod";

/** The fault settings as the control route reads and writes them. */
const gatewayFaultsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(120_000),
  errorRate: z.number().min(0).max(1),
  timeoutRate: z.number().min(0).max(1),
});
export type GatewayFaults = z.infer<typeof gatewayFaultsSchema>;

/** A change of some of the settings (PUT …/_faults body). */
export const gatewayFaultsChangeSchema = gatewayFaultsSchema.partial();

const NONE: GatewayFaults = { latencyMs: 0, errorRate: 0, timeoutRate: 0 };

// One container's settings: each Lambda instance keeps its own, which is enough for local runs and tests.
let current: GatewayFaults = NONE;

/** Changes some fault settings and returns them all; in-process tests use it directly. */
export function setGatewayFaults(change: Partial<GatewayFaults>): GatewayFaults {
  current = gatewayFaultsSchema.parse({ ...current, ...change });
  return current;
}

/** Puts every fault back to none. */
export function clearGatewayFaults(): GatewayFaults {
  current = NONE;
  return current;
}

/** The fault settings in force. */
export function gatewayFaults(): GatewayFaults {
  return current;
}
