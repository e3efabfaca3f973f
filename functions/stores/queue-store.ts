/**
 * The facility's queue: the numbers given out each day and the offline series handed to reception
 * devices. Each is one counter item, taken with an atomic ADD.
 */
import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { queueNumberKey, queueSeriesKey } from "./queue-keys.ts";

const counterItemSchema = z.object({ next: z.number() });

/** Builds the queue store over the check-ins table. */
export function makeQueueStore(doc: DynamoDBDocumentClient, checkinsTable: string) {
  async function takeNext(key: { pk: string; sk: string }): Promise<number> {
    const result = await doc.send(
      new UpdateCommand({
        TableName: checkinsTable,
        Key: key,
        UpdateExpression: "ADD #next :one",
        ExpressionAttributeNames: { "#next": "next" },
        ExpressionAttributeValues: { ":one": 1 },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    return counterItemSchema.parse(result.Attributes).next;
  }

  return {
    /** Takes the facility's next queue number of the day; a failed check-in may skip one, never reuse it. */
    nextQueueNumber: (facility: string, day: string): Promise<number> =>
      takeNext(queueNumberKey(facility, day)),

    /**
     * Hands a reception device the facility's next offline queue series ("A", "B"…): numbers a
     * device gives out while offline carry its series, so no two devices ever print the same ticket.
     */
    nextQueueSeries: (facility: string): Promise<number> => takeNext(queueSeriesKey(facility)),
  };
}
