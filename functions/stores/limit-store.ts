import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";

/** At most `max` uses of a key within each fixed window of `windowSeconds`. */
export interface WindowLimit {
  readonly max: number;
  readonly windowSeconds: number;
}

/** One counter to take a use from: its key (user, facility, action) and its limit. */
export interface LimitCheck {
  readonly key: string;
  readonly limit: WindowLimit;
}

export type Admission =
  | { readonly ok: true }
  | { readonly ok: false; readonly key: string; readonly retryAfterSeconds: number };

/** Windows start at Vietnamese midnight (UTC+7), so a daily window is the clinic's calendar day. */
const VN_OFFSET_MS = 7 * 3_600_000;

/** A counter item outlives its window by this long (DynamoDB's TTL deletes it within about a day). */
const KEEP_AFTER_WINDOW_SECONDS = 3_600;

/** The window holding `atMs`: its start and end in ms since the epoch. */
export function windowOf(limit: WindowLimit, atMs: number): { start: number; end: number } {
  const size = limit.windowSeconds * 1000;
  const start = Math.floor((atMs + VN_OFFSET_MS) / size) * size - VN_OFFSET_MS;
  return { start, end: start + size };
}

/**
 * Limits that hold across every Lambda container: each use is one conditional increment of a
 * counter item in DynamoDB (`n < max`), so concurrent callers on separate clients can never
 * together pass a limit. Checks run in the order given and stop at the first one that is full;
 * the uses already taken stay spent, so put the caller's own counters before shared ones (a
 * throttled user then never spends the facility's share).
 */
export function makeLimitStore(doc: DynamoDBDocumentClient, tableName: string) {
  async function takeOne(check: LimitCheck, atMs: number): Promise<Admission> {
    const window = windowOf(check.limit, atMs);
    try {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: `${check.key}#${window.start}` },
          UpdateExpression: "ADD n :one SET #ttl = if_not_exists(#ttl, :ttl)",
          ConditionExpression: "attribute_not_exists(n) OR n < :max",
          ExpressionAttributeNames: { "#ttl": "ttl" },
          ExpressionAttributeValues: {
            ":one": 1,
            ":max": check.limit.max,
            ":ttl": Math.ceil(window.end / 1000) + KEEP_AFTER_WINDOW_SECONDS,
          },
        }),
      );
      return { ok: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return {
        ok: false,
        key: check.key,
        retryAfterSeconds: Math.max(1, Math.ceil((window.end - atMs) / 1000)),
      };
    }
  }

  return {
    /** Takes one use from each counter in turn; the first full one refuses with its wait. */
    async take(checks: readonly LimitCheck[], at: Date): Promise<Admission> {
      for (const check of checks) {
        if (check.limit.max <= 0)
          return { ok: false, key: check.key, retryAfterSeconds: check.limit.windowSeconds };
        const admission = await takeOne(check, at.getTime());
        if (!admission.ok) return admission;
      }
      return { ok: true };
    },
  };
}

export type LimitStore = ReturnType<typeof makeLimitStore>;
