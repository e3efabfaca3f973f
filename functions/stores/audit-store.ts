import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { type AuditEntry, auditEntrySchema } from "#domain/audit-contract";

/** A line read back; lines about no person carry no subject attribute. */
const storedSchema = auditEntrySchema.extend({ subject: z.string().nullable().default(null) });

export interface AuditStoreConfig {
  readonly tableName: string;
  /** Days a line is kept before DynamoDB's TTL deletes it. */
  readonly retentionDays: number;
  readonly newId: () => string;
}

export interface AuditQuery {
  /** ISO instants bounding the search (inclusive), newest first. */
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
}

const userKey = (user: string) => `USER#${user}`;

/**
 * The append-only audit trail. Writers only ever put a new line (never update or delete: the
 * functions that write it are granted PutItem alone); the admin reads it by user or by subject.
 */
export function makeAuditStore(doc: DynamoDBDocumentClient, config: AuditStoreConfig) {
  async function query(
    input: { index?: string; keyName: string; keyValue: string },
    range: AuditQuery,
  ): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await doc.send(
        new QueryCommand({
          TableName: config.tableName,
          ...(input.index === undefined ? {} : { IndexName: input.index }),
          KeyConditionExpression: "#k = :k AND sk BETWEEN :from AND :to",
          ExpressionAttributeNames: { "#k": input.keyName },
          ExpressionAttributeValues: {
            ":k": input.keyValue,
            ":from": range.from ?? "0",
            // "~" sorts after every id appended to the instant.
            ":to": `${range.to ?? "9"}~`,
          },
          ScanIndexForward: false,
          Limit: Math.min(range.limit - entries.length, 500),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of result.Items ?? []) entries.push(storedSchema.parse(item));
      startKey = result.LastEvaluatedKey;
    } while (startKey !== undefined && entries.length < range.limit);
    return entries;
  }

  return {
    /** Appends one line; a line is never overwritten (the key is new and the put is conditional). */
    async append(entry: AuditEntry): Promise<void> {
      const line = auditEntrySchema.parse(entry);
      const expires = Math.floor(Date.parse(line.at) / 1000) + config.retentionDays * 86_400;
      const { subject, ...rest } = line;
      await doc.send(
        new PutCommand({
          TableName: config.tableName,
          Item: {
            pk: userKey(line.user),
            sk: `${line.at}#${config.newId()}`,
            ...rest,
            // Left out when null so the subject index holds only lines about a person.
            ...(subject === null ? {} : { subject }),
            ttl: expires,
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    },
    /** What one user did, newest first. */
    byUser(user: string, range: AuditQuery): Promise<AuditEntry[]> {
      return query({ keyName: "pk", keyValue: userKey(user) }, range);
    },
    /** Who did what to one person's data (by the keyed hash of their ID number), newest first. */
    bySubject(subject: string, range: AuditQuery): Promise<AuditEntry[]> {
      return query({ index: "bySubject", keyName: "subject", keyValue: subject }, range);
    },
  };
}

export type AuditStore = ReturnType<typeof makeAuditStore>;
