/**
 * The check of a new gateway password before it is stored: one token request (token/take with the
 * password's MD5 digest). The gateway's refusal is final; a gateway that cannot be reached says
 * nothing about the password, so onboarding is not blocked by an outage.
 */
import type { GatewayAccount } from "#functions/config/gateway-account";
import { tokenRequest } from "./gateway-calls.ts";
import { tokenAnswerSchema } from "./gateway-schema.ts";

/** What one token request says of an account: it signs in, it is refused, or no answer came. */
export type PasswordCheck = "accepted" | "refused" | "unreachable";

export interface PasswordCheckOptions {
  readonly baseUrl: string;
  readonly fetch?: typeof fetch;
  /** Longest wait for the token answer (default 5000 ms). */
  readonly timeoutMs?: number;
}

/** Builds the check against the gateway at `baseUrl`. */
export function makePasswordCheck(
  options: PasswordCheckOptions,
): (account: GatewayAccount) => Promise<PasswordCheck> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 5000;
  return async (account) => {
    const request = tokenRequest(options.baseUrl, account.username, account.password);
    let status: number;
    let body: unknown;
    try {
      const response = await doFetch(request.url, {
        ...request.init,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      body = await response.json().catch(() => null);
    } catch {
      return "unreachable";
    }
    const answer = tokenAnswerSchema.safeParse(body);
    const code = answer.success ? answer.data.maKetQua : null;
    if (status === 401 || status === 403 || code === "401") return "refused";
    if (
      status === 200 &&
      code === "200" &&
      answer.success &&
      answer.data.APIKey !== null &&
      answer.data.APIKey !== undefined
    )
      return "accepted";
    return "unreachable";
  };
}
