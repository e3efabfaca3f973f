/**
 * A small circuit breaker: after N consecutive failures it opens and callers skip the gateway
 * at once; after a pause one probe call may go through (half-open) and its outcome decides.
 */

type CircuitState = "closed" | "open" | "half-open";

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  readonly failureThreshold?: number;
  /** How long it stays open before a probe is allowed (default 10 s). */
  readonly resetAfterMs?: number;
  readonly now?: () => number;
}

export interface CircuitBreaker {
  /** True when a call may go ahead; in half-open state only the one probe may. */
  tryAcquire(): boolean;
  recordSuccess(): void;
  recordFailure(): void;
  state(): CircuitState;
}

/** Builds a breaker; keep one per container so every check-in shares what it learnt. */
export function makeCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const threshold = options.failureThreshold ?? 5;
  const resetAfterMs = options.resetAfterMs ?? 10_000;
  const now = options.now ?? (() => Date.now());
  let failures = 0;
  let openedAt: number | null = null;
  let probeStartedAt: number | null = null;

  const open = () => {
    openedAt = now();
    probeStartedAt = null;
  };

  return {
    tryAcquire() {
      if (openedAt === null) return true;
      const at = now();
      // A probe that never reported back (a crash) must not hold the circuit half-open forever.
      if (probeStartedAt !== null && at - probeStartedAt < resetAfterMs) return false;
      if (at - openedAt < resetAfterMs) return false;
      probeStartedAt = at;
      return true;
    },
    recordSuccess() {
      failures = 0;
      openedAt = null;
      probeStartedAt = null;
    },
    recordFailure() {
      failures++;
      if (probeStartedAt !== null || failures >= threshold) open();
    },
    state() {
      if (openedAt === null) return "closed";
      return probeStartedAt !== null || now() - openedAt >= resetAfterMs ? "half-open" : "open";
    },
  };
}
