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
  })
  .strict()
  .refine((value) => value.role === "health-dept" || value.role === "admin" || value.facility !== undefined, {
    message: "receptionist, kiosk and room tokens need a facility",
    path: ["facility"],
  });
export type DevTokenRequest = z.infer<typeof devTokenRequestSchema>;
