/**
 * Check-in, re-check and kiosk limits raised out of the way, for runs that drive many patients
 * through one account in a few seconds (tests, benchmarks). The limits have tests of their own
 * that set them as deployed.
 */
export const OPEN_PERSON_LIMITS: Readonly<Record<string, string>> = {
  CHECKINS_PER_USER_PER_MINUTE: "1000000",
  CHECKINS_PER_FACILITY_PER_MINUTE: "1000000",
  TYPED_CHECKINS_PER_USER_PER_DAY: "1000000",
  TYPED_CHECKINS_PER_KIOSK_PER_DAY: "1000000",
  CALLS_PER_KIOSK_PER_MINUTE: "1000000",
  RECHECKS_PER_USER_PER_MINUTE: "1000000",
  RECHECKS_PER_FACILITY_PER_MINUTE: "1000000",
};
