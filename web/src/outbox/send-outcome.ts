/**
 * What a delivery attempt of an outbox item means. Delivered (2xx, a duplicate included) is done;
 * a refusal of the content (4xx) needs a person and is kept; a fault of the network or the
 * server (5xx, 408, 429, a write race) is retried later with the same Idempotency-Key; 401 needs
 * a fresh sign-in, after which the same item is sent again.
 */
import { ERROR_CODE } from "#domain/errors";

export type SendOutcome =
  | { readonly kind: "done" }
  | { readonly kind: "attention" }
  | { readonly kind: "retry"; readonly retryAfterMs: number | null }
  | { readonly kind: "unauthorized" };

/** Codes of a 409 that a later attempt can get past: another request wrote the same visit at that moment. */
const RETRYABLE_CONFLICTS: ReadonlySet<string> = new Set([ERROR_CODE.CHECKIN_CONFLICT]);

/** Classifies an answer; status 0 is a network failure or a timeout (no answer at all). */
export function outcomeOf(
  status: number,
  code: string | null,
  retryAfterSeconds: number | null,
): SendOutcome {
  const retryAfterMs = retryAfterSeconds === null ? null : retryAfterSeconds * 1000;
  if (status >= 200 && status < 300) return { kind: "done" };
  if (status === 401) return { kind: "unauthorized" };
  if (status === 0 || status >= 500 || status === 408 || status === 429)
    return { kind: "retry", retryAfterMs };
  if (status === 409 && code !== null && RETRYABLE_CONFLICTS.has(code))
    return { kind: "retry", retryAfterMs };
  return { kind: "attention" };
}

/** First wait after a failed attempt, and the longest wait between attempts. */
const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 60_000;

/**
 * The wait before attempt `attempt + 1` after `attempt` failures: doubling from 1 s up to a
 * minute, ±20 % so that the devices of a clinic do not all come back at once, and never shorter
 * than the server's Retry-After.
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | null, random: () => number): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  const spread = base * (0.8 + 0.4 * random());
  return Math.round(Math.max(spread, retryAfterMs ?? 0));
}

/** Reads a Retry-After header given in seconds; null when absent or not a number. */
export function retryAfterSecondsOf(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}
