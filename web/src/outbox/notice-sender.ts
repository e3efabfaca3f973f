/** Reports the outbox's notices (discarded, altered, expired items) to the server's audit trail. */
import type { OutboxNoticeRequest } from "#domain/outbox-notice";
import type { OutboxNotice } from "#web/outbox-seal/attention";
import { dropNotice, noticesOf } from "./attention-items.ts";
import type { OutboxDb } from "./outbox-db.ts";

const NOTICE_TIMEOUT_MS = 15_000;

/** What one report came to: recorded (or refused for good: never asked again), or to be tried later. */
async function report(notice: OutboxNotice, token: string): Promise<"done" | "later"> {
  const body: OutboxNoticeRequest = {
    itemKey: notice.itemKey,
    event: notice.event,
    reason: notice.reason,
    at: notice.at,
  };
  try {
    const response = await fetch("/api/outbox/notices", {
      method: "POST",
      headers: {
        accept: "application/json",
        "content-type": "application/json",
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(NOTICE_TIMEOUT_MS),
    });
    const retryable = response.status === 401 || response.status === 429 || response.status >= 500;
    return response.ok || !retryable ? "done" : "later";
  } catch {
    return "later";
  }
}

/** Sends the facility's notices in turn; stops at the first that must wait (network, sign-in, limits). */
export async function reportNotices(db: OutboxDb, facility: string, token: string | null): Promise<void> {
  if (token === null) return;
  for (const notice of await noticesOf(db, facility)) {
    if ((await report(notice, token)) === "later") return;
    await dropNotice(db, notice);
  }
}
