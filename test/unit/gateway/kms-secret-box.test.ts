import { DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { makeKmsSecretBox } from "#functions/gateway/kms-secret-box";

const KEY = "arn:aws:kms:ap-southeast-1:111122223333:key/facility-secrets";
const kms = mockClient(KMSClient);

/** A stand-in for KMS that, like KMS, binds each ciphertext to its encryption context. */
beforeEach(() => {
  kms.reset();
  kms
    .on(EncryptCommand)
    .callsFake((input: { Plaintext: Uint8Array; EncryptionContext: Record<string, string> }) => ({
      CiphertextBlob: Buffer.from(
        JSON.stringify({
          context: input.EncryptionContext,
          text: Buffer.from(input.Plaintext).toString("base64"),
        }),
      ),
    }));
  kms
    .on(DecryptCommand)
    .callsFake((input: { CiphertextBlob: Uint8Array; EncryptionContext: Record<string, string> }) => {
      const sealed = JSON.parse(Buffer.from(input.CiphertextBlob).toString("utf8")) as {
        context: unknown;
        text: string;
      };
      if (JSON.stringify(sealed.context) !== JSON.stringify(input.EncryptionContext))
        throw Object.assign(new Error("context mismatch"), { name: "InvalidCiphertextException" });
      return { Plaintext: Buffer.from(sealed.text, "base64") };
    });
});

describe("a facility secret sealed with KMS", () => {
  const box = makeKmsSecretBox(new KMSClient({ region: "ap-southeast-1" }), KEY);

  it("is encrypted under the facility's encryption context with the one key", async () => {
    const sealed = await box.seal("79001", "Mật khẩu 79001");
    expect(sealed.startsWith("kms1.")).toBe(true);
    expect(kms.commandCalls(EncryptCommand)[0]?.args[0].input).toMatchObject({
      KeyId: KEY,
      EncryptionContext: { facility: "79001" },
    });
    expect(await box.open("79001", sealed)).toBe("Mật khẩu 79001");
    expect(kms.commandCalls(DecryptCommand)[0]?.args[0].input.EncryptionContext).toEqual({
      facility: "79001",
    });
  });

  it("does not open under another facility, nor a value sealed another way", async () => {
    const sealed = await box.seal("79001", "Mật khẩu 79001");
    await expect(box.open("01001", sealed)).rejects.toMatchObject({ code: "GATEWAY_SECRET_UNREADABLE" });
    await expect(box.open("79001", "v1.abc.def")).rejects.toMatchObject({
      code: "GATEWAY_SECRET_UNREADABLE",
    });
  });
});
