/**
 * The local app's stand-in signing certificate: an RSA key (Node's generator) and a self-signed
 * X.509 certificate built with node-forge, made at start and known only to this process's mock.
 */
import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";

export interface SelfSignedCertificate {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

export interface SelfSignedOptions {
  readonly commonName: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** A new 2048-bit RSA private key, PKCS#8 PEM. */
export function newRsaKeyPem(): string {
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
    type: "pkcs8",
    format: "pem",
  }) as string;
}

/** A self-signed certificate (SHA-256, subject = issuer = the common name in Viet Nam). */
export function makeSelfSignedCertificate(options: SelfSignedOptions): SelfSignedCertificate {
  const privateKeyPem = newRsaKeyPem();
  const key = forge.pki.privateKeyFromPem(privateKeyPem);
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  certificate.serialNumber = `0${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
  certificate.validity.notBefore = options.notBefore;
  certificate.validity.notAfter = options.notAfter;
  const name = [
    {
      shortName: "CN",
      value: options.commonName,
      // @types/node-forge calls this an ASN.1 class; forge reads it as the value's universal type.
      valueTagClass: forge.asn1.Type.UTF8 as number as forge.asn1.Class,
    },
    { shortName: "C", value: "VN" },
  ];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.sign(key, forge.md.sha256.create());
  return { privateKeyPem, certificatePem: forge.pki.certificateToPem(certificate) };
}

/** The local app's certificate: valid from yesterday for a year. */
export function makeDemoCertificate(now: Date): SelfSignedCertificate {
  const day = 86_400_000;
  return makeSelfSignedCertificate({
    commonName: "tiepdon local (chứng thư thử, không dùng thật)",
    notBefore: new Date(now.getTime() - day),
    notAfter: new Date(now.getTime() + 365 * day),
  });
}
