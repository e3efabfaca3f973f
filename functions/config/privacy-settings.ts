import * as z from "zod";
import { type AccessLimits, DEFAULT_ACCESS_LIMITS } from "#functions/privacy/access-limits";

const count = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
const d = DEFAULT_ACCESS_LIMITS;

/** Settings of the functions that take from the limits (look-up, check-in, re-check). */
export const limitSettingsSchema = z.object({
  LIMITS_TABLE: z.string().min(1),
  LOOKUPS_PER_USER_PER_MINUTE: count(d.perUserPerMinute.lookup),
  CHECKINS_PER_USER_PER_MINUTE: count(d.perUserPerMinute.checkin),
  RECHECKS_PER_USER_PER_MINUTE: count(d.perUserPerMinute.recheck),
  CALLS_PER_KIOSK_PER_MINUTE: count(d.perKioskPerMinute),
  LOOKUPS_PER_FACILITY_PER_MINUTE: count(d.perFacilityPerMinute.lookup),
  CHECKINS_PER_FACILITY_PER_MINUTE: count(d.perFacilityPerMinute.checkin),
  RECHECKS_PER_FACILITY_PER_MINUTE: count(d.perFacilityPerMinute.recheck),
  TYPED_LOOKUPS_PER_USER_PER_DAY: count(d.typedLookupsPerUserPerDay),
  TYPED_CHECKINS_PER_USER_PER_DAY: count(d.typedCheckinsPerUserPerDay),
  TYPED_CHECKINS_PER_KIOSK_PER_DAY: count(d.typedCheckinsPerKioskPerDay),
});
export type LimitSettings = z.infer<typeof limitSettingsSchema>;

/** The limits' numbers from their settings. */
export function accessLimitsOf(s: LimitSettings): AccessLimits {
  return {
    perUserPerMinute: {
      lookup: s.LOOKUPS_PER_USER_PER_MINUTE,
      checkin: s.CHECKINS_PER_USER_PER_MINUTE,
      recheck: s.RECHECKS_PER_USER_PER_MINUTE,
    },
    perKioskPerMinute: s.CALLS_PER_KIOSK_PER_MINUTE,
    perFacilityPerMinute: {
      lookup: s.LOOKUPS_PER_FACILITY_PER_MINUTE,
      checkin: s.CHECKINS_PER_FACILITY_PER_MINUTE,
      recheck: s.RECHECKS_PER_FACILITY_PER_MINUTE,
    },
    typedLookupsPerUserPerDay: s.TYPED_LOOKUPS_PER_USER_PER_DAY,
    typedCheckinsPerUserPerDay: s.TYPED_CHECKINS_PER_USER_PER_DAY,
    typedCheckinsPerKioskPerDay: s.TYPED_CHECKINS_PER_KIOSK_PER_DAY,
  };
}

/** Settings of the functions that write or read the audit trail. */
export const auditSettingsSchema = z.object({
  AUDIT_TABLE: z.string().min(1),
  // Two years: long enough to answer a person's request or an inspection about last year's visits.
  AUDIT_RETENTION_DAYS: z.coerce.number().int().positive().default(730),
});
