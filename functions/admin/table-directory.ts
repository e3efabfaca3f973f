/** The accounts directory over the local OpenID provider's accounts table (the user pool's stand-in). */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
  type ScanCommandOutput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import type { StaffAccount } from "#domain/admin-contract";
import { ROLES } from "#domain/roles";
import { NATIONAL_GROUP } from "#functions/http/auth";
import { newAccountItem, putNewAccount } from "#functions/stores/account-record";
import { type AccountDirectory, accountExists, accountNotFound } from "./account-directory.ts";
import { hashPassword, ONE_TIME_COST } from "./password-hash.ts";

/** The fields of an account item this directory reads back (the provider keeps more). */
const accountItemSchema = z.object({
  username: z.string(),
  groups: z.array(z.string()),
  facility: z.string().optional(),
  province: z.string().optional(),
  name: z.string().optional(),
  idNumber: z.string().optional(),
  enabled: z.boolean(),
});

function toStaffAccount(item: unknown): StaffAccount | null {
  const parsed = accountItemSchema.parse(item);
  const role = ROLES.find((known) => parsed.groups.includes(known));
  if (role === undefined) return null;
  return {
    username: parsed.username,
    role,
    facility: parsed.facility ?? null,
    province: parsed.province ?? null,
    national: parsed.groups.includes(NATIONAL_GROUP),
    name: parsed.name ?? null,
    idNumber: parsed.idNumber ?? null,
    enabled: parsed.enabled,
  };
}

const isConditionFailure = (error: unknown) =>
  error instanceof Error && error.name === "ConditionalCheckFailedException";

/** Builds the directory over the accounts table (key `username`, lower-cased). */
export function makeTableDirectory(doc: DynamoDBDocumentClient, tableName: string): AccountDirectory {
  const update = async (username: string, expression: string, values: Record<string, unknown>) => {
    try {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { username },
          UpdateExpression: expression,
          ConditionExpression: "attribute_exists(username)",
          // DynamoDB refuses an empty map: a REMOVE names no values.
          ...(Object.keys(values).length === 0 ? {} : { ExpressionAttributeValues: values }),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw accountNotFound(username);
      throw error;
    }
  };
  return {
    async list(filter) {
      const accounts: StaffAccount[] = [];
      let start: ScanCommandOutput["LastEvaluatedKey"];
      do {
        const page = await doc.send(
          new ScanCommand({
            TableName: tableName,
            ExclusiveStartKey: start,
            ...(filter.facility === undefined
              ? {}
              : {
                  FilterExpression: "facility = :facility",
                  ExpressionAttributeValues: { ":facility": filter.facility },
                }),
          }),
        );
        for (const item of page.Items ?? []) {
          const account = toStaffAccount(item);
          if (account !== null) accounts.push(account);
        }
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return accounts.sort((a, b) => a.username.localeCompare(b.username));
    },

    async find(username) {
      const answer = await doc.send(new GetCommand({ TableName: tableName, Key: { username } }));
      return answer.Item === undefined ? null : toStaffAccount(answer.Item);
    },

    async create(account, oneTimePassword) {
      const item = newAccountItem({
        ...account,
        passwordHash: await hashPassword(oneTimePassword, ONE_TIME_COST),
        groups: account.national ? [account.role, NATIONAL_GROUP] : [account.role],
        mustChangePassword: true,
      });
      if (!(await putNewAccount(doc, tableName, item))) throw accountExists(account.username);
    },

    async resetPassword(username, oneTimePassword) {
      const hash = await hashPassword(oneTimePassword, ONE_TIME_COST);
      await update(username, "SET passwordHash = :hash, mustChangePassword = :yes", {
        ":hash": hash,
        ":yes": true,
      });
      return oneTimePassword;
    },

    async resetMfa(username) {
      await update(username, "REMOVE totpSecret, totpLastStep", {});
    },

    async setEnabled(username, enabled) {
      await update(username, "SET enabled = :enabled", { ":enabled": enabled });
    },
  };
}
