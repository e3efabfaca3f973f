/**
 * The gateway accounts the stand-in issues the demo facilities, one per facility as BHXH issues
 * them (`<maCSKCB>_BV`). The passwords exist only for the stand-in and the local demo seed, which
 * stores each sealed with the install's key; they are not secrets.
 */
import type { GatewayAccount } from "#functions/config/gateway-account";
import { generateFacilities } from "./population.ts";

/** How many demo facilities there are (the local seed's and the stand-in's). */
const DEMO_FACILITY_COUNT = 120;

/** The account the stand-in knows for the demo facility `code`. */
export function demoFacilityAccount(code: string): GatewayAccount {
  return { username: `${code}_BV`, password: `demo-gateway-${code}` };
}

/** The accounts of every demo facility. */
export function demoFacilityAccounts(): GatewayAccount[] {
  return generateFacilities(DEMO_FACILITY_COUNT).map((facility) => demoFacilityAccount(facility.code));
}
