/**
 * Items the server refused ("needs attention") are kept only as long as a person could still act
 * on them: a receptionist may discard one with a reason at any time, and any left are dropped
 * after ATTENTION_KEEP_DAYS. A discard is reported to the server's audit trail when it can be.
 */
import * as z from "zod";
import { DISCARD_REASONS, type DiscardReason, NOTICE_EVENTS } from "#domain/outbox-notice";

/** Seven days: a clinic that is closed for a long weekend still sees the item on its next day. */
export const ATTENTION_KEEP_DAYS = 7;
const DAY_MS = 86_400_000;

/** The reasons a receptionist may pick, in both languages. */
export const DISCARD_TEXTS: Record<DiscardReason, { vi: string; en: string }> = {
  "entered-again": { vi: "Đã tiếp đón lại bằng cách khác", en: "Checked in again another way" },
  "patient-left": { vi: "Người bệnh đã về", en: "The patient left" },
  "wrong-person": { vi: "Quét nhầm người", en: "Scanned the wrong person" },
  tampered: { vi: "Dữ liệu bị sửa đổi, không gửi", en: "The data was altered; not sent" },
};

/**
 * A notice waiting to be reported: no person in it, only which item, what happened, why and when.
 * Kept in the outbox's meta store under `notice#<item key>` until the server has it.
 */
export const outboxNoticeSchema = z.object({
  name: z.string(),
  itemKey: z.string(),
  facility: z.string(),
  event: z.enum(NOTICE_EVENTS),
  reason: z.enum(DISCARD_REASONS).nullable(),
  at: z.number(),
});
export type OutboxNotice = z.infer<typeof outboxNoticeSchema>;

/** The meta record name of an item's notice. */
export const noticeName = (itemKey: string) => `notice#${itemKey}`;

/** When an item that needs attention is dropped, from when it first needed attention. */
function attentionExpiresAt(since: number): number {
  return since + ATTENTION_KEEP_DAYS * DAY_MS;
}

/** The items due to be dropped now: needing attention for longer than the stated time. */
export function expiredAttention<
  T extends { readonly key: string; readonly state: string; readonly attentionSince: number | null },
>(items: readonly T[], now: number): T[] {
  return items.filter(
    (item) =>
      item.state === "attention" &&
      item.attentionSince !== null &&
      attentionExpiresAt(item.attentionSince) <= now,
  );
}
