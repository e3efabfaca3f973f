/**
 * Access tokens of the mock gateway: an expiry signed with a key derived from the account, so
 * any instance of the function can check a token another instance issued.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import * as z from "zod";

const claimsSchema = z.object({ sub: z.string(), exp: z.number(), jti: z.string() });

export interface TokenIssuer {
  /** A new token valid for the configured lifetime from `nowMs`. */
  issue(nowMs: number): { token: string; expiresIn: number };
  /** True when the token was issued here and has not expired at `nowMs`. */
  verify(token: string, nowMs: number): boolean;
}

/** Builds the issuer for one account. */
export function makeTokenIssuer(account: {
  username: string;
  password: string;
  ttlSeconds: number;
}): TokenIssuer {
  const key = createHash("sha256")
    .update(`tiepdon-mock-gateway\n${account.username}\n${account.password}`)
    .digest();
  const sign = (body: string) => createHmac("sha256", key).update(body).digest("base64url");
  return {
    issue(nowMs) {
      const claims = {
        sub: account.username,
        exp: Math.floor(nowMs / 1000) + account.ttlSeconds,
        jti: randomUUID(),
      };
      const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
      return { token: `${body}.${sign(body)}`, expiresIn: account.ttlSeconds };
    },
    verify(token, nowMs) {
      const [body, signature, ...rest] = token.split(".");
      if (body === undefined || signature === undefined || rest.length > 0) return false;
      const expected = Buffer.from(sign(body));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
      } catch {
        return false;
      }
      const claims = claimsSchema.safeParse(json);
      return claims.success && claims.data.sub === account.username && claims.data.exp * 1000 > nowMs;
    },
  };
}
