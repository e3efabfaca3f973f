/** The facilities table as the administrator edits it: the report's fields plus level, address and status. */
import {
  type DynamoDBDocumentClient,
  ScanCommand,
  type ScanCommandOutput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import {
  type AdminFacility,
  adminFacilitySchema,
  FACILITY_LEVELS,
  type FacilityWrite,
} from "#domain/admin-contract";
import { putAllItems } from "./batch-write.ts";

/** An item read back; facilities seeded before these fields existed are active with no level or address. */
const storedSchema = z.object({
  code: z.string(),
  name: z.string(),
  provinceCode: z.string(),
  level: z.enum(FACILITY_LEVELS).nullable().default(null),
  address: z.string().nullable().default(null),
  active: z.boolean().default(true),
});

export interface AdminFacilityStore {
  list(): Promise<AdminFacility[]>;
  /** Writes every facility; the caller has checked all of them first, so a bad line writes nothing. */
  putAll(facilities: readonly AdminFacility[]): Promise<void>;
  /** Changes some fields of a stored facility; null when it does not exist. */
  update(code: string, change: FacilityWrite): Promise<AdminFacility | null>;
}

/** Builds the store over a document client and the table name (env FACILITIES_TABLE). */
export function makeAdminFacilityStore(doc: DynamoDBDocumentClient, tableName: string): AdminFacilityStore {
  return {
    async list() {
      const facilities: AdminFacility[] = [];
      let start: ScanCommandOutput["LastEvaluatedKey"];
      do {
        const page = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
        for (const item of page.Items ?? [])
          facilities.push(adminFacilitySchema.parse(storedSchema.parse(item)));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return facilities.sort((a, b) => a.code.localeCompare(b.code));
    },

    async putAll(facilities) {
      await putAllItems(
        doc,
        tableName,
        facilities.map((facility) => ({ ...facility })),
      );
    },

    async update(code, change) {
      const entries = Object.entries(change).filter(([, value]) => value !== undefined);
      if (entries.length === 0) entries.push(["code", code]);
      const names = Object.fromEntries(entries.map(([field], i) => [`#f${i}`, field]));
      const values = Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value]));
      try {
        const answer = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { code },
            UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(", ")}`,
            ConditionExpression: "attribute_exists(code)",
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ReturnValues: "ALL_NEW",
          }),
        );
        return adminFacilitySchema.parse(storedSchema.parse(answer.Attributes));
      } catch (error) {
        if (error instanceof Error && error.name === "ConditionalCheckFailedException") return null;
        throw error;
      }
    },
  };
}
