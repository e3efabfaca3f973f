import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";

/** Where one segment of a parallel scan stopped: the key to start after, or done. */
export interface SegmentProgress {
  readonly startKey: Record<string, unknown> | null;
  readonly done: boolean;
}

const progressSchema = z.object({
  startKey: z.record(z.string(), z.unknown()).nullable(),
  done: z.boolean(),
});

/** Checkpoints outlive the run by this long, then DynamoDB's TTL removes them. */
const KEEP_SECONDS = 30 * 86_400;

/** The prefix of checkpoint items in the check-ins table: no visit, guard or ticket key starts so. */
export const CHECKPOINT_PREFIX = "MIGRATION#";

/**
 * Progress of a resumable scan, kept as small items in the check-ins table (`MIGRATION#…`), so a
 * run stopped anywhere (a closed terminal, a function's time limit) goes on where it stopped.
 */
export function makeScanCheckpoints(
  doc: DynamoDBDocumentClient,
  table: string,
  run: string,
  now: () => Date,
) {
  const key = (table: string, segment: number, of: number) => ({
    pk: `${CHECKPOINT_PREFIX}${run}`,
    sk: `${table}#SEGMENT#${segment}#OF#${of}`,
  });
  return {
    /** Where segment `segment` of `of` of the scan of `scanned` stopped (the start when never run). */
    async read(scanned: string, segment: number, of: number): Promise<SegmentProgress> {
      const found = await doc.send(
        new GetCommand({ TableName: table, Key: key(scanned, segment, of), ConsistentRead: true }),
      );
      return found.Item === undefined ? { startKey: null, done: false } : progressSchema.parse(found.Item);
    },
    async write(scanned: string, segment: number, of: number, progress: SegmentProgress): Promise<void> {
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...key(scanned, segment, of),
            ...progress,
            ttl: Math.floor(now().getTime() / 1000) + KEEP_SECONDS,
          },
        }),
      );
    },
  };
}

export type ScanCheckpoints = ReturnType<typeof makeScanCheckpoints>;
