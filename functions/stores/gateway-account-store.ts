/**
 * Each facility's gateway account in its own table (key `code`, env GATEWAY_ACCOUNTS_TABLE): the
 * username, the sealed password, and the signing certificate (the sealed private key beside the
 * certificate itself, which is public). Sealed values are opaque here: the store never opens them.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
  type ScanCommandOutput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";

const storedCertificateSchema = z.object({
  sealedKey: z.string().min(1),
  certificatePem: z.string().min(1),
  subject: z.string(),
  serialNumber: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  changedAt: z.string(),
});

/** An item read back. */
const storedAccountSchema = z.object({
  code: z.string(),
  username: z.string().min(1).optional(),
  sealedPassword: z.string().min(1).optional(),
  accountChangedAt: z.string().optional(),
  certificate: storedCertificateSchema.optional(),
  /** The clerk the facility names for checks no person makes (its kiosks). */
  kioskClerk: z.object({ name: z.string().min(1), id: z.string().regex(/^\d{12}$/) }).optional(),
  /** The last refusal of the account by the gateway, cleared by the next password change. */
  refusedCode: z.string().optional(),
  refusedAt: z.string().optional(),
});
export type StoredGatewayAccount = z.infer<typeof storedAccountSchema>;
type StoredCertificate = z.infer<typeof storedCertificateSchema>;

/** The public part of a record, as the admin's list shows it. */
const listedSchema = storedAccountSchema
  .omit({ sealedPassword: true, certificate: true })
  .extend({ certificate: storedCertificateSchema.pick({ subject: true, validTo: true }).optional() });
export type GatewayAccountSummary = z.infer<typeof listedSchema>;
const LISTED_FIELDS = [
  "code",
  "username",
  "accountChangedAt",
  "certificate",
  "kioskClerk",
  "refusedCode",
  "refusedAt",
];

/** A facility whose account the gateway refused, as the health department's report reads it. */
const refusalSchema = z.object({
  code: z.string(),
  refusedCode: z.string(),
  refusedAt: z.string().default(""),
});
export type GatewayRefusal = z.infer<typeof refusalSchema>;
/** The only attributes the refusal report reads (its IAM grant allows no others). */
const REFUSAL_FIELDS = ["code", "refusedCode", "refusedAt"];

/** Every facility whose account the gateway refused; reads no username and no sealed value. */
export async function listRefusals(
  doc: DynamoDBDocumentClient,
  tableName: string,
): Promise<GatewayRefusal[]> {
  const refusals: GatewayRefusal[] = [];
  let start: ScanCommandOutput["LastEvaluatedKey"];
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: tableName,
        ExclusiveStartKey: start,
        Select: "SPECIFIC_ATTRIBUTES",
        ProjectionExpression: REFUSAL_FIELDS.map((_, i) => `#f${i}`).join(", "),
        FilterExpression: "attribute_exists(#f1)",
        ExpressionAttributeNames: Object.fromEntries(REFUSAL_FIELDS.map((field, i) => [`#f${i}`, field])),
      }),
    );
    for (const item of page.Items ?? []) refusals.push(refusalSchema.parse(item));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return refusals.sort((a, b) => a.code.localeCompare(b.code));
}

export interface GatewayAccountStore {
  read(code: string): Promise<StoredGatewayAccount | null>;
  /** Every facility with a record, in code order (the admin's list reads only the public fields). */
  list(): Promise<GatewayAccountSummary[]>;
  /** Sets the username and sealed password; a new password clears the last refusal. */
  putAccount(code: string, account: { username: string; sealedPassword: string; at: string }): Promise<void>;
  putCertificate(code: string, certificate: StoredCertificate): Promise<void>;
  putKioskClerk(code: string, clerk: { name: string; id: string }): Promise<void>;
  /** Notes that the gateway refused this password, unless the password changed meanwhile. */
  markRefused(code: string, sealedPassword: string, refusal: { code: string; at: string }): Promise<void>;
}

/** Builds the store over a document client and the table name. */
export function makeGatewayAccountStore(doc: DynamoDBDocumentClient, tableName: string): GatewayAccountStore {
  return {
    async read(code) {
      const answer = await doc.send(new GetCommand({ TableName: tableName, Key: { code } }));
      return answer.Item === undefined ? null : storedAccountSchema.parse(answer.Item);
    },

    async list() {
      const accounts: GatewayAccountSummary[] = [];
      let start: ScanCommandOutput["LastEvaluatedKey"];
      do {
        const page = await doc.send(
          new ScanCommand({
            TableName: tableName,
            ExclusiveStartKey: start,
            // The sealed values stay in the table: the list shows only what an admin may see.
            ProjectionExpression: LISTED_FIELDS.map((_, i) => `#f${i}`).join(", "),
            ExpressionAttributeNames: Object.fromEntries(LISTED_FIELDS.map((field, i) => [`#f${i}`, field])),
          }),
        );
        for (const item of page.Items ?? []) accounts.push(listedSchema.parse(item));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return accounts.sort((a, b) => a.code.localeCompare(b.code));
    },

    async putAccount(code, account) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { code },
          UpdateExpression:
            "SET username = :username, sealedPassword = :password, accountChangedAt = :at REMOVE refusedCode, refusedAt",
          ExpressionAttributeValues: {
            ":username": account.username,
            ":password": account.sealedPassword,
            ":at": account.at,
          },
        }),
      );
    },

    async putCertificate(code, certificate) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { code },
          UpdateExpression: "SET certificate = :certificate",
          ExpressionAttributeValues: { ":certificate": certificate },
        }),
      );
    },

    async putKioskClerk(code, clerk) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { code },
          UpdateExpression: "SET kioskClerk = :clerk",
          ExpressionAttributeValues: { ":clerk": { name: clerk.name, id: clerk.id } },
        }),
      );
    },

    async markRefused(code, sealedPassword, refusal) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { code },
            UpdateExpression: "SET refusedCode = :code, refusedAt = :at",
            ConditionExpression: "sealedPassword = :password",
            ExpressionAttributeValues: {
              ":code": refusal.code,
              ":at": refusal.at,
              ":password": sealedPassword,
            },
          }),
        );
      } catch (error) {
        // The password changed since it was refused: the new one has not been refused.
        if (error instanceof Error && error.name === "ConditionalCheckFailedException") return;
        throw error;
      }
    },
  };
}
