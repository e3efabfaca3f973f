import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { windowOf } from "./limit-store.ts";

/** What one tally counts: typed look-ups, and check-ins made by the same account or facility. */
export type TallyField = "lookups" | "checkins";

/** One window's counts of a tally. */
export interface TallyCounts {
  readonly lookups: number;
  readonly checkins: number;
}

const countsSchema = z.object({
  lookups: z.number().int().default(0),
  checkins: z.number().int().default(0),
});

/** A tally item outlives its window by this long (DynamoDB's TTL deletes it within about a day). */
const KEEP_AFTER_WINDOW_SECONDS = 3_600;

/**
 * Plain counters beside the limits, in the same table: how many people an account or a facility
 * looked up by a typed number and how many it checked in, per fixed window. Nothing is refused
 * here; the counts feed the enumeration alarm. Keys name an account or a facility, never a patient.
 */
export function makeTallyStore(doc: DynamoDBDocumentClient, tableName: string) {
  return {
    /** Adds one to `field` of the window holding `at` and answers both counts after it. */
    async add(key: string, field: TallyField, at: Date, windowSeconds: number): Promise<TallyCounts> {
      const window = windowOf({ max: 0, windowSeconds }, at.getTime());
      const result = await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: `tally#${key}#${window.start}` },
          UpdateExpression: "ADD #field :one SET #ttl = if_not_exists(#ttl, :ttl)",
          ExpressionAttributeNames: { "#field": field, "#ttl": "ttl" },
          ExpressionAttributeValues: {
            ":one": 1,
            ":ttl": Math.ceil(window.end / 1000) + KEEP_AFTER_WINDOW_SECONDS,
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      return countsSchema.parse(result.Attributes ?? {});
    },
  };
}

export type TallyStore = ReturnType<typeof makeTallyStore>;
