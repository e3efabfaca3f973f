import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from "jose";
import * as z from "zod";
import type { DevTokenRequest } from "#domain/dev-token";
import type { Role } from "#domain/roles";
import { CLAIMS, NATIONAL_GROUP } from "#functions/http/auth";
import { LOCAL_GATEWAY_ACCOUNT } from "./local-env.ts";

const ISSUER = "tiepdon-local";
const AUDIENCE = "tiepdon-web";
const ALG = "ES256";

/** Mints and verifies the local stand-in for Cognito ID tokens, with the same claim names. */
export interface DevAuth {
  mint(request: DevTokenRequest, options?: { expiresInSeconds?: number }): Promise<string>;
  /** The verified claims, or null for a missing, expired, tampered or foreign token. */
  verify(token: string): Promise<Record<string, unknown> | null>;
}

const keyFileSchema = z.object({
  privateJwk: z.record(z.string(), z.unknown()),
  publicJwk: z.record(z.string(), z.unknown()),
});

async function loadOrCreateKeys(keyFile: string | null): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  if (keyFile !== null && existsSync(keyFile)) {
    const parsed = keyFileSchema.parse(JSON.parse(readFileSync(keyFile, "utf8")));
    return { privateJwk: parsed.privateJwk as JWK, publicJwk: parsed.publicJwk as JWK };
  }
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const keys = { privateJwk: await exportJWK(privateKey), publicJwk: await exportJWK(publicKey) };
  if (keyFile !== null) {
    mkdirSync(dirname(keyFile), { recursive: true });
    // The key is generated per install and kept out of git with the data folder.
    writeFileSync(keyFile, JSON.stringify(keys), { mode: 0o600 });
  }
  return keys;
}

/**
 * Creates the local signer; with a key file the key survives restarts, without one it lives in
 * memory. A receptionist's token names `clerk`, the demo clerk the gateway knows (the mock's, or
 * the one an outside gateway was given in the environment).
 */
export async function makeDevAuth(
  keyFile: string | null,
  clerk: { readonly name: string; readonly id: string } = {
    name: LOCAL_GATEWAY_ACCOUNT.clerkName,
    id: LOCAL_GATEWAY_ACCOUNT.clerkId,
  },
): Promise<DevAuth> {
  const { privateJwk, publicJwk } = await loadOrCreateKeys(keyFile);
  const privateKey = await importJWK(privateJwk, ALG);
  const publicKey = await importJWK(publicJwk, ALG);
  return {
    async mint(request, options = {}) {
      const role: Role = request.role;
      const subject = `local-${role}-${request.facility ?? request.province ?? "national"}`;
      // The demo's health department or administrator without a province asks for the whole country, so it says so.
      const national = (role === "health-dept" || role === "admin") && request.province === undefined;
      return await new SignJWT({
        [CLAIMS.groups]: national ? [role, NATIONAL_GROUP] : [role],
        ...(request.facility === undefined ? {} : { [CLAIMS.facility]: request.facility }),
        ...(request.province === undefined ? {} : { [CLAIMS.province]: request.province }),
        // A demo receptionist checks cards as the clerk it names, else as the demo clerk.
        ...(role === "receptionist"
          ? { [CLAIMS.name]: (request.clerk ?? clerk).name, [CLAIMS.idNumber]: (request.clerk ?? clerk).id }
          : {}),
        token_use: "id",
      })
        .setProtectedHeader({ alg: ALG, typ: "JWT" })
        .setSubject(subject)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setJti(randomUUID())
        .setIssuedAt()
        .setNotBefore("0s")
        .setExpirationTime(`${options.expiresInSeconds ?? 8 * 3600}s`)
        .sign(privateKey);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, publicKey, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: [ALG],
        });
        return payload;
      } catch {
        return null;
      }
    },
  };
}
