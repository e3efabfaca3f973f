/**
 * One attempt at a card check over HTTP: take (or reuse) the token pair, then ask. The outcome
 * says whether to retry, to sign in again, or to stop.
 */
import { type GatewayRequest, tokenRequest } from "./gateway-calls.ts";
import {
  type CardCheckRequest,
  GATEWAY_PATHS,
  type GatewayAnswer,
  gatewayAnswerSchema,
  tokenAnswerSchema,
} from "./gateway-schema.ts";
import { passwordDigest } from "./password-digest.ts";
import type { TokenCache, TokenPair } from "./token-cache.ts";

/** Why no usable answer came back. */
export type UnavailableReason =
  | "timeout"
  | "http-error"
  | "gateway-error"
  | "circuit-open"
  | "bad-answer"
  /** The facility has no gateway account registered: nothing was asked. */
  | "no-account";

export type Attempt =
  | { type: "answer"; answer: GatewayAnswer }
  | { type: "auth" }
  | { type: "retryable"; reason: UnavailableReason; resultCode: string | null }
  | { type: "final"; reason: UnavailableReason; resultCode: string | null };

/** Result codes that mean "the gateway failed, ask again". */
const RETRYABLE_CODES = new Set(["100", "101", "500"]);

/** The abort reason when one attempt runs out of its time budget. */
class AttemptTimeoutError extends Error {
  override readonly name = "AttemptTimeoutError";
}

export interface AttemptSetup {
  readonly base: string;
  readonly account: { readonly username: string; readonly password: string };
  readonly fetch: typeof fetch;
  readonly tokens: TokenCache;
  readonly now: () => number;
}

async function post(doFetch: typeof fetch, request: GatewayRequest, signal: AbortSignal) {
  const response = await doFetch(request.url, { ...request.init, signal });
  const text = await response.text();
  try {
    return { status: response.status, json: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, json: null };
  }
}

async function takeToken(setup: AttemptSetup, signal: AbortSignal): Promise<Attempt | TokenPair> {
  const kept = setup.tokens.current();
  if (kept !== null) return kept;
  const takenAt = setup.now();
  // The password travels only as its MD5 digest, in a form body as hospital software sends it.
  const request = tokenRequest(setup.base, setup.account.username, setup.account.password);
  const reply = await post(setup.fetch, request, signal);
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
  return setup.tokens.keep({ access: key.access_token, id: key.id_token }, key.expires_in, takenAt);
}

/** The card-check URL: the account and both tokens travel in the query string. */
function cardCheckUrl(setup: AttemptSetup, pair: TokenPair): string {
  const query = new URLSearchParams({
    token: pair.access,
    id_token: pair.id,
    username: setup.account.username,
    password: passwordDigest(setup.account.password),
  });
  return `${setup.base}${GATEWAY_PATHS.cardCheck}?${query}`;
}

/** What the card-check reply means. */
function attemptOf(reply: { status: number; json: unknown }): Attempt {
  if (reply.status === 401) return { type: "auth" };
  const parsed = gatewayAnswerSchema.safeParse(reply.json);
  if (reply.status >= 500) {
    const resultCode = parsed.success ? parsed.data.maKetQua : String(reply.status);
    return { type: "retryable", reason: "http-error", resultCode };
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
}

/** One attempt within `budgetMs`, token call included; never throws. */
export async function askOnce(
  setup: AttemptSetup,
  request: CardCheckRequest,
  budgetMs: number,
): Promise<Attempt> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new AttemptTimeoutError("gateway attempt timed out"));
  }, budgetMs);
  try {
    const pair = await takeToken(setup, controller.signal);
    if ("type" in pair) return pair;
    const cardCheck: GatewayRequest = {
      url: cardCheckUrl(setup, pair),
      init: {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(request),
      },
    };
    return attemptOf(await post(setup.fetch, cardCheck, controller.signal));
  } catch {
    return { type: "retryable", reason: timedOut ? "timeout" : "http-error", resultCode: null };
  } finally {
    clearTimeout(timer);
  }
}
