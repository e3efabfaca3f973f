/**
 * What the gateway stand-in keeps for a local run to read back and steer: which accounts are
 * locked (as BHXH locks one after wrong passwords) and who asked each card check (the account and
 * the clerk), as BHXH records them. Local runs only: the routes that expose it exist only with
 * fault control on.
 */
import * as z from "zod";

/** One card check as the stand-in recorded who asked it; no patient data. */
interface AskedCheck {
  readonly username: string;
  readonly hoTenCb: string;
  readonly cccdCb: string;
}

/** PUT …/_accounts: lock or unlock one account. */
export const accountLockSchema = z.strictObject({ username: z.string().min(1), locked: z.boolean() });

/** The card checks kept at most, oldest dropped first. */
const KEPT_CHECKS = 2_000;

export interface GatewayLedger {
  isLocked(username: string): boolean;
  setLocked(username: string, locked: boolean): readonly string[];
  noteCheck(check: AskedCheck): void;
  checks(): readonly AskedCheck[];
}

/** Builds an empty ledger: no account locked, no check recorded. */
export function makeGatewayLedger(): GatewayLedger {
  const locked = new Set<string>();
  const asked: AskedCheck[] = [];
  return {
    isLocked: (username) => locked.has(username),
    setLocked(username, on) {
      if (on) locked.add(username);
      else locked.delete(username);
      return [...locked].sort();
    },
    noteCheck(check) {
      asked.push(check);
      if (asked.length > KEPT_CHECKS) asked.shift();
    },
    checks: () => [...asked],
  };
}
