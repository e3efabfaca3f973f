/**
 * The gateway accounts the stand-in knows: one per facility (`<maCSKCB>_BV`, as BHXH issues
 * them), each with its password, the clerks registered for it and the signing certificate the
 * facility registered for XML0. Passwords are compared as the real gateway does: by MD5 digest,
 * in either case.
 */
import { createHash, timingSafeEqual } from "node:crypto";

interface FacilityClerk {
  readonly name: string;
  /** 12-digit ID number. */
  readonly id: string;
}

export interface FacilityAccount {
  /**
   * The facility the account belongs to; null for the install's own account, which the mock
   * accepts for every facility, as its card check does.
   */
  readonly facilityCode: string | null;
  readonly username: string;
  readonly password: string;
  readonly clerks: readonly FacilityClerk[];
  /** PEM of the certificate XML0s must be signed with; null when none is registered. */
  readonly certificatePem: string | null;
  /** A locked account takes no tokens and its calls are refused. */
  readonly locked?: boolean;
}

function md5Hex(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}

/** The account password's MD5 digest, upper-case hex. */
export function accountDigest(account: FacilityAccount): string {
  return md5Hex(account.password).toUpperCase();
}

/** True when `digest` is the MD5 of the account's password, upper- or lower-case hex. */
function digestMatches(account: FacilityAccount, digest: string): boolean {
  const expected = Buffer.from(md5Hex(account.password));
  const given = Buffer.from(digest.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The account with this username whose password has this digest, or null. */
export function findAccount(
  accounts: readonly FacilityAccount[],
  username: string,
  digest: string,
): FacilityAccount | null {
  return accounts.find((account) => account.username === username && digestMatches(account, digest)) ?? null;
}
