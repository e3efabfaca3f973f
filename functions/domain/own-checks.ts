import type { Insurance } from "./contract.ts";

/**
 * The gateway's account names start with the facility's code (`01001`, `01001_bv`); an account
 * of another facility tells where else the person was seen, which this facility need not keep.
 */
function isOwnAccount(by: string, facility: string): boolean {
  const code = facility.replace(/[\s-]/g, "");
  return by === code || by.startsWith(`${code}_`);
}

/**
 * The insurance as it is stored and answered: the last card check keeps its time and result but
 * names no other facility (`by` becomes null when another facility's account made it).
 */
export function keepOwnChecks(insurance: Insurance, facility: string): Insurance {
  const last = insurance.lastCheck;
  if (last === null || last.by === null || isOwnAccount(last.by, facility)) return insurance;
  return { ...insurance, lastCheck: { ...last, by: null } };
}
