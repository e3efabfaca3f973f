/**
 * The accounts table of the local OpenID provider (the user pool's stand-in): the one shape of an
 * account item and the one conditional put that creates it. The admin directory and the provider's
 * own account store both write through here.
 */
import { randomUUID } from "node:crypto";
import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";

export const accountItemSchema = z.object({
  username: z.string(),
  sub: z.string(),
  passwordHash: z.string(),
  groups: z.array(z.string()),
  facility: z.string().optional(),
  province: z.string().optional(),
  name: z.string().optional(),
  idNumber: z.string().optional(),
  mustChangePassword: z.boolean(),
  enabled: z.boolean(),
  createdAt: z.string(),
  /** The TOTP secret, sealed with the install's key; absent until the person has set up a code. */
  totpSecret: z.string().optional(),
  /** The last TOTP time step accepted, so a code is taken once. */
  totpLastStep: z.number().int().optional(),
});

/** An account as the accounts table keeps it. */
export type AccountItem = z.infer<typeof accountItemSchema>;

/** What a new account is made of; the password is already hashed. */
export interface NewAccountItem {
  readonly username: string;
  readonly passwordHash: string;
  readonly groups: readonly string[];
  readonly facility?: string | null | undefined;
  readonly province?: string | null | undefined;
  readonly name?: string | null | undefined;
  readonly idNumber?: string | null | undefined;
  readonly mustChangePassword: boolean;
  readonly totpSecret?: string | undefined;
}

/** User names compare without case, as Cognito's do when case-insensitive. */
export const accountKey = (username: string) => username.trim().toLowerCase();

const optional = <K extends string>(name: K, value: string | null | undefined) =>
  value === null || value === undefined ? {} : ({ [name]: value } as Record<K, string>);

/** The item of a new, enabled account with a fresh stable id (the token's `sub`). */
export function newAccountItem(account: NewAccountItem, now = new Date()): AccountItem {
  return {
    username: accountKey(account.username),
    sub: randomUUID(),
    passwordHash: account.passwordHash,
    groups: [...account.groups],
    ...optional("facility", account.facility),
    ...optional("province", account.province),
    ...optional("name", account.name),
    ...optional("idNumber", account.idNumber),
    ...optional("totpSecret", account.totpSecret),
    mustChangePassword: account.mustChangePassword,
    enabled: true,
    createdAt: now.toISOString(),
  };
}

/** Writes a new account unless its user name is taken; false when it is. */
export async function putNewAccount(
  doc: DynamoDBDocumentClient,
  tableName: string,
  item: AccountItem,
): Promise<boolean> {
  try {
    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: item,
        ConditionExpression: "attribute_not_exists(username)",
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === "ConditionalCheckFailedException") return false;
    throw error;
  }
}
