import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { hashPassword, verifyPassword } from "#functions/admin/password-hash";
import { openTotpSecret, sealTotpSecret } from "#functions/mfa/totp-seal";
import {
  type AccountItem,
  accountItemSchema,
  accountKey,
  newAccountItem,
  putNewAccount,
} from "#functions/stores/account-record";

/** A local sign-in account, as the local OpenID provider keeps it (the user pool's stand-in). */
export type Account = AccountItem;

interface NewAccount {
  readonly username: string;
  readonly password: string;
  readonly groups: readonly string[];
  readonly facility?: string;
  readonly province?: string;
  readonly name?: string;
  readonly idNumber?: string;
  /** A one-time password: the first sign-in must set a new one. */
  readonly mustChangePassword?: boolean;
  /** A TOTP secret (Base32) already set up, as the demo's printed accounts have. */
  readonly totpSecret?: string;
}

export interface AccountStore {
  /** Creates the account; false when the user name is taken. */
  create(account: NewAccount): Promise<boolean>;
  find(username: string): Promise<Account | null>;
  findBySub(sub: string): Promise<Account | null>;
  /** The enabled account whose password matches, or null (unknown name, wrong password, disabled). */
  authenticate(username: string, password: string): Promise<Account | null>;
  setPassword(username: string, password: string): Promise<void>;
  /** Whether any account exists yet (the first start of a clinic creates its administrator). */
  isEmpty(): Promise<boolean>;
  /** The account's TOTP secret (Base32), or null when it has none or it does not open. */
  totpSecretOf(account: Account): string | null;
  /** Seals a plain TOTP secret for an account, to keep until the person confirms it. */
  sealTotp(account: Account, secret: string): string;
  /** Opens a secret sealed by `sealTotp` for this account. */
  openTotp(account: Account, sealed: string): string | null;
  /** Keeps a confirmed TOTP secret, with the step its confirming code used. */
  keepTotp(account: Account, secret: string, step: number): Promise<void>;
  /** Records that a code of `step` was used; false when that step (or a later one) already was. */
  takeTotpStep(account: Account, step: number): Promise<boolean>;
}

/** The index from an account's stable id (the token's `sub`) to its user name. */
const ACCOUNTS_BY_SUB = "by-sub";

/** A hash to compare against when the name is unknown, so the answer takes as long either way. */
let decoyHash: Promise<string> | null = null;

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === "ConditionalCheckFailedException";

/**
 * DynamoDB adapter for the local accounts table (key `username`, a `sub` index); TOTP secrets are
 * sealed with `sealKey` (32 bytes, derived from the install's key).
 */
export function makeAccountStore(
  doc: DynamoDBDocumentClient,
  tableName: string,
  sealKey: Uint8Array,
): AccountStore {
  const find = async (username: string) => {
    const answer = await doc.send(
      new GetCommand({ TableName: tableName, Key: { username: accountKey(username) } }),
    );
    return answer.Item === undefined ? null : accountItemSchema.parse(answer.Item);
  };
  return {
    async create({ password, totpSecret, ...account }) {
      const item = newAccountItem({
        ...account,
        passwordHash: await hashPassword(password),
        mustChangePassword: account.mustChangePassword ?? false,
      });
      if (totpSecret !== undefined) item.totpSecret = sealTotpSecret(sealKey, item.sub, totpSecret);
      return await putNewAccount(doc, tableName, item);
    },
    find,
    async findBySub(sub) {
      const answer = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: ACCOUNTS_BY_SUB,
          KeyConditionExpression: "#sub = :sub",
          ExpressionAttributeNames: { "#sub": "sub" },
          ExpressionAttributeValues: { ":sub": sub },
        }),
      );
      const key = answer.Items?.[0]?.username;
      return typeof key === "string" ? await find(key) : null;
    },
    async authenticate(username, password) {
      const account = await find(username);
      if (account === null) {
        decoyHash ??= hashPassword("not a password");
        await verifyPassword(password, await decoyHash);
        return null;
      }
      const matches = await verifyPassword(password, account.passwordHash);
      return matches && account.enabled ? account : null;
    },
    async setPassword(username, password) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { username: accountKey(username) },
          UpdateExpression: "SET passwordHash = :hash, mustChangePassword = :no",
          ConditionExpression: "attribute_exists(username)",
          ExpressionAttributeValues: { ":hash": await hashPassword(password), ":no": false },
        }),
      );
    },
    async isEmpty() {
      const answer = await doc.send(new ScanCommand({ TableName: tableName, Limit: 1 }));
      return (answer.Items ?? []).length === 0;
    },
    totpSecretOf(account) {
      return account.totpSecret === undefined
        ? null
        : openTotpSecret(sealKey, account.sub, account.totpSecret);
    },
    sealTotp: (account, secret) => sealTotpSecret(sealKey, account.sub, secret),
    openTotp: (account, sealed) => openTotpSecret(sealKey, account.sub, sealed),
    async keepTotp(account, secret, step) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { username: account.username },
          UpdateExpression: "SET totpSecret = :secret, totpLastStep = :step",
          ConditionExpression: "attribute_exists(username) AND #sub = :sub",
          ExpressionAttributeNames: { "#sub": "sub" },
          ExpressionAttributeValues: {
            ":secret": sealTotpSecret(sealKey, account.sub, secret),
            ":step": step,
            ":sub": account.sub,
          },
        }),
      );
    },
    async takeTotpStep(account, step) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { username: account.username },
            UpdateExpression: "SET totpLastStep = :step",
            ConditionExpression:
              "attribute_exists(totpSecret) AND (attribute_not_exists(totpLastStep) OR totpLastStep < :step)",
            ExpressionAttributeValues: { ":step": step },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
  };
}
