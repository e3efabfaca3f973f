import { randomUUID } from "node:crypto";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { hashPassword, verifyPassword } from "#functions/admin/password-hash";

const accountItemSchema = z.object({
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
});

/** A local sign-in account, as the local OpenID provider keeps it (the user pool's stand-in). */
export type Account = z.infer<typeof accountItemSchema>;

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
}

/** The index from an account's stable id (the token's `sub`) to its user name. */
const ACCOUNTS_BY_SUB = "by-sub";

/** User names compare without case, as Cognito's do when case-insensitive. */
const keyOf = (username: string) => username.trim().toLowerCase();

/** A hash to compare against when the name is unknown, so the answer takes as long either way. */
let decoyHash: Promise<string> | null = null;

/** DynamoDB adapter for the local accounts table (key `username`, a `sub` index). */
export function makeAccountStore(doc: DynamoDBDocumentClient, tableName: string): AccountStore {
  const find = async (username: string) => {
    const answer = await doc.send(
      new GetCommand({ TableName: tableName, Key: { username: keyOf(username) } }),
    );
    return answer.Item === undefined ? null : accountItemSchema.parse(answer.Item);
  };
  return {
    async create(account) {
      const item: Account = {
        username: keyOf(account.username),
        sub: randomUUID(),
        passwordHash: await hashPassword(account.password),
        groups: [...account.groups],
        ...(account.facility === undefined ? {} : { facility: account.facility }),
        ...(account.province === undefined ? {} : { province: account.province }),
        ...(account.name === undefined ? {} : { name: account.name }),
        ...(account.idNumber === undefined ? {} : { idNumber: account.idNumber }),
        mustChangePassword: account.mustChangePassword ?? false,
        enabled: true,
        createdAt: new Date().toISOString(),
      };
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
          Key: { username: keyOf(username) },
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
  };
}
