/**
 * The HTTP client of the national card-check gateway. It never throws and never hangs: every
 * call ends as an answer or as "unavailable" within a deadline, so a slow or dead gateway only
 * turns check-ins into pending ones (NĐ 188/2025: the patient is admitted and re-checked later).
 */
import { slashedFromIso } from "#domain/date-text";
import type { Identity } from "#domain/types";
import { type CircuitBreaker, makeCircuitBreaker } from "./circuit-breaker.ts";
import {
  type CardCheckRequest,
  GATEWAY_PATHS,
  type GatewayAnswer,
  gatewayAnswerSchema,
  tokenAnswerSchema,
} from "./gateway-schema.ts";

/** Why no usable answer came back. */
export type UnavailableReason = "timeout" | "http-error" | "gateway-error" | "circuit-open" | "bad-answer";

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

export interface RegistryClientOptions {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  /** The clerk on whose behalf the gateway is asked (hoTenCb / cccdCb). */
  readonly clerkName: string;
  readonly clerkId: string;
  /** Longest wait for one attempt (default 3000 ms). */
  readonly timeoutMs?: number;
  /** Longest wait for the whole check including the retry (default 1.5 × timeoutMs). */
  readonly deadlineMs?: number;
  readonly fetch?: typeof fetch;
  readonly breaker?: CircuitBreaker;
  readonly random?: () => number;
  readonly now?: () => number;
}

export interface RegistryClient {
  /** Asks the gateway about the card of `identity`; `today` is the Vietnamese day of the visit. */
  checkCard(identity: Identity, today: string): Promise<CardCheck>;
}

/** Result codes that mean "the gateway failed, ask again". */
const RETRYABLE_CODES = new Set(["100", "101", "500"]);
const RETRY_PAUSE_MS = { min: 50, max: 150 } as const;

type Attempt =
  | { type: "answer"; answer: GatewayAnswer }
  | { type: "auth" }
  | { type: "retryable"; reason: UnavailableReason; resultCode: string | null }
  | { type: "final"; reason: UnavailableReason; resultCode: string | null };

class AttemptTimeout extends Error {
  override readonly name = "AttemptTimeout";
}

/** Builds the client; one per container, so the token and the breaker are shared by check-ins. */
export function makeRegistryClient(options: RegistryClientOptions): RegistryClient {
  const timeoutMs = options.timeoutMs ?? 3000;
  const deadlineMs = options.deadlineMs ?? Math.round(timeoutMs * 1.5);
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const breaker = options.breaker ?? makeCircuitBreaker({ now });
  const base = options.baseUrl.replace(/\/+$/, "");
  let token: { value: string; renewAt: number } | null = null;

  async function postJson(path: string, body: unknown, signal: AbortSignal, bearer?: string) {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "application/json",
    };
    if (bearer !== undefined) headers.authorization = `Bearer ${bearer}`;
    const response = await doFetch(`${base}${path}`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal,
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: response.status, json };
  }

  async function takeToken(signal: AbortSignal): Promise<Attempt | string> {
    if (token !== null && now() < token.renewAt) return token.value;
    const reply = await postJson(
      GATEWAY_PATHS.token,
      { username: options.username, password: options.password },
      signal,
    );
    if (reply.status >= 500)
      return { type: "retryable", reason: "http-error", resultCode: String(reply.status) };
    if (reply.status === 401 || reply.status === 403) {
      return { type: "final", reason: "http-error", resultCode: "401" };
    }
    const parsed = tokenAnswerSchema.safeParse(reply.json);
    if (reply.status !== 200 || !parsed.success)
      return { type: "final", reason: "bad-answer", resultCode: null };
    const ttlMs = parsed.data.expires_in * 1000;
    // Renew a little early so a token never expires between taking it and using it.
    token = { value: parsed.data.access_token, renewAt: now() + ttlMs - Math.min(60_000, ttlMs * 0.1) };
    return token.value;
  }

  async function askOnce(request: CardCheckRequest, budgetMs: number): Promise<Attempt> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new AttemptTimeout("gateway attempt timed out"));
    }, budgetMs);
    try {
      const bearer = await takeToken(controller.signal);
      if (typeof bearer !== "string") return bearer;
      const reply = await postJson(GATEWAY_PATHS.cardCheck, request, controller.signal, bearer);
      if (reply.status === 401) return { type: "auth" };
      const parsed = gatewayAnswerSchema.safeParse(reply.json);
      if (reply.status >= 500) {
        return {
          type: "retryable",
          reason: "http-error",
          resultCode: parsed.success ? parsed.data.maKetQua : String(reply.status),
        };
      }
      if (!parsed.success) {
        return reply.status === 200
          ? { type: "final", reason: "bad-answer", resultCode: null }
          : { type: "final", reason: "http-error", resultCode: String(reply.status) };
      }
      const code = parsed.data.maKetQua;
      if (code === "401") return { type: "auth" };
      if (RETRYABLE_CODES.has(code)) return { type: "retryable", reason: "gateway-error", resultCode: code };
      return { type: "answer", answer: parsed.data };
    } catch {
      return { type: "retryable", reason: timedOut ? "timeout" : "http-error", resultCode: null };
    } finally {
      clearTimeout(timer);
    }
  }

  const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  async function askWithRetry(request: CardCheckRequest, deadline: number): Promise<Attempt> {
    let retried = false;
    let reauthenticated = false;
    let last: Attempt = { type: "final", reason: "timeout", resultCode: null };
    for (;;) {
      const remaining = deadline - now();
      if (remaining <= 0) return last;
      const attempt = await askOnce(request, Math.min(timeoutMs, remaining));
      if (attempt.type === "answer" || attempt.type === "final") return attempt;
      if (attempt.type === "auth") {
        token = null;
        last = { type: "final", reason: "http-error", resultCode: "401" };
        if (reauthenticated) return last;
        reauthenticated = true;
        continue;
      }
      last = attempt;
      if (retried) return attempt;
      retried = true;
      const jitter = RETRY_PAUSE_MS.min + random() * (RETRY_PAUSE_MS.max - RETRY_PAUSE_MS.min);
      await pause(Math.max(0, Math.min(jitter, deadline - now())));
    }
  }

  return {
    async checkCard(identity, _today) {
      const started = now();
      if (!breaker.tryAcquire())
        return { kind: "unavailable", reason: "circuit-open", resultCode: null, latencyMs: 0 };
      const request: CardCheckRequest = {
        maThe: identity.cardCode ?? identity.idNumber ?? "",
        hoTen: identity.name ?? "",
        ngaySinh: identity.birthDate === null ? "" : slashedFromIso(identity.birthDate),
        hoTenCb: options.clerkName,
        cccdCb: options.clerkId,
      };
      const outcome = await askWithRetry(request, started + deadlineMs);
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
