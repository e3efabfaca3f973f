import type { OutboxNoticeRequest } from "#domain/outbox-notice";
import type { AccessEvent } from "./audit-trail.ts";

/** The audit line of a device's outbox notice: which item, what became of it and why; no person. */
export function outboxNoticeEvent(notice: OutboxNoticeRequest): AccessEvent {
  const why = notice.reason === null ? "" : ` (${notice.reason})`;
  return {
    action: "outbox-discard",
    idNumber: null,
    outcome: "ok",
    target: `outbox item ${notice.itemKey} ${notice.event}${why}`,
  };
}
