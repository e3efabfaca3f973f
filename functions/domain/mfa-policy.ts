/** Who must sign in with a second factor: the accounts that reach many facilities' data or staff. */
import type { Role } from "./roles.ts";

/** The roles whose accounts must use a TOTP code; every other account may choose to. */
export const MFA_REQUIRED_ROLES: readonly Role[] = ["admin", "health-dept"];

/** Whether an account in these groups must use a TOTP code at every sign-in. */
export function mustUseMfa(groups: readonly string[]): boolean {
  return groups.some((group) => MFA_REQUIRED_ROLES.some((role) => role === group));
}
