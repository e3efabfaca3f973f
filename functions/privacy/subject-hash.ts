import { createHmac } from "node:crypto";

/** The smallest per-deployment key accepted: 256 bits, so the 10¹² ID numbers cannot be walked offline. */
export const MIN_SUBJECT_KEY_BYTES = 32;

/**
 * A keyed hash of a person's ID number, the only form in which the audit trail and the stored
 * keys name a person. Without the deployment's key the hash cannot be tested against guesses.
 */
export type SubjectHasher = (idNumber: string) => string;

/** The hasher of one deployment's key (HMAC-SHA-256, base64url, 43 characters). */
export function makeSubjectHasher(key: Uint8Array): SubjectHasher {
  if (key.byteLength < MIN_SUBJECT_KEY_BYTES)
    throw new Error(`The subject key must hold at least ${MIN_SUBJECT_KEY_BYTES} bytes`);
  const copy = Buffer.from(key);
  return (idNumber) => createHmac("sha256", copy).update(`subject\n${idNumber}`).digest("base64url");
}
