/**
 * `POST /api/outbox/notices`: a reception device reports what became of an offline check-in that
 * never reached the server (discarded by a receptionist, found altered, or dropped when its time
 * ran out), so the audit trail holds it. No person is named: only the item's key, what and why.
 */
import * as z from "zod";
import { IDEMPOTENCY_KEY_PATTERN } from "./contract.ts";

/** Why a receptionist discarded an item, chosen from a short list (free text would invite personal data). */
export const DISCARD_REASONS = ["entered-again", "patient-left", "wrong-person", "tampered"] as const;
export type DiscardReason = (typeof DISCARD_REASONS)[number];

/** What happened to the item. */
export const NOTICE_EVENTS = ["discarded", "tampered", "expired"] as const;

export const outboxNoticeRequestSchema = z
  .object({
    /** The item's Idempotency-Key: the same key its check-in would have carried. */
    itemKey: z.string().regex(IDEMPOTENCY_KEY_PATTERN),
    event: z.enum(NOTICE_EVENTS),
    reason: z.enum(DISCARD_REASONS).nullable(),
    /** When it happened on the device (ms since the epoch). */
    at: z.number().int().nonnegative(),
  })
  .strict();
export type OutboxNoticeRequest = z.infer<typeof outboxNoticeRequestSchema>;

export const outboxNoticeAnswerSchema = z.object({ recorded: z.literal(true) });
