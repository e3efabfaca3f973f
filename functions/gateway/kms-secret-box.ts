/**
 * The facility secret box in AWS: KMS Encrypt and Decrypt under one customer-managed key, with the
 * encryption context `{facility: <code>}`. The key policy lets the functions that call the gateway
 * decrypt and the administration function encrypt only with that context key present, and a value
 * sealed for one facility does not decrypt under another's context.
 */
import { DecryptCommand, EncryptCommand, type KMSClient } from "@aws-sdk/client-kms";
import type { FacilitySecretBox } from "./facility-secret-box.ts";
import { SealError } from "./facility-secret-seal.ts";

const PREFIX = "kms1.";
/** KMS encrypts at most 4 KiB directly; an RSA-4096 private key in PEM is about 3.3 KiB. */
const MAX_PLAINTEXT_BYTES = 4096;

/** The encryption context every facility secret is sealed under. */
function facilityContext(facilityCode: string): Record<string, string> {
  return { facility: facilityCode };
}

/** Builds the box over a KMS client (built once per container) and the key's ARN or alias. */
export function makeKmsSecretBox(kms: KMSClient, keyId: string): FacilitySecretBox {
  return {
    async seal(facilityCode, text) {
      const plaintext = Buffer.from(text, "utf8");
      if (plaintext.length > MAX_PLAINTEXT_BYTES) throw new RangeError("a facility secret is at most 4 KiB");
      const answer = await kms.send(
        new EncryptCommand({
          KeyId: keyId,
          Plaintext: plaintext,
          EncryptionContext: facilityContext(facilityCode),
        }),
      );
      if (answer.CiphertextBlob === undefined) throw new Error("KMS answered no ciphertext");
      return `${PREFIX}${Buffer.from(answer.CiphertextBlob).toString("base64")}`;
    },
    async open(facilityCode, sealed) {
      if (!sealed.startsWith(PREFIX)) throw new SealError();
      try {
        const answer = await kms.send(
          new DecryptCommand({
            KeyId: keyId,
            CiphertextBlob: Buffer.from(sealed.slice(PREFIX.length), "base64"),
            EncryptionContext: facilityContext(facilityCode),
          }),
        );
        if (answer.Plaintext === undefined) throw new Error("KMS answered no plaintext");
        return Buffer.from(answer.Plaintext).toString("utf8");
      } catch (error: unknown) {
        throw new SealError({ cause: error });
      }
    },
  };
}
