/**
 * Items the server refused ("needs attention") are kept only as long as a person could still act
 * on them: a receptionist may discard one with a reason at any time, and any left are dropped
 * after ATTENTION_KEEP_DAYS. A discard is reported to the server's audit trail when it can be.
 */
import * as z from "zod";

/** Seven days: a clinic that is closed for a long weekend still sees the item on its next day. */
export const ATTENTION_KEEP_DAYS = 7;
const DAY_MS = 86_400_000;

/** Why a receptionist discarded an item, chosen from a short list (free text would invite personal data). */
const DISCARD_REASONS = ["entered-again", "patient-left", "wrong-person", "tampered"] as const;
type DiscardReason = (typeof DISCARD_REASONS)[number];

const DISCARD_TEXTS: Record<DiscardReason, { vi: string; en: string }> = {
  "entered-again": { vi: "Đã tiếp đón lại bằng cách khác", en: "Checked in again another way" },
  "patient-left": { vi: "Người bệnh đã về", en: "The patient left" },
  "wrong-person": { vi: "Quét nhầm người", en: "Scanned the wrong person" },
  tampered: { vi: "Dữ liệu bị sửa đổi, không gửi", en: "The data was altered; not sent" },
};

/** A discard waiting to be reported: no person in it, only which item, why and when. */
const discardNoticeSchema = z.object({
  itemKey: z.string(),
  facility: z.string(),
  reason: z.enum(DISCARD_REASONS),
  at: z.number(),
});
type DiscardNotice = z.infer<typeof discardNoticeSchema>;

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
