/**
 * Whether a facility may still check patients in, read at most once a minute per container: a
 * deactivation reaches every check-in, kiosk and lookup within `maxAgeMs` (60 s by default).
 */
import { ERROR_CODE, ForbiddenError } from "#domain/errors";
import type { FacilityStore } from "./facility-store.ts";

/** How long a container trusts what it read: the bound on a deactivation taking effect. */
export const FACILITY_STATUS_MAX_AGE_MS = 60_000;

export interface FacilityStatus {
  /** Throws FACILITY_INACTIVE (403) when the facility was deactivated. */
  ensureActive(code: string): Promise<void>;
}

const facilityInactive = (code: string) =>
  new ForbiddenError(ERROR_CODE.FACILITY_INACTIVE, {
    vi: `Cơ sở ${code} đã ngừng hoạt động trên tiepdon: không tiếp đón hay tra cứu được nữa. Hãy liên hệ quản trị viên.`,
    en: `Facility ${code} was deactivated in tiepdon: it can no longer check patients in or look them up. Contact the administrator.`,
  });

export function makeFacilityStatus(
  store: Pick<FacilityStore, "isFacilityActive">,
  options: { maxAgeMs?: number; now?: () => number } = {},
): FacilityStatus {
  const maxAge = options.maxAgeMs ?? FACILITY_STATUS_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  const known = new Map<string, { active: boolean; readAt: number }>();
  return {
    async ensureActive(code) {
      const cached = known.get(code);
      let active = cached !== undefined && now() - cached.readAt < maxAge ? cached.active : null;
      if (active === null) {
        try {
          // A facility missing from the table is not refused here: its token already names it.
          active = (await store.isFacilityActive(code)) ?? true;
          known.set(code, { active, readAt: now() });
        } catch {
          // A failed read keeps the last answer (or lets the check-in through): a table blip must not
          // stop a reception desk; the next request reads again.
          active = cached?.active ?? true;
        }
      }
      if (!active) throw facilityInactive(code);
    },
  };
}
