/**
 * The two calls an XML0 needs, sent and classified: taking a session for a facility's account,
 * and posting the signed XML0. Neither throws: each ends in an outcome the sender can act on
 * (keep the receipt, refresh the token, retry later, or keep the refusal and stop).
 */

import { type GatewayRequest, type GatewaySession, tokenRequest } from "./gateway-calls.ts";
import { tokenAnswerSchema } from "./gateway-schema.ts";
import { passwordDigest } from "./password-digest.ts";
import { xml0AnswerSchema } from "./xml0-protocol.ts";

/** What came of posting one XML0. */
export type Xml0Outcome =
  | { readonly kind: "accepted"; readonly transactionId: string | null; readonly receivedAt: string | null }
  | {
      readonly kind: "refused";
      readonly code: string;
      readonly message: string | null;
      /** True when the same message may pass later (the gateway's own failure). */
      readonly retryable: boolean;
    }
  /** The token pair is no longer accepted: take a new one and send again. */
  | { readonly kind: "session-expired" }
  /** No answer that could be read (timeout, network, HTTP 5xx, not JSON). */
  | { readonly kind: "unavailable"; readonly status: number | null };

/** What came of token/take. */
export type SessionOutcome =
  | { readonly kind: "session"; readonly session: GatewaySession; readonly expiresIn: string }
  /** The account was refused (wrong password, locked): asking again cannot help. */
  | { readonly kind: "refused"; readonly code: string }
  | { readonly kind: "unavailable"; readonly status: number | null };

/** Codes with which the gateway says the failure is its own. */
const GATEWAY_FAILURE_CODES = new Set(["100", "101", "500"]);

async function exchange(
  doFetch: typeof fetch,
  request: GatewayRequest,
  timeoutMs: number,
): Promise<{ status: number; json: unknown } | null> {
  try {
    const response = await doFetch(request.url, { ...request.init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    try {
      return { status: response.status, json: JSON.parse(text) };
    } catch {
      return { status: response.status, json: null };
    }
  } catch {
    return null;
  }
}

/** Takes a token pair for an account (the password goes as its MD5 digest). */
export async function takeSession(
  doFetch: typeof fetch,
  baseUrl: string,
  account: { readonly username: string; readonly password: string },
  timeoutMs: number,
): Promise<SessionOutcome> {
  const reply = await exchange(doFetch, tokenRequest(baseUrl, account.username, account.password), timeoutMs);
  if (reply === null || reply.status >= 500) return { kind: "unavailable", status: reply?.status ?? null };
  const parsed = tokenAnswerSchema.safeParse(reply.json);
  if (!parsed.success) return { kind: "unavailable", status: reply.status };
  const key = parsed.data.APIKey;
  if (parsed.data.maKetQua !== "200" || key === null || key === undefined) {
    return { kind: "refused", code: parsed.data.maKetQua };
  }
  return {
    kind: "session",
    session: {
      username: account.username,
      passwordDigest: passwordDigest(account.password),
      accessToken: key.access_token,
      idToken: key.id_token,
    },
    expiresIn: key.expires_in,
  };
}

/** Posts a built XML0 request (see xml0Request) and says what came of it. */
export async function postXml0(
  doFetch: typeof fetch,
  request: GatewayRequest,
  timeoutMs: number,
): Promise<Xml0Outcome> {
  const reply = await exchange(doFetch, request, timeoutMs);
  if (reply === null) return { kind: "unavailable", status: null };
  if (reply.status === 401) return { kind: "session-expired" };
  const parsed = xml0AnswerSchema.safeParse(reply.json);
  if (!parsed.success || reply.status >= 500) return { kind: "unavailable", status: reply.status };
  const answer = parsed.data;
  if (answer.maKetQua === "200") {
    return { kind: "accepted", transactionId: answer.maGiaoDich, receivedAt: answer.thoiGianTiepNhan };
  }
  if (answer.maKetQua === "401") return { kind: "session-expired" };
  return {
    kind: "refused",
    code: answer.maKetQua,
    message: answer.thongDiep,
    retryable: GATEWAY_FAILURE_CODES.has(answer.maKetQua),
  };
}
