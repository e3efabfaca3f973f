/** Shared vocabulary of the check-in contract (docs/openapi.json), used by web/ and functions/; its answers are in contract.ts. */

/** How the patient was identified. */
export const METHODS = ["qr-cccd", "qr-vneid", "manual-id", "bhyt-card"] as const;
export type Method = (typeof METHODS)[number];

/** Methods that count as a QR check-in for the scan rate. */
export const QR_METHODS: readonly Method[] = ["qr-cccd", "qr-vneid"];

/** Coverage decision shown to the receptionist. */
export const STATUSES = ["covered", "not-covered", "needs-review", "pending"] as const;
export type Status = (typeof STATUSES)[number];

/**
 * Why a check-in is pending when a person, not the gateway, must act first: the facility has no
 * gateway account of its own, so nothing was asked and re-asking cannot help until one is entered.
 */
export const PENDING_CAUSES = ["gateway-account-missing"] as const;
export type PendingCause = (typeof PENDING_CAUSES)[number];

/** Where the input came from at the counter. */
export const CHANNELS = ["camera", "scanner", "typed", "kiosk", "photo"] as const;
export type Channel = (typeof CHANNELS)[number];

export type Sex = "male" | "female";

/** What a payload tells about the person before the gateway is asked. */
export interface Identity {
  /** 12-digit ID number, when the payload carries one. */
  readonly idNumber: string | null;
  /** 15-character BHYT card code or 10-digit social-insurance number, when the payload carries one. */
  readonly cardCode: string | null;
  /** NFC full name as read, or null when absent or garbled (the registry then supplies it). */
  readonly name: string | null;
  /** True when the payload carried a name that is not trustworthy (wedge-scanner damage). */
  readonly nameGarbled: boolean;
  /** ISO date YYYY-MM-DD, or null when the payload carries none (typed ID). */
  readonly birthDate: string | null;
  readonly sex: Sex | null;
}
