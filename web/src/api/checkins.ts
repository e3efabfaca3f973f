/** The check-in calls of the reception and kiosk pages. */
import type { ReaderReport } from "#domain/reader-health";
import type { Channel, Method } from "#domain/types";
import { requestJson } from "./client.ts";
import {
  type CheckinAnswerView,
  type CheckinList,
  checkinAnswerSchema,
  checkinListSchema,
  type KioskCheckinAnswer,
  kioskCheckinAnswerSchema,
  type RecheckSummary,
  recheckSummarySchema,
} from "./schemas.ts";

export interface CheckinInput {
  readonly method: Method;
  readonly payload: string;
  readonly channel: Channel;
  /** The page's reader counts since its previous check-in (counts only, nothing personal). */
  readonly reader?: ReaderReport;
  /** The exam room the patient is sent to; the facility's default without it. */
  readonly room?: string;
}

/**
 * Checks a patient in. One Idempotency-Key per scan, reused on every retry of that scan, so a
 * retry after a lost answer returns the first check-in instead of counting the patient twice.
 */
export function postCheckin(
  token: string,
  input: CheckinInput,
  idempotencyKey: string,
): Promise<CheckinAnswerView> {
  return requestJson(
    {
      method: "POST",
      path: "/api/checkins",
      token,
      body: input,
      headers: { "idempotency-key": idempotencyKey },
      retries: 2,
      // A connection that hangs sends the patient to the outbox instead of keeping them waiting.
      timeoutMs: 8_000,
    },
    checkinAnswerSchema,
  );
}

/** Checks a patient in at a kiosk: the answer carries only what the patient needs (no ID number, no card). */
export function postKioskCheckin(
  token: string,
  input: CheckinInput,
  idempotencyKey: string,
): Promise<KioskCheckinAnswer> {
  return requestJson(
    {
      method: "POST",
      path: "/api/checkins",
      token,
      body: input,
      headers: { "idempotency-key": idempotencyKey },
      retries: 2,
      timeoutMs: 8_000,
    },
    kioskCheckinAnswerSchema,
  );
}

/** A page of today's check-ins of the signed-in facility, newest first. */
export function getTodayCheckins(token: string, cursor: string | null = null): Promise<CheckinList> {
  const query = new URLSearchParams({ date: "today", limit: "100" });
  if (cursor !== null) query.set("cursor", cursor);
  return requestJson(
    { method: "GET", path: `/api/checkins?${query.toString()}`, token, retries: 1 },
    checkinListSchema,
  );
}

/** Asks the gateway again now for the facility's pending check-ins. */
export function postRecheck(token: string): Promise<RecheckSummary> {
  return requestJson({ method: "POST", path: "/api/checkins/recheck", token }, recheckSummarySchema);
}

/** A fresh key per scan. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
