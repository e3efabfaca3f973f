/**
 * Token pairs of the mock gateway: an access token and an id token sharing one id and expiry,
 * each signed with a key derived from its account, so any instance of the function can check a
 * pair another instance issued, and a pair taken by one account never passes for another.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import * as z from "zod";
import type { GatewayAccount } from "#functions/config/gateway-account";
import type { CardCheckQuery } from "#functions/gateway/gateway-schema";

const claimsSchema = z.object({
  sub: z.string(),
  exp: z.number(),
  jti: z.string(),
  typ: z.enum(["access", "id"]),
});
type Claims = z.infer<typeof claimsSchema>;

/** A pair as issued: the two tokens and when they expire (ms since the epoch). */
interface IssuedPair {
  readonly accessToken: string;
  readonly idToken: string;
  readonly expiresAtMs: number;
}

export interface TokenIssuer {
  /** The account these credentials belong to, or null when the username or password is wrong. */
  accountOf(username: string, password: string): GatewayAccount | null;
  /** A new pair for `account`, valid for the configured lifetime from `nowMs`. */
  issue(account: GatewayAccount, nowMs: number): IssuedPair;
  /** True when the query names a known account and carries a live pair issued to it. */
  verify(query: CardCheckQuery, nowMs: number): boolean;
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Builds the issuer for the accounts the gateway knows. */
export function makeTokenIssuer(accounts: readonly GatewayAccount[], ttlSeconds: number): TokenIssuer {
  const keyOf = (account: GatewayAccount) =>
    createHash("sha256").update(`tiepdon-mock-gateway\n${account.username}\n${account.password}`).digest();
  const sign = (account: GatewayAccount, body: string) =>
    createHmac("sha256", keyOf(account)).update(body).digest("base64url");
  const encode = (account: GatewayAccount, claims: Claims) => {
    const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
    return `${body}.${sign(account, body)}`;
  };
  const decode = (account: GatewayAccount, token: string): Claims | null => {
    const [body, signature, ...rest] = token.split(".");
    if (body === undefined || signature === undefined || rest.length > 0) return null;
    if (!same(sign(account, body), signature)) return null;
    try {
      const claims = claimsSchema.safeParse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
      return claims.success ? claims.data : null;
    } catch {
      return null;
    }
  };
  const accountOf = (username: string, password: string) =>
    accounts.find((account) => same(account.username, username) && same(account.password, password)) ?? null;

  return {
    accountOf,
    issue(account, nowMs) {
      const exp = Math.floor(nowMs / 1000) + ttlSeconds;
      const jti = randomUUID();
      return {
        accessToken: encode(account, { sub: account.username, exp, jti, typ: "access" }),
        idToken: encode(account, { sub: account.username, exp, jti, typ: "id" }),
        expiresAtMs: exp * 1000,
      };
    },
    verify(query, nowMs) {
      const account = accountOf(query.username, query.password);
      if (account === null) return false;
      const access = decode(account, query.token);
      const id = decode(account, query.id_token);
      return (
        access !== null &&
        id !== null &&
        access.typ === "access" &&
        id.typ === "id" &&
        access.jti === id.jti &&
        access.sub === account.username &&
        id.sub === account.username &&
        access.exp * 1000 > nowMs
      );
    },
  };
}
