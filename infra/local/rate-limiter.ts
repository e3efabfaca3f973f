import { RATE_LIMITS, type RateLimits, type TokenBucketLimit } from "#infra/limits";
import type { ApiRoute } from "#infra/routes";
import type { Admission } from "./api-routes.ts";

interface Bucket {
  tokens: number;
  at: number;
}

/** The bucket of a key, refilled up to now. */
function refilled(buckets: Map<string, Bucket>, key: string, limit: TokenBucketLimit, now: number): Bucket {
  const bucket = buckets.get(key) ?? { tokens: limit.burst, at: now };
  bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.rate);
  bucket.at = now;
  buckets.set(key, bucket);
  return bucket;
}

/** Whole seconds until the bucket holds a token again; 0 when it holds one now. */
function secondsUntilToken(bucket: Bucket, limit: TokenBucketLimit): number {
  return bucket.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / limit.rate));
}

/** Token buckets per user, per facility and for the whole stage, as API Gateway throttles. */
export function makeRateLimiter(limits: RateLimits = RATE_LIMITS) {
  const buckets = new Map<string, Bucket>();
  return {
    admit(principal: { sub: string; facility: string | null }, _route: ApiRoute, now: number): Admission {
      if (buckets.size > 100_000) buckets.clear();
      const checks: Array<[Bucket, TokenBucketLimit]> = [
        [refilled(buckets, "stage", limits.stage, now), limits.stage],
        [refilled(buckets, `user#${principal.sub}`, limits.perUser, now), limits.perUser],
      ];
      if (principal.facility !== null) {
        const key = `facility#${principal.facility}`;
        checks.push([refilled(buckets, key, limits.perFacility, now), limits.perFacility]);
      }
      const wait = Math.max(...checks.map(([bucket, limit]) => secondsUntilToken(bucket, limit)));
      if (wait > 0) return { ok: false, retryAfterSeconds: wait };
      // Only an admitted request spends tokens: a throttled scanner must not use up its facility's share.
      for (const [bucket] of checks) bucket.tokens -= 1;
      return { ok: true };
    },
  };
}
