/**
 * A facility's gateway secrets (password, signing key and certificate) as they rest in the store:
 * sealed with AES-256-GCM under the install's key, with the facility's code bound in as associated
 * data, so a record copied to another facility, altered, or opened with another key does not open.
 * In AWS the same role falls to KMS with an encryption context naming the facility.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import * as z from "zod";
import { type Bilingual, ERROR_CODE, InputError } from "#domain/errors";

/** What is sealed: everything the sender needs and nothing the admin page ever reads back. */
const facilitySecretSchema = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
  privateKeyPem: z.string().startsWith("-----BEGIN"),
  certificatePem: z.string().startsWith("-----BEGIN CERTIFICATE-----"),
});
export type FacilitySecret = z.infer<typeof facilitySecretSchema>;

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

const SEAL_MESSAGES = {
  GATEWAY_SECRET_UNREADABLE: {
    vi: "Không đọc được tài khoản cổng giám định đã lưu của cơ sở này; hãy nhập lại tài khoản và chứng thư số.",
    en: "The stored gateway account of this facility cannot be read; enter the account and certificate again.",
  },
} as const satisfies Record<string, Bilingual>;

/** A sealed record that does not open for this facility with this key. */
export class SealError extends InputError {
  constructor(options: { cause?: unknown } = {}) {
    super(ERROR_CODE.GATEWAY_SECRET_UNREADABLE, SEAL_MESSAGES.GATEWAY_SECRET_UNREADABLE, options);
  }
}

function associatedData(facilityCode: string): Buffer {
  return Buffer.from(`tiepdon gateway account\n${facilityCode}`, "utf8");
}

function checkKey(key: Uint8Array): void {
  if (key.length !== 32) throw new RangeError("the sealing key must be 32 bytes");
}

/** Seals a text for `facilityCode`: "v1.<iv>.<ciphertext and tag>", Base64url. */
export function sealFacilityText(key: Uint8Array, facilityCode: string, text: string): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(facilityCode));
  const body = Buffer.concat([cipher.update(text, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString("base64url")}.${body.toString("base64url")}`;
}

/** Opens a text sealed for `facilityCode`; throws SealError for any other facility, key or change. */
export function openFacilityText(key: Uint8Array, facilityCode: string, sealed: string): string {
  checkKey(key);
  const [version, ivText, bodyText, ...rest] = sealed.split(".");
  if (version !== VERSION || ivText === undefined || bodyText === undefined || rest.length > 0)
    throw new SealError();
  try {
    const body = Buffer.from(bodyText, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(ivText, "base64url"), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(associatedData(facilityCode));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch (error: unknown) {
    throw new SealError({ cause: error });
  }
}

/** Seals `secret` for `facilityCode`: "v1.<iv>.<ciphertext and tag>", Base64url. */
export function sealFacilitySecret(key: Uint8Array, facilityCode: string, secret: FacilitySecret): string {
  return sealFacilityText(key, facilityCode, JSON.stringify(secret));
}

/** Opens a record sealed for `facilityCode`; throws SealError for any other facility, key or change. */
export function openFacilitySecret(key: Uint8Array, facilityCode: string, sealed: string): FacilitySecret {
  const text = openFacilityText(key, facilityCode, sealed);
  try {
    return facilitySecretSchema.parse(JSON.parse(text));
  } catch (error: unknown) {
    throw new SealError({ cause: error });
  }
}
