import { RateLimitError } from "#domain/errors";
import type { Method } from "#domain/types";
import type { LimitCheck, LimitStore } from "#functions/stores/limit-store";

/** The metric a function publishes when an account reaches its daily typed-number cap (an alarm watches it). */
export const DAILY_CAP_METRIC = "DailyCapReached";

/** The calls that reveal or write a person's data, each limited on its own. */
const LIMITED_ACTIONS = ["lookup", "checkin", "recheck"] as const;
export type LimitedAction = (typeof LIMITED_ACTIONS)[number];

/** Who is calling, as far as the limits care. */
export interface LimitedCaller {
  readonly user: string;
  readonly role: string;
  readonly facility: string | null;
}

/** Every number of the limits; access-settings.ts reads them from the function's settings. */
export interface AccessLimits {
  /** Calls per user in one minute, for staff at a counter. */
  readonly perUserPerMinute: Readonly<Record<LimitedAction, number>>;
  /** Calls per kiosk account in one minute: a patient at a screen is slower than any clerk. */
  readonly perKioskPerMinute: number;
  /** Calls of all users of one facility in one minute. */
  readonly perFacilityPerMinute: Readonly<Record<LimitedAction, number>>;
  /** Look-ups by a typed number (nothing scanned) per user in one Vietnamese day. */
  readonly typedLookupsPerUserPerDay: number;
  /** Check-ins by a typed number per staff user in one Vietnamese day. */
  readonly typedCheckinsPerUserPerDay: number;
  /** Check-ins by a typed number per kiosk account in one Vietnamese day. */
  readonly typedCheckinsPerKioskPerDay: number;
}

/**
 * A counter checks a patient every 15–30 s at best (2–4 a minute), and a morning's 300 patients
 * with 40 % typed is 120 typed numbers; a registry walk needs thousands. The daily typed-lookup
 * cap stops one account at 150, far below 500, and the minute limits keep a burst short.
 */
export const DEFAULT_ACCESS_LIMITS: AccessLimits = {
  perUserPerMinute: { lookup: 30, checkin: 60, recheck: 6 },
  perKioskPerMinute: 6,
  perFacilityPerMinute: { lookup: 300, checkin: 600, recheck: 30 },
  typedLookupsPerUserPerDay: 150,
  typedCheckinsPerUserPerDay: 400,
  typedCheckinsPerKioskPerDay: 100,
};

const MINUTE = 60;
const DAY = 86_400;

/**
 * The ID number a payload names, for the audit trail even when the call is refused before it is
 * parsed: a typed number, or the first field of an ID card's QR; null for an insurance card.
 */
export function idNumberIn(method: Method, payload: string): string | null {
  if (method === "bhyt-card") return null;
  const first = method === "manual-id" ? payload.replace(/[\s.\-–]/g, "") : (payload.split("|")[0] ?? "");
  return /^\d{12}$/.test(first.trim()) ? first.trim() : null;
}

/** Methods where nothing was scanned: a number someone typed (the ones a registry walk uses). */
export function isTyped(method: Method, payload: string): boolean {
  if (method === "manual-id") return true;
  // A BHYT card's QR ends in "$" and is "|"-separated; a typed card code is neither.
  return method === "bhyt-card" && !payload.includes("|");
}

/** The counters one call takes a use from: the caller's own first, then the facility's. */
export function limitChecksFor(
  limits: AccessLimits,
  action: LimitedAction,
  caller: LimitedCaller,
  typed: boolean,
): LimitCheck[] {
  const kiosk = caller.role === "kiosk";
  const own = `user#${caller.user}#${action}`;
  const checks: LimitCheck[] = [];
  if (typed && action !== "recheck") {
    const max =
      action === "lookup"
        ? limits.typedLookupsPerUserPerDay
        : kiosk
          ? limits.typedCheckinsPerKioskPerDay
          : limits.typedCheckinsPerUserPerDay;
    checks.push({ key: `${own}#typed`, limit: { max, windowSeconds: DAY } });
  }
  const perMinute = kiosk ? limits.perKioskPerMinute : limits.perUserPerMinute[action];
  checks.push({ key: own, limit: { max: perMinute, windowSeconds: MINUTE } });
  if (caller.facility !== null) {
    checks.push({
      key: `facility#${caller.facility}#${action}`,
      limit: { max: limits.perFacilityPerMinute[action], windowSeconds: MINUTE },
    });
  }
  return checks;
}

const dailyMessage = {
  vi: "Tài khoản đã đạt giới hạn tra cứu bằng số nhập tay trong ngày. Hãy quét thẻ, hoặc liên hệ quản trị viên.",
  en: "This account has reached its daily limit of look-ups by a typed number. Scan the card, or ask the administrator.",
};
const burstMessage = {
  vi: "Quá nhiều yêu cầu trong thời gian ngắn, vui lòng thử lại sau giây lát.",
  en: "Too many requests in a short time; please try again in a moment.",
};

/** Takes one use of each counter for this call, or throws 429 with how long to wait. */
export async function admitCall(
  deps: {
    readonly limiter: LimitStore;
    readonly limits: AccessLimits;
    readonly now: () => Date;
    /** Told when the daily typed-number cap refuses a call (the enumeration alarm's metric). */
    readonly onDailyCap?: () => void;
  },
  action: LimitedAction,
  caller: LimitedCaller,
  typed: boolean,
): Promise<void> {
  const admission = await deps.limiter.take(limitChecksFor(deps.limits, action, caller, typed), deps.now());
  if (admission.ok) return;
  const daily = admission.key.endsWith("#typed");
  if (daily) deps.onDailyCap?.();
  throw new RateLimitError(admission.retryAfterSeconds, daily ? dailyMessage : burstMessage);
}
