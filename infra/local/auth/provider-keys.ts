import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import * as z from "zod";
import { deriveTotpSealKey } from "#functions/mfa/totp-seal";

/** The HTTP API JWT authorizer verifies RSA signatures only, so the local provider signs with RS256. */
export const SIGNING_ALG = "RS256";

const keyFileSchema = z.object({ privateJwk: z.record(z.string(), z.unknown()) });

export interface SigningKey {
  /** The private key, as the provider's JWKS configuration takes it. */
  readonly privateJwk: JWK;
  /** The public half, as the discovery document's jwks_uri serves it. */
  readonly publicJwk: JWK;
}

/** Only the public members: an RSA private JWK also holds d, p, q, dp, dq and qi. */
function publicPart(jwk: JWK): JWK {
  const publicJwk: JWK = { use: "sig" };
  for (const name of ["kty", "n", "e", "kid", "alg"] as const) {
    const value = jwk[name];
    if (value !== undefined) Object.assign(publicJwk, { [name]: value });
  }
  return publicJwk;
}

/** Loads the provider's key from the data folder, or makes one (kept 600 there, or in memory only). */
export async function loadOrCreateSigningKey(keyFile: string | null): Promise<SigningKey> {
  if (keyFile !== null && existsSync(keyFile)) {
    const parsed = keyFileSchema.parse(JSON.parse(readFileSync(keyFile, "utf8")));
    const privateJwk = parsed.privateJwk as JWK;
    return { privateJwk, publicJwk: publicPart(privateJwk) };
  }
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true, modulusLength: 2048 });
  const privateJwk: JWK = {
    ...(await exportJWK(privateKey)),
    kid: randomUUID(),
    alg: SIGNING_ALG,
    use: "sig",
  };
  if (keyFile !== null) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify({ privateJwk }), { mode: 0o600 });
  }
  return { privateJwk, publicJwk: publicPart(privateJwk) };
}

/** The key TOTP secrets are sealed with, derived from the install's private key (its `d` member). */
export function totpSealKeyOf(key: SigningKey): Uint8Array {
  const secret = key.privateJwk.d;
  if (secret === undefined) throw new Error("the provider's signing key has no private part");
  return deriveTotpSealKey(secret);
}

const cookieKeysSchema = z.object({ keys: z.array(z.string().min(32)).min(1) });

/**
 * The keys the provider signs its cookies with (the sign-in session and the interaction in
 * progress). Kept in the data folder (600) so a restart of the local app keeps everyone signed in,
 * or made per start when there is no data folder. The first key signs; all of them verify.
 */
export function loadOrCreateCookieKeys(keyFile: string | null): string[] {
  if (keyFile !== null && existsSync(keyFile)) {
    return cookieKeysSchema.parse(JSON.parse(readFileSync(keyFile, "utf8"))).keys;
  }
  const keys = [randomBytes(32).toString("base64url")];
  if (keyFile !== null) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify({ keys }), { mode: 0o600 });
  }
  return keys;
}
