/** The accounts directory over the Cognito user pool, through its admin API only. */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { AccountDraft } from "#domain/account-rules";
import type { StaffAccount } from "#domain/admin-contract";
import { ROLES, type Role } from "#domain/roles";
import { CLAIMS } from "#functions/http/auth";
import { type AccountDirectory, accountExists, accountNotFound } from "./account-directory.ts";

/** The IAM actions this directory calls on the pool; the stack grants exactly these. */
export const COGNITO_ADMIN_ACTIONS = [
  "cognito-idp:AdminAddUserToGroup",
  "cognito-idp:AdminCreateUser",
  "cognito-idp:AdminDisableUser",
  "cognito-idp:AdminEnableUser",
  "cognito-idp:AdminGetUser",
  "cognito-idp:AdminListGroupsForUser",
  "cognito-idp:AdminResetUserPassword",
  "cognito-idp:AdminSetUserMFAPreference",
  "cognito-idp:AdminSetUserPassword",
  "cognito-idp:ListUsersInGroup",
] as const;

function attributesOf(account: AccountDraft): AttributeType[] {
  const pairs: Array<[string, string | null]> = [
    [CLAIMS.facility, account.facility],
    [CLAIMS.province, account.province],
    [CLAIMS.name, account.name],
    [CLAIMS.idNumber, account.idNumber],
    [CLAIMS.national, account.national ? "true" : null],
    ["email", account.email],
    ["email_verified", account.email === null ? null : "true"],
  ];
  return pairs.flatMap(([Name, Value]) => (Value === null ? [] : [{ Name, Value }]));
}

function staffAccountOf(
  username: string,
  role: Role,
  attributes: readonly AttributeType[],
  enabled: boolean,
): StaffAccount {
  const value = (name: string) => attributes.find((attribute) => attribute.Name === name)?.Value ?? null;
  return {
    username,
    role,
    facility: value(CLAIMS.facility),
    province: value(CLAIMS.province),
    national: value(CLAIMS.national) === "true",
    name: value(CLAIMS.name),
    idNumber: value(CLAIMS.idNumber),
    enabled,
  };
}

const isNamed = (error: unknown, name: string) => error instanceof Error && error.name === name;

/** The pool and the client that reaches it. */
interface Pool {
  readonly client: CognitoIdentityProviderClient;
  readonly userPoolId: string;
}

/** Every user of one role's group, page by page. */
async function usersOf({ client, userPoolId }: Pool, role: Role): Promise<UserType[]> {
  const users: UserType[] = [];
  let next: string | undefined;
  do {
    const page = await client.send(
      new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: role, NextToken: next }),
    );
    users.push(...(page.Users ?? []));
    next = page.NextToken;
  } while (next !== undefined);
  return users;
}

/** All accounts, of one facility when the filter names one, sorted by username. */
async function listAccounts(pool: Pool, filter: { facility?: string }): Promise<StaffAccount[]> {
  const accounts: StaffAccount[] = [];
  for (const role of ROLES) {
    for (const user of await usersOf(pool, role)) {
      const account = staffAccountOf(user.Username ?? "", role, user.Attributes ?? [], user.Enabled ?? false);
      if (filter.facility === undefined || account.facility === filter.facility) accounts.push(account);
    }
  }
  return accounts.sort((a, b) => a.username.localeCompare(b.username));
}

/** One account with its role, or null when the user or its role group is missing. */
async function findAccount({ client, userPoolId }: Pool, username: string): Promise<StaffAccount | null> {
  try {
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
    const groups = await client.send(
      new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: username }),
    );
    const names = (groups.Groups ?? []).map((group) => group.GroupName);
    const role = ROLES.find((known) => names.includes(known));
    return role === undefined
      ? null
      : staffAccountOf(username, role, user.UserAttributes ?? [], user.Enabled ?? false);
  } catch (error) {
    if (isNamed(error, "UserNotFoundException")) return null;
    throw error;
  }
}

/** Creates the user with its attributes and puts it in its role's group. */
async function createAccount(
  { client, userPoolId }: Pool,
  account: AccountDraft,
  oneTimePassword: string,
): Promise<void> {
  try {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: account.username,
        TemporaryPassword: oneTimePassword,
        UserAttributes: attributesOf(account),
        // With an e-mail address the pool sends its Vietnamese invitation; otherwise the admin hands it over.
        ...(account.email === null
          ? { MessageAction: "SUPPRESS" as const }
          : { DesiredDeliveryMediums: ["EMAIL" as const] }),
      }),
    );
  } catch (error) {
    if (isNamed(error, "UsernameExistsException")) throw accountExists(account.username);
    throw error;
  }
  await client.send(
    new AdminAddUserToGroupCommand({
      UserPoolId: userPoolId,
      Username: account.username,
      GroupName: account.role,
    }),
  );
}

/** Lets the pool mail a reset code to a verified address; otherwise sets the one-time password and answers it. */
async function resetAccountPassword(
  { client, userPoolId }: Pool,
  username: string,
  oneTimePassword: string,
): Promise<string | null> {
  const account = await client
    .send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }))
    .catch((error: unknown) => {
      if (isNamed(error, "UserNotFoundException")) throw accountNotFound(username);
      throw error;
    });
  const verified = (account.UserAttributes ?? []).some(
    (a) => a.Name === "email_verified" && a.Value === "true",
  );
  if (verified) {
    await client.send(new AdminResetUserPasswordCommand({ UserPoolId: userPoolId, Username: username }));
    return null;
  }
  // No mailbox to send a code to: a one-time password the person must change at the next sign-in.
  await client.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: username,
      Password: oneTimePassword,
      Permanent: false,
    }),
  );
  return oneTimePassword;
}

/** Enables or disables the user, answering a missing one as not found. */
async function setAccountEnabled(
  { client, userPoolId }: Pool,
  username: string,
  enabled: boolean,
): Promise<void> {
  try {
    await client.send(
      enabled
        ? new AdminEnableUserCommand({ UserPoolId: userPoolId, Username: username })
        : new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: username }),
    );
  } catch (error) {
    if (isNamed(error, "UserNotFoundException")) throw accountNotFound(username);
    throw error;
  }
}

/** Turns the user's TOTP off: an admin or health account is then refused tokens until it sets one up again. */
async function resetAccountMfa({ client, userPoolId }: Pool, username: string): Promise<void> {
  try {
    await client.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: userPoolId,
        Username: username,
        SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
      }),
    );
  } catch (error) {
    if (isNamed(error, "UserNotFoundException")) throw accountNotFound(username);
    throw error;
  }
}

/** Builds the directory over a user pool; the client is built once by the caller. */
export function makeCognitoDirectory(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
): AccountDirectory {
  const pool: Pool = { client, userPoolId };
  return {
    list: (filter) => listAccounts(pool, filter),
    find: (username) => findAccount(pool, username),
    create: (account, oneTimePassword) => createAccount(pool, account, oneTimePassword),
    resetPassword: (username, oneTimePassword) => resetAccountPassword(pool, username, oneTimePassword),
    setEnabled: (username, enabled) => setAccountEnabled(pool, username, enabled),
    resetMfa: (username) => resetAccountMfa(pool, username),
  };
}
