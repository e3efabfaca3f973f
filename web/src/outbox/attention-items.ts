/**
 * Items that will not be sent: found altered (refused, never sent), discarded by a receptionist
 * with a reason, or needing attention for longer than ATTENTION_KEEP_DAYS (dropped). Each leaves
 * a notice, with no person in it, that the delivery loop reports to the server's audit trail.
 */
import type { DiscardReason, NOTICE_EVENTS } from "#domain/outbox-notice";
import {
  expiredAttention,
  noticeName,
  type OutboxNotice,
  outboxNoticeSchema,
} from "#web/outbox-seal/attention";
import type { OutboxDb } from "./outbox-db.ts";
import { type StoredItem, storedItemSchema } from "./outbox-records.ts";

type NoticeEvent = (typeof NOTICE_EVENTS)[number];

const noticeOf = (
  item: { key: string; facility: string },
  event: NoticeEvent,
  reason: DiscardReason | null,
  at: number,
): OutboxNotice => ({
  name: noticeName(item.key),
  itemKey: item.key,
  facility: item.facility,
  event,
  reason,
  at,
});

/** The problem an altered item shows, in both languages. */
const TAMPERED_PROBLEM = {
  status: 0,
  code: "OUTBOX_ITEM_TAMPERED",
  vi: "Dữ liệu lượt này trên máy đã bị sửa đổi hoặc không mở được: không gửi. Hãy tiếp đón lại người bệnh.",
  en: "This visit's data on this computer was altered or cannot be opened: not sent. Check the patient in again.",
} as const;

/** Takes an altered waiting item out of the line (needs attention, never sent) and notes it for the server. */
export async function refuseTampered(db: OutboxDb, key: string, at: number): Promise<void> {
  const tx = db.transaction(["items", "meta"], "readwrite", { durability: "strict" });
  const parsed = storedItemSchema.safeParse(await tx.objectStore("items").get(key));
  if (parsed.success && parsed.data.state === "waiting") {
    const item: StoredItem = {
      ...parsed.data,
      state: "attention",
      problem: { ...TAMPERED_PROBLEM },
      attentionSince: at,
    };
    await tx.objectStore("items").put(item);
    await tx.objectStore("meta").put(noticeOf(item, "tampered", null, at));
  }
  await tx.done;
}

/** Removes an item that needs attention, with the receptionist's reason, and notes it for the server. */
export async function discardItem(
  db: OutboxDb,
  key: string,
  reason: DiscardReason,
  at: number,
): Promise<void> {
  const tx = db.transaction(["items", "meta"], "readwrite", { durability: "strict" });
  const parsed = storedItemSchema.safeParse(await tx.objectStore("items").get(key));
  if (parsed.success && parsed.data.state === "attention") {
    await tx.objectStore("items").delete(key);
    await tx.objectStore("meta").put(noticeOf(parsed.data, "discarded", reason, at));
  }
  await tx.done;
}

/** Drops the facility's items that have needed attention for longer than the stated time. */
export async function dropExpiredAttention(db: OutboxDb, facility: string, now: number): Promise<void> {
  const tx = db.transaction(["items", "meta"], "readwrite", { durability: "strict" });
  const items = (await tx.objectStore("items").getAll()).flatMap((value) => {
    const parsed = storedItemSchema.safeParse(value);
    return parsed.success && parsed.data.facility === facility ? [parsed.data] : [];
  });
  for (const item of expiredAttention(items, now)) {
    await tx.objectStore("items").delete(item.key);
    await tx.objectStore("meta").put(noticeOf(item, "expired", null, now));
  }
  await tx.done;
}

/** The facility's notices not yet reported. */
export async function noticesOf(db: OutboxDb, facility: string): Promise<OutboxNotice[]> {
  return (await db.getAll("meta")).flatMap((value) => {
    const parsed = outboxNoticeSchema.safeParse(value);
    return parsed.success && parsed.data.facility === facility ? [parsed.data] : [];
  });
}

/** Forgets a notice the server has recorded. */
export async function dropNotice(db: OutboxDb, notice: OutboxNotice): Promise<void> {
  await db.delete("meta", notice.name);
}
