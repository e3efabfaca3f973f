/**
 * A TOTP secret as it rests in the accounts table: sealed with AES-256-GCM under the install's key,
 * with the account's stable id bound in as associated data, so a secret copied to another account
 * or opened with another key does not open.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "t1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

const associatedData = (accountId: string) => Buffer.from(`tiepdon totp secret\n${accountId}`, "utf8");

/** A 32-byte sealing key derived from the install's own secret material (never used as-is). */
export function deriveTotpSealKey(installSecret: string): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", installSecret, "tiepdon", "totp secret seal v1", 32));
}

/** Seals `secret` for the account `accountId`: "t1.<iv>.<ciphertext and tag>", Base64url. */
export function sealTotpSecret(key: Uint8Array, accountId: string, secret: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(accountId));
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString("base64url")}.${body.toString("base64url")}`;
}

/** Opens a sealed secret; null when it was sealed for another account or key, or was altered. */
export function openTotpSecret(key: Uint8Array, accountId: string, sealed: string): string | null {
  const [version, ivText, bodyText, ...rest] = sealed.split(".");
  if (version !== VERSION || ivText === undefined || bodyText === undefined || rest.length > 0) return null;
  try {
    const body = Buffer.from(bodyText, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(ivText, "base64url"), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(associatedData(accountId));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return null;
  }
}
