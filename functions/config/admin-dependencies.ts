import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import * as z from "zod";
import type { AccountAdminDeps } from "#functions/admin/account-admin";
import { makeCognitoDirectory } from "#functions/admin/cognito-directory";
import { newOneTimePassword } from "#functions/admin/one-time-password";
import { makeTableDirectory } from "#functions/admin/table-directory";
import { makeAdminFacilityStore } from "#functions/stores/admin-facility-store";
import { dynamoClients } from "./aws-clients.ts";
import { once, readConfig } from "./env.ts";

/** The admin function's settings: the facilities table, and the user pool (AWS) or the accounts table (local). */
const adminSettingsSchema = z
  .object({
    FACILITIES_TABLE: z.string().min(1),
    USER_POOL_ID: z.string().min(1).optional(),
    ACCOUNTS_TABLE: z.string().min(1).optional(),
  })
  .refine((s) => (s.USER_POOL_ID === undefined) !== (s.ACCOUNTS_TABLE === undefined), {
    message: "exactly one of USER_POOL_ID or ACCOUNTS_TABLE",
    path: ["USER_POOL_ID"],
  });

/** The facilities and accounts the admin function works on, built once per container. */
export const adminDeps = once((): AccountAdminDeps => {
  const settings = readConfig(adminSettingsSchema);
  const { doc } = dynamoClients();
  const directory =
    settings.USER_POOL_ID === undefined
      ? makeTableDirectory(doc, settings.ACCOUNTS_TABLE ?? "")
      : makeCognitoDirectory(new CognitoIdentityProviderClient({}), settings.USER_POOL_ID);
  return {
    directory,
    facilities: makeAdminFacilityStore(doc, settings.FACILITIES_TABLE),
    newPassword: newOneTimePassword,
  };
});
