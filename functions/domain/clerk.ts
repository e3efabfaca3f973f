/**
 * Who the gateway is told checks a card (hoTenCb, cccdCb): BHXH records the clerk of every check,
 * so a receptionist checks under their own full name and ID number (the sign-in claims `name` and
 * `custom:cccd`), and a kiosk under the clerk its facility names for kiosks. Without them no card
 * is checked, and the person is told why.
 */
import { type Bilingual, ERROR_CODE, ForbiddenError } from "./errors.ts";
import { checkIdNumber } from "./id-number.ts";

/** The clerk a card check is made by. */
export interface Clerk {
  readonly name: string;
  /** 12-digit ID number. */
  readonly id: string;
}

/** The claims of a signed-in person that name them. */
export interface ClerkClaims {
  readonly name?: string | undefined;
  readonly "custom:cccd"?: string | undefined;
}

const CLERK_MESSAGES = {
  CLERK_IDENTITY_MISSING: {
    vi: "Tài khoản của bạn chưa có họ tên và số định danh (12 số) để tra cứu thẻ trên cổng BHXH. Hãy nhờ quản trị viên bổ sung.",
    en: "Your account lacks the full name and 12-digit ID number the insurance gateway records for each card check. Ask the administrator to add them.",
  },
  KIOSK_CLERK_MISSING: {
    vi: "Ki-ốt chưa tra cứu được thẻ vì cơ sở chưa chỉ định cán bộ đứng tên tra cứu. Mời ông/bà đến quầy tiếp đón; quản trị viên cần khai báo cán bộ này.",
    en: "The kiosk cannot check cards: the facility has not named the clerk it checks under. Please go to the reception desk; the administrator needs to name one.",
  },
} as const satisfies Record<string, Bilingual>;

/** Refusal to check cards without a clerk the gateway can record. */
class ClerkError extends ForbiddenError {
  constructor(code: keyof typeof CLERK_MESSAGES) {
    super(code, CLERK_MESSAGES[code]);
  }
}

function asClerk(name: string | undefined, id: string | undefined): Clerk | null {
  const trimmed = name?.normalize("NFC").trim() ?? "";
  const number = id?.trim() ?? "";
  return trimmed.length > 0 && /^\d{12}$/.test(number) && checkIdNumber(number) === null
    ? { name: trimmed, id: number }
    : null;
}

/** The clerk of a receptionist's card check, from their sign-in claims; throws ClerkError without them. */
export function receptionistClerk(claims: ClerkClaims): Clerk {
  const clerk = asClerk(claims.name, claims["custom:cccd"]);
  if (clerk === null) throw new ClerkError(ERROR_CODE.CLERK_IDENTITY_MISSING);
  return clerk;
}

/** The clerk a kiosk checks under: the one its facility names; throws ClerkError when there is none. */
export function kioskClerk(facilityKioskClerk: Clerk | null): Clerk {
  const clerk = facilityKioskClerk === null ? null : asClerk(facilityKioskClerk.name, facilityKioskClerk.id);
  if (clerk === null) throw new ClerkError(ERROR_CODE.KIOSK_CLERK_MISSING);
  return clerk;
}

/** True when `error` is the refusal of a check because the facility names no kiosk clerk. */
export function isKioskClerkMissing(error: unknown): boolean {
  return error instanceof ClerkError && error.code === ERROR_CODE.KIOSK_CLERK_MISSING;
}
