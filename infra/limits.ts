/** Request limits shared by the API stage throttling in AWS and the local server. */

export interface TokenBucketLimit {
  /** Sustained requests per second. */
  readonly rate: number;
  /** Requests allowed at once before the rate applies. */
  readonly burst: number;
}

export interface RateLimits {
  readonly stage: TokenBucketLimit;
  readonly perUser: TokenBucketLimit;
  readonly perFacility: TokenBucketLimit;
}

/**
 * A counter checks a patient every few seconds; 20/s per user and 100/s per facility leave a
 * hundredfold margin over a 6,000-patient morning while stopping a stuck scanner.
 */
export const RATE_LIMITS: RateLimits = {
  stage: { rate: 1000, burst: 2000 },
  perUser: { rate: 20, burst: 40 },
  perFacility: { rate: 100, burst: 200 },
};
