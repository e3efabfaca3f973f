/**
 * The HTTP client of the national card-check gateway. It never throws and never hangs: every
 * call ends as an answer or as "unavailable" within a deadline, so a slow or dead gateway only
 * turns check-ins into pending ones (NĐ 188/2025: the patient is admitted and re-checked later).
 * One attempt is gateway-attempt.ts, the token pair is kept in token-cache.ts, and the circuit
 * breaker is circuit-breaker.ts; this module retries within the deadline.
 */

import type { Clerk } from "#domain/clerk";
import { slashedFromIso } from "#domain/date-text";
import type { Identity } from "#domain/types";
import { type CircuitBreaker, makeCircuitBreaker } from "./circuit-breaker.ts";
import { type Attempt, type AttemptSetup, askOnce, type UnavailableReason } from "./gateway-attempt.ts";
import type { CardCheckRequest, GatewayAnswer } from "./gateway-schema.ts";
import { makeTokenCache } from "./token-cache.ts";

/** The outcome of one card check. */
export type CardCheck =
  | { readonly kind: "answer"; readonly answer: GatewayAnswer; readonly latencyMs: number }
  | {
      readonly kind: "unavailable";
      readonly reason: UnavailableReason;
      /** The gateway's maKetQua or the HTTP status, when there was one. */
      readonly resultCode: string | null;
      readonly latencyMs: number;
    };

export interface GatewayClientOptions {
  readonly baseUrl: string;
  /** The account the agency issued (or the mock's). */
  readonly account: { readonly username: string; readonly password: string };
  /** Longest wait for one attempt (default 3000 ms). */
  readonly timeoutMs?: number;
  /** Longest wait for the whole check including the retry (default 1.5 × timeoutMs). */
  readonly deadlineMs?: number;
  readonly fetch?: typeof fetch;
  readonly breaker?: CircuitBreaker;
  readonly random?: () => number;
  readonly now?: () => number;
}

export interface GatewayClient {
  /**
   * Asks the gateway about the card of `identity` on behalf of `as.clerk`, the person BHXH records
   * as asking; its API takes no date, so it answers as of its own today whatever `_day` says.
   */
  checkCard(identity: Identity, _day: string | undefined, as: { readonly clerk: Clerk }): Promise<CardCheck>;
}

const RETRY_PAUSE_MS = { min: 50, max: 150 } as const;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Attempts until an answer, a final refusal or the deadline: one retry after a short jittered
 * pause, and one new sign-in when the gateway refuses the kept token.
 */
async function askWithRetry(
  setup: AttemptSetup,
  request: CardCheckRequest,
  limits: { deadline: number; timeoutMs: number; random: () => number },
): Promise<Attempt> {
  let retried = false;
  let reauthenticated = false;
  let last: Attempt = { type: "final", reason: "timeout", resultCode: null };
  for (;;) {
    const remaining = limits.deadline - setup.now();
    if (remaining <= 0) return last;
    const attempt = await askOnce(setup, request, Math.min(limits.timeoutMs, remaining));
    if (attempt.type === "answer" || attempt.type === "final") return attempt;
    if (attempt.type === "auth") {
      setup.tokens.forget();
      last = { type: "final", reason: "http-error", resultCode: "401" };
      if (reauthenticated) return last;
      reauthenticated = true;
      continue;
    }
    last = attempt;
    if (retried) return attempt;
    retried = true;
    const jitter = RETRY_PAUSE_MS.min + limits.random() * (RETRY_PAUSE_MS.max - RETRY_PAUSE_MS.min);
    await pause(Math.max(0, Math.min(jitter, limits.deadline - setup.now())));
  }
}

/** Builds the client; one per container, so the token and the breaker are shared by check-ins. */
export function makeGatewayClient(options: GatewayClientOptions): GatewayClient {
  const timeoutMs = options.timeoutMs ?? 3000;
  const deadlineMs = options.deadlineMs ?? Math.round(timeoutMs * 1.5);
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? Math.random;
  const breaker = options.breaker ?? makeCircuitBreaker({ now });
  const setup: AttemptSetup = {
    base: options.baseUrl.replace(/\/+$/, ""),
    account: options.account,
    fetch: options.fetch ?? globalThis.fetch,
    tokens: makeTokenCache(now),
    now,
  };

  return {
    async checkCard(identity, _day, as) {
      const started = now();
      if (!breaker.tryAcquire())
        return { kind: "unavailable", reason: "circuit-open", resultCode: null, latencyMs: 0 };
      const request: CardCheckRequest = {
        maThe: identity.cardCode ?? identity.idNumber ?? "",
        hoTen: identity.name ?? "",
        ngaySinh: identity.birthDate === null ? "" : slashedFromIso(identity.birthDate),
        hoTenCb: as.clerk.name,
        cccdCb: as.clerk.id,
      };
      const outcome = await askWithRetry(setup, request, {
        deadline: started + deadlineMs,
        timeoutMs,
        random,
      });
      const latencyMs = now() - started;
      if (outcome.type === "answer") {
        breaker.recordSuccess();
        return { kind: "answer", answer: outcome.answer, latencyMs };
      }
      breaker.recordFailure();
      const { reason, resultCode } =
        outcome.type === "auth" ? { reason: "http-error" as const, resultCode: "401" } : outcome;
      return { kind: "unavailable", reason, resultCode, latencyMs };
    },
  };
}
