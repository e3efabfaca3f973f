/** The body of POST /api/dev/token, the local stand-in for a staff sign-in (never deployed). */
import * as z from "zod";
import { ROLES } from "./roles.ts";

export const devTokenRequestSchema = z
  .object({
    role: z.enum(ROLES),
    facility: z
      .string()
      .regex(/^\d{5}$/, "a 5-digit facility code")
      .optional(),
    province: z
      .string()
      .regex(/^\d{3}$/, "a 3-digit province code")
      .optional(),
    /** A receptionist's own full name and 12-digit ID number; the demo clerk's when absent. */
    clerk: z
      .object({ name: z.string().min(1).max(100), id: z.string().regex(/^\d{12}$/, "a 12-digit ID number") })
      .strict()
      .optional(),
  })
  .strict()
  .refine((value) => value.role === "health-dept" || value.role === "admin" || value.facility !== undefined, {
    message: "receptionist, kiosk and room tokens need a facility",
    path: ["facility"],
  })
  .refine((value) => value.clerk === undefined || value.role === "receptionist", {
    message: "only a receptionist token names a clerk",
    path: ["clerk"],
  });
export type DevTokenRequest = z.infer<typeof devTokenRequestSchema>;
