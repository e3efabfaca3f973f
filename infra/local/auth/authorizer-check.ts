import { createLocalJWKSet, type JWK, jwtVerify } from "jose";
import { SIGNING_ALG } from "./provider-keys.ts";

/** What the HTTP API's JWT authorizer is configured with. */
export interface AuthorizerSettings {
  readonly issuer: string;
  /** The authorizer's audience list: the app client ids. */
  readonly audiences: readonly string[];
  readonly jwks: readonly JWK[];
}

/**
 * Verifies a bearer token as API Gateway's HTTP API JWT authorizer does: a `kid` found in the
 * issuer's keys, an RSA signature, `iss` exactly the issuer, `exp` and `nbf` in force, and `aud`
 * among the audiences, or, only when there is no `aud`, `client_id` among them. Like the
 * authorizer it does not look at `token_use`: the functions refuse anything but ID tokens.
 * Answers the claims, or null for a token the authorizer would refuse (401).
 */
export function makeAuthorizerCheck(
  settings: AuthorizerSettings,
): (token: string) => Promise<Record<string, unknown> | null> {
  const keys = createLocalJWKSet({ keys: [...settings.jwks] });
  return async (token) => {
    try {
      const { payload, protectedHeader } = await jwtVerify(token, keys, {
        issuer: settings.issuer,
        algorithms: [SIGNING_ALG],
        requiredClaims: ["exp", "iat"],
      });
      if (typeof protectedHeader.kid !== "string") return null;
      const audience = payload.aud;
      const named =
        audience === undefined ? [payload.client_id] : Array.isArray(audience) ? audience : [audience];
      return named.some((value) => typeof value === "string" && settings.audiences.includes(value))
        ? payload
        : null;
    } catch {
      return null;
    }
  };
}
