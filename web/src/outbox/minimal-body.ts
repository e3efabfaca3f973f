/**
 * What the outbox keeps of a scanned card: the fields the server reads (ID number, name, birth
 * date, sex, issue date) rather than the whole QR text; the address, the old ID number and any
 * later fields are left out. Only for a scan that has never reached the server: a retry must
 * carry the very payload the first attempt did, or the server would take the key as reused.
 */
import { formatCccdQr } from "#domain/cccd-qr";
import { parsePayload } from "#domain/payload";
import type { RequestToKeep } from "./outbox-records.ts";

/** The request with its card QR cut down to the fields the server needs; anything else as it came. */
export function minimalRequest<T extends RequestToKeep>(request: T, day: string): T {
  if (request.method !== "qr-cccd" && request.method !== "qr-vneid") return request;
  const parsed = parsePayload(request.method, request.payload, day);
  const card = parsed.ok ? parsed.value.card : null;
  // A name the scanner garbled is kept as read: the server must see the same damage.
  if (card === null || card.name === null || card.nameGarbled) return request;
  const payload = formatCccdQr({
    idNumber: card.idNumber,
    oldIdNumber: null,
    name: card.name,
    birthDate: card.birthDate,
    sex: card.sex,
    address: "",
    issueDate: card.issueDate,
  });
  return { ...request, payload };
}
