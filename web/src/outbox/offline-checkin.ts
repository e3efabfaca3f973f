/**
 * A check-in while the clinic is offline: written to the outbox before anything is shown, then
 * shown as a ticket with the device's offline number and "insurance checked later".
 */
import { parsePayload } from "#domain/payload";
import { vnDay } from "#domain/vn-time";
import type { CheckinAnswerView } from "#web/api/schemas";
import { minimalRequest } from "./minimal-body.ts";
import type { OutboxItem, RequestToKeep } from "./outbox-records.ts";
import type { OutboxSync } from "./outbox-sync.ts";
import { samePersonWithin } from "./person-tag.ts";

export interface OfflineResult {
  readonly answer: CheckinAnswerView;
  readonly item: OutboxItem;
}

/** The answer the page shows for an outbox item until the server's own arrives. */
export function localAnswer(
  item: OutboxItem,
  facilityName: string | null,
  duplicate: boolean,
): CheckinAnswerView {
  const parsed =
    item.request === null ? null : parsePayload(item.request.method, item.request.payload, item.day);
  const identity = parsed?.ok === true ? parsed.value.identity : null;
  return {
    checkinId: item.key,
    facility: item.facility,
    method: item.request?.method ?? "manual-id",
    queueNumber: item.offlineQueue?.number ?? 0,
    queueSeries: item.offlineQueue?.series ?? null,
    duplicate,
    status: "pending",
    checkedInAt: item.scannedAt,
    scannedAt: item.scannedAt,
    timeFlag: null,
    patient: {
      idNumber: identity?.idNumber ?? null,
      name: identity === null || identity.nameGarbled ? null : identity.name,
      birthDate: identity?.birthDate ?? null,
      sex: identity?.sex ?? null,
    },
    insurance: null,
    // The room's number is given when the outbox delivers the visit.
    roomTicket: null,
    facilityName,
  };
}

/**
 * Writes the check-in to the outbox (the same person within the duplicate window gets their
 * first ticket back instead) and answers what to show and print.
 */
export async function checkInOffline(
  sync: OutboxSync,
  input: {
    request: RequestToKeep;
    key: string;
    scannedAt: Date;
    facilityName: string | null;
    /** Whether an attempt may have reached the server: then the payload is kept exactly as sent. */
    sentBefore: boolean;
  },
): Promise<OfflineResult> {
  const day = vnDay(input.scannedAt);
  const tag = await sync.personTag(input.request.method, input.request.payload, day);
  const earlier = samePersonWithin(sync.current().items, tag, input.scannedAt);
  if (earlier !== null) return { answer: localAnswer(earlier, input.facilityName, true), item: earlier };
  const item = await sync.record({
    key: input.key,
    request: input.sentBefore ? input.request : minimalRequest(input.request, day),
    scannedAt: input.scannedAt,
    personTag: tag,
  });
  return { answer: localAnswer(item, input.facilityName, false), item };
}
