import { RATE_LIMITS, type RateLimits, type TokenBucketLimit } from "#infra/limits";
import type { ApiRoute } from "#infra/routes";
import type { Admission } from "./server.ts";

interface Bucket {
  tokens: number;
  at: number;
}

function takeToken(buckets: Map<string, Bucket>, key: string, limit: TokenBucketLimit, now: number): number {
  const bucket = buckets.get(key) ?? { tokens: limit.burst, at: now };
  bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.rate);
  bucket.at = now;
  buckets.set(key, bucket);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.rate));
}

/** Token buckets per user, per facility and for the whole stage, as API Gateway throttles. */
export function makeRateLimiter(limits: RateLimits = RATE_LIMITS) {
  const buckets = new Map<string, Bucket>();
  return {
    admit(principal: { sub: string; facility: string | null }, _route: ApiRoute, now: number): Admission {
      if (buckets.size > 100_000) buckets.clear();
      const waits = [
        takeToken(buckets, "stage", limits.stage, now),
        takeToken(buckets, `user#${principal.sub}`, limits.perUser, now),
        principal.facility === null
          ? 0
          : takeToken(buckets, `facility#${principal.facility}`, limits.perFacility, now),
      ];
      const wait = Math.max(...waits);
      return wait === 0 ? { ok: true } : { ok: false, retryAfterSeconds: wait };
    },
  };
}
