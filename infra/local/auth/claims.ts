import { CLAIMS } from "#functions/http/auth";
import type { Account } from "./account-store.ts";

/** The ID token's claims as Cognito writes them, so the functions read both the same way. */
export function idTokenClaims(account: Account): Record<string, unknown> {
  return {
    sub: account.sub,
    "cognito:username": account.username,
    [CLAIMS.groups]: account.groups,
    ...(account.facility === undefined ? {} : { [CLAIMS.facility]: account.facility }),
    ...(account.province === undefined ? {} : { [CLAIMS.province]: account.province }),
    ...(account.name === undefined ? {} : { [CLAIMS.name]: account.name }),
    ...(account.idNumber === undefined ? {} : { [CLAIMS.idNumber]: account.idNumber }),
    [CLAIMS.tokenUse]: "id",
  };
}

/** The claim names the provider may put in an ID token (all of them, under the openid scope). */
export const ID_TOKEN_CLAIM_NAMES = [
  "sub",
  "cognito:username",
  CLAIMS.groups,
  CLAIMS.facility,
  CLAIMS.province,
  CLAIMS.name,
  CLAIMS.idNumber,
  CLAIMS.tokenUse,
];
