/**
 * The same person scanned twice while offline is one visit, as on the server; the outbox keeps
 * only a keyed HMAC of who (under the facility's non-extractable tag key), never the ID itself.
 */
import { parsePayload } from "#domain/payload";
import { personKeyOf } from "#domain/person-key";
import type { Method } from "#domain/types";
import { type FacilityKeys, personTagWith } from "#web/outbox-seal/seal-crypto";
import type { OutboxItem } from "./outbox-records.ts";

/** The server's duplicate window (DUPLICATE_WINDOW_MINUTES): one person at one facility within it is one visit. */
const DUPLICATE_WINDOW_MS = 10 * 60_000;

/** The keyed tag of the person the payload names (their ID or insurance number, else the payload itself). */
export async function personTagOf(
  keys: FacilityKeys,
  method: Method,
  payload: string,
  day: string,
): Promise<string> {
  const parsed = parsePayload(method, payload, day);
  const key = parsed.ok ? personKeyOf(parsed.value.identity) : null;
  return personTagWith(keys, key ?? `PAYLOAD#${method}\n${payload}`);
}

/** An outbox item of the same person scanned within the duplicate window of `at`, if any. */
export function samePersonWithin(items: readonly OutboxItem[], tag: string, at: Date): OutboxItem | null {
  for (const item of items) {
    if (item.personTag !== tag) continue;
    if (Math.abs(Date.parse(item.scannedAt) - at.getTime()) < DUPLICATE_WINDOW_MS) return item;
  }
  return null;
}
