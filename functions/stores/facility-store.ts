/** The facilities table (hash key `code`): the facilities that check patients in, by province. */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  ScanCommand,
  type ScanCommandOutput,
} from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { FACILITY_CODE_PATTERN, type Facility } from "#domain/facility";
import { putAllItems } from "./batch-write.ts";

/** A facility item read back. */
const facilityItemSchema = z.object({
  code: z.string().regex(FACILITY_CODE_PATTERN),
  name: z.string().min(1),
  provinceCode: z.string().regex(/^\d{3}$/),
});

const activeItemSchema = z.object({ active: z.boolean().default(true) });

export interface FacilityStore {
  putFacilities(facilities: readonly Facility[]): Promise<void>;
  getFacility(code: string): Promise<Facility | null>;
  /** False when an administrator deactivated the facility; null when there is no such facility. */
  isFacilityActive(code: string): Promise<boolean | null>;
  /** Every facility in code order (a paginated scan: the table holds thousands at most). */
  listFacilities(): Promise<Facility[]>;
}

function toFacility(item: unknown): Facility {
  const parsed = facilityItemSchema.parse(item);
  return { code: parsed.code, name: parsed.name, provinceCode: parsed.provinceCode };
}

/** Builds the store over a document client and the table name (env FACILITIES_TABLE). */
export function makeFacilityStore(
  doc: DynamoDBDocumentClient,
  tableName: string,
  options: { pageSize?: number } = {},
): FacilityStore {
  return {
    async putFacilities(facilities) {
      const items = facilities.map(({ code, name, provinceCode }) => ({ code, name, provinceCode }));
      await putAllItems(doc, tableName, items);
    },

    async getFacility(code) {
      const result = await doc.send(new GetCommand({ TableName: tableName, Key: { code } }));
      return result.Item === undefined ? null : toFacility(result.Item);
    },

    async isFacilityActive(code) {
      const result = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: { code },
          ProjectionExpression: "code, active",
          ConsistentRead: true,
        }),
      );
      if (result.Item === undefined) return null;
      // Facilities seeded before deactivation existed carry no flag and are active.
      return activeItemSchema.parse(result.Item).active;
    },

    async listFacilities() {
      const facilities: Facility[] = [];
      let start: ScanCommandOutput["LastEvaluatedKey"];
      do {
        const page = await doc.send(
          new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, Limit: options.pageSize }),
        );
        for (const item of page.Items ?? []) facilities.push(toFacility(item));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return facilities.sort((a, b) => a.code.localeCompare(b.code));
    },
  };
}
