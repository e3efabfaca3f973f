import type { Identity } from "./types.ts";

/**
 * The person a visit belongs to: the ID number, else the lifelong social-insurance number (the
 * last 10 characters of the BHYT card code). Two check-ins of one person at one facility within
 * the duplicate window are one visit, on the server and in a page that is offline.
 */
export function personKeyOf(identity: Identity): string | null {
  if (identity.idNumber !== null) return `ID#${identity.idNumber}`;
  if (identity.cardCode !== null) return `BHXH#${identity.cardCode.slice(-10)}`;
  return null;
}
