/** What to do with a decoded or wedge-typed text, decided by the shared parser before anything is sent. */
import type { Bilingual } from "#domain/errors";
import { classifyScan, parsePayload } from "#domain/payload";
import type { Method } from "#domain/types";

export type ScanDecision =
  /** A valid ID card QR: check the patient in. */
  | { readonly kind: "send"; readonly method: Method; readonly payload: string }
  /** A valid insurance card QR or code: the clerk may send it as a BHYT card check-in. */
  | { readonly kind: "bhyt"; readonly payload: string; readonly messages: Bilingual }
  /** Some other code, or a damaged one: explain, send nothing. */
  | { readonly kind: "refuse"; readonly code: string; readonly messages: Bilingual };

/** Decides from the text alone; `today` is the Vietnamese day (YYYY-MM-DD) for the date checks. */
export function decideScan(text: string, today: string): ScanDecision {
  const kind = classifyScan(text);
  if (kind === "bhyt") {
    const asCard = parsePayload("bhyt-card", text, today);
    const hint = parsePayload("qr-cccd", text, today);
    if (asCard.ok && !hint.ok) return { kind: "bhyt", payload: text, messages: hint.error.messages };
    if (!asCard.ok) return { kind: "refuse", code: asCard.error.code, messages: asCard.error.messages };
  }
  const parsed = parsePayload("qr-cccd", text, today);
  if (parsed.ok) return { kind: "send", method: "qr-cccd", payload: text };
  return { kind: "refuse", code: parsed.error.code, messages: parsed.error.messages };
}
