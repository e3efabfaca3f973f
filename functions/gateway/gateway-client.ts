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
import { parseGatewayDateTime } from "./gateway-time.ts";

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

export interface GatewayClientOptions {
  readonly baseUrl: string;
  /** The account the agency issued (or the mock's). */
  readonly account: { readonly username: string; readonly password: string };
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

export interface GatewayClient {
  /** Asks the gateway about the card of `identity`; `today` is the Vietnamese day of the visit. */
  checkCard(identity: Identity, today: string): Promise<CardCheck>;
}

/** Result codes that mean "the gateway failed, ask again". */
const RETRYABLE_CODES = new Set(["100", "101", "500"]);
const RETRY_PAUSE_MS = { min: 50, max: 150 } as const;
/** A pair is kept under an hour whatever its expiry says, and given up a little before it expires. */
const TOKEN_KEPT_AT_MOST_MS = 55 * 60_000;
const TOKEN_RENEW_EARLY_MS = 60_000;
/** When the expiry cannot be read, the pair is kept this long (a 401 still brings a new one sooner). */
const TOKEN_KEPT_WHEN_UNREADABLE_MS = 5 * 60_000;

type Attempt =
  | { type: "answer"; answer: GatewayAnswer }
  | { type: "auth" }
  | { type: "retryable"; reason: UnavailableReason; resultCode: string | null }
  | { type: "final"; reason: UnavailableReason; resultCode: string | null };

/** The abort reason when one attempt runs out of its time budget. */
class AttemptTimeoutError extends Error {
  override readonly name = "AttemptTimeoutError";
}

/** Builds the client; one per container, so the token and the breaker are shared by check-ins. */
export function makeGatewayClient(options: GatewayClientOptions): GatewayClient {
  const timeoutMs = options.timeoutMs ?? 3000;
  const deadlineMs = options.deadlineMs ?? Math.round(timeoutMs * 1.5);
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? Math.random;
  const breaker = options.breaker ?? makeCircuitBreaker({ now });
  const base = options.baseUrl.replace(/\/+$/, "");
  let token: { access: string; id: string; renewAt: number } | null = null;

  async function post(url: string, body: unknown, signal: AbortSignal) {
    const response = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
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

  /** How long a pair taken now may be kept, from its expires_in date-time. */
  function renewAtOf(expiresIn: string, takenAt: number): number {
    const expiresAt = parseGatewayDateTime(expiresIn);
    if (expiresAt === null) return takenAt + TOKEN_KEPT_WHEN_UNREADABLE_MS;
    const early = Math.min(TOKEN_RENEW_EARLY_MS, (expiresAt - takenAt) / 10);
    return Math.min(expiresAt - early, takenAt + TOKEN_KEPT_AT_MOST_MS);
  }

  async function takeToken(signal: AbortSignal): Promise<Attempt | { access: string; id: string }> {
    if (token !== null && now() < token.renewAt) return token;
    const takenAt = now();
    const reply = await post(`${base}${GATEWAY_PATHS.token}`, options.account, signal);
    if (reply.status >= 500)
      return { type: "retryable", reason: "http-error", resultCode: String(reply.status) };
    const parsed = tokenAnswerSchema.safeParse(reply.json);
    const code = parsed.success ? parsed.data.maKetQua : null;
    // A refused account stays refused: asking again with the same password cannot help.
    if (reply.status === 401 || reply.status === 403 || code === "401") {
      return { type: "final", reason: "http-error", resultCode: "401" };
    }
    const key = parsed.success ? parsed.data.APIKey : null;
    if (reply.status !== 200 || code !== "200" || key === null || key === undefined)
      return { type: "final", reason: "bad-answer", resultCode: code };
    token = { access: key.access_token, id: key.id_token, renewAt: renewAtOf(key.expires_in, takenAt) };
    return token;
  }

  /** The card-check URL: the account and both tokens travel in the query string. */
  function cardCheckUrl(pair: { access: string; id: string }): string {
    const query = new URLSearchParams({
      token: pair.access,
      id_token: pair.id,
      username: options.account.username,
      password: options.account.password,
    });
    return `${base}${GATEWAY_PATHS.cardCheck}?${query}`;
  }

  async function askOnce(request: CardCheckRequest, budgetMs: number): Promise<Attempt> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new AttemptTimeoutError("gateway attempt timed out"));
    }, budgetMs);
    try {
      const pair = await takeToken(controller.signal);
      if ("type" in pair) return pair;
      const reply = await post(cardCheckUrl(pair), request, controller.signal);
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
