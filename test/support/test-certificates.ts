/**
 * Signing certificates made on the spot for tests: an RSA key (Node's generator) and a
 * self-signed X.509 certificate built with node-forge, and PKCS#12 files written by the openssl
 * command (node-forge's own PKCS#12 writer makes files whose MAC neither it nor openssl accepts).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import forge from "node-forge";
import { makeSelfSignedCertificate, newRsaKeyPem } from "#infra/local/demo-certificate";

export interface TestCertificateOptions {
  readonly commonName?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Put another key than the certificate's in the file (then written unencrypted by forge). */
  readonly otherKey?: boolean;
}

export interface TestCertificate {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  /** The PKCS#12 file `openssl pkcs12 -export` writes with its current defaults (AES-256, SHA-256 MAC). */
  pkcs12(passphrase: string): Uint8Array;
  /** The same in the older encryption (3DES, SHA-1 MAC) that older Windows exports still use. */
  legacyPkcs12(passphrase: string): Uint8Array;
}

/** A self-signed facility certificate, valid from yesterday for a year unless told otherwise. */
export function makeTestCertificate(options: TestCertificateOptions = {}): TestCertificate {
  const { privateKeyPem, certificatePem } = makeSelfSignedCertificate({
    commonName: options.commonName ?? "Bệnh viện Đa khoa Thành phố (mẫu)",
    notBefore: options.notBefore ?? new Date(Date.now() - 86_400_000),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * 86_400_000),
  });
  const certificate = forge.pki.certificateFromPem(certificatePem);
  const keyInFilePem = options.otherKey === true ? newRsaKeyPem() : privateKeyPem;

  const pkcs12 = (passphrase: string, extra: readonly string[]) => {
    const dir = mkdtempSync(join(tmpdir(), "tiepdon-p12-"));
    try {
      writeFileSync(join(dir, "key.pem"), keyInFilePem);
      writeFileSync(join(dir, "cert.pem"), certificatePem);
      const out = join(dir, "file.p12");
      const files = ["-inkey", join(dir, "key.pem"), "-in", join(dir, "cert.pem"), "-out", out];
      execFileSync("openssl", ["pkcs12", "-export", ...files, "-passout", "stdin", ...extra], {
        input: `${passphrase}\n`,
      });
      return readFileSync(out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // openssl will not pack a key with a certificate it does not belong to: forge writes that file,
  // unencrypted and without a MAC, so any passphrase opens it.
  const unprotected = () => {
    const asn1 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(keyInFilePem), [certificate], null, {
      useMac: false,
    });
    return Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary");
  };
  return {
    privateKeyPem,
    certificatePem,
    pkcs12: (passphrase) => (options.otherKey === true ? unprotected() : pkcs12(passphrase, [])),
    legacyPkcs12: (passphrase) =>
      pkcs12(passphrase, ["-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1"]),
  };
}
