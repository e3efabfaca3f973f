/**
 * A facility's signing certificate as it uploads it: a PKCS#12 file (.p12/.pfx) and its
 * passphrase, read with node-forge. Whatever cannot sign an XML0 is refused at upload with a
 * coded message: a wrong passphrase, a file that is not a certificate, a certificate outside its
 * validity, a key that does not belong to the certificate.
 */
import forge from "node-forge";
import { type Bilingual, ERROR_CODE, InputError } from "#domain/errors";

const CERTIFICATE_MESSAGES = {
  CERTIFICATE_NOT_PKCS12: {
    vi: "Tệp tải lên không phải chứng thư số dạng PKCS#12 (.p12, .pfx).",
    en: "The uploaded file is not a PKCS#12 certificate file (.p12, .pfx).",
  },
  CERTIFICATE_PASSPHRASE_WRONG: {
    vi: "Mật khẩu của tệp chứng thư số không đúng.",
    en: "The certificate file's password is wrong.",
  },
  CERTIFICATE_INCOMPLETE: {
    vi: "Tệp chứng thư số phải chứa cả chứng thư và khóa bí mật RSA của đơn vị.",
    en: "The certificate file must hold both the certificate and the facility's RSA private key.",
  },
  CERTIFICATE_EXPIRED: {
    vi: "Chứng thư số đã hết hạn hoặc chưa đến ngày có hiệu lực.",
    en: "The certificate has expired or is not valid yet.",
  },
  CERTIFICATE_KEY_MISMATCH: {
    vi: "Khóa bí mật trong tệp không khớp với chứng thư số.",
    en: "The private key in the file does not match the certificate.",
  },
} as const satisfies Record<string, Bilingual>;
type CertificateProblem = keyof typeof CERTIFICATE_MESSAGES;

/** An upload that cannot be used to sign. */
class CertificateError extends InputError {
  constructor(code: CertificateProblem, options: { cause?: unknown } = {}) {
    super(code, CERTIFICATE_MESSAGES[code], options);
  }
}

/** What signing needs from the upload, in PEM, and the facts the admin page shows. */
export interface SigningCertificate {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  readonly subject: string;
  readonly serialNumber: string;
  readonly validFrom: Date;
  readonly validTo: Date;
}

/** The part of forge's (untyped) password-based-encryption module that PBES2 decryption goes through. */
interface ForgePbes2 {
  getCipherForPBES2(oid: string, params: unknown, password: string): unknown;
}

function isForgePbes2(value: unknown): value is ForgePbes2 {
  return typeof value === "object" && value !== null && "getCipherForPBES2" in value;
}

// PBES2 (how openssl 3 and current Windows encrypt a .p12) derives its key from the passphrase's
// UTF-8 bytes, but forge hands PBKDF2 the JS string, which breaks every Vietnamese passphrase.
const pbe: unknown = Reflect.get(forge.pki, "pbe");
if (isForgePbes2(pbe)) {
  const original = pbe.getCipherForPBES2.bind(pbe);
  pbe.getCipherForPBES2 = (oid, params, password) => original(oid, params, forge.util.encodeUtf8(password));
}

function asn1Of(file: Uint8Array): forge.asn1.Asn1 {
  try {
    return forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(file).toString("binary")));
  } catch (error: unknown) {
    throw new CertificateError(ERROR_CODE.CERTIFICATE_NOT_PKCS12, { cause: error });
  }
}

function pkcs12Of(asn1: forge.asn1.Asn1, passphrase: string): forge.pkcs12.Pkcs12Pfx {
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, true, passphrase);
  } catch (error: unknown) {
    const text = error instanceof Error ? error.message : "";
    // forge says "Invalid password?" for a failed MAC and for contents that do not decrypt.
    const wrongPassphrase = /password|mac could not be verified|decrypt/i.test(text);
    throw new CertificateError(
      wrongPassphrase ? ERROR_CODE.CERTIFICATE_PASSPHRASE_WRONG : ERROR_CODE.CERTIFICATE_NOT_PKCS12,
      {
        cause: error,
      },
    );
  }
}

function firstBag(p12: forge.pkcs12.Pkcs12Pfx, type: string): forge.pkcs12.Bag | undefined {
  return p12.getBags({ bagType: type })[type]?.find((bag) => bag !== undefined);
}

function textOf(attribute: forge.pki.CertificateField): string {
  const value = String(attribute.value);
  // Typed as an ASN.1 class by @types/node-forge, it holds the value's universal type.
  const tag: unknown = attribute.valueTagClass;
  if (tag !== forge.asn1.Type.UTF8) return value;
  try {
    return forge.util.decodeUtf8(value);
  } catch {
    return value;
  }
}

function subjectOf(certificate: forge.pki.Certificate): string {
  return certificate.subject.attributes
    .map((attribute) => `${attribute.shortName ?? attribute.name ?? attribute.type}=${textOf(attribute)}`)
    .join(", ");
}

/**
 * Reads a PKCS#12 upload and checks that it can sign at `now`: refuses with CertificateError
 * (CERTIFICATE_NOT_PKCS12, CERTIFICATE_PASSPHRASE_WRONG, CERTIFICATE_INCOMPLETE,
 * CERTIFICATE_EXPIRED, CERTIFICATE_KEY_MISMATCH).
 */
export function readSigningCertificate(file: Uint8Array, passphrase: string, now: Date): SigningCertificate {
  const p12 = pkcs12Of(asn1Of(file), passphrase);
  const keyBag =
    firstBag(p12, forge.pki.oids.pkcs8ShroudedKeyBag ?? "") ?? firstBag(p12, forge.pki.oids.keyBag ?? "");
  const certificate = firstBag(p12, forge.pki.oids.certBag ?? "")?.cert;
  const key = keyBag?.key;
  if (certificate === undefined || key === undefined)
    throw new CertificateError(ERROR_CODE.CERTIFICATE_INCOMPLETE);
  const privateKey = key as forge.pki.rsa.PrivateKey;
  const publicKey = certificate.publicKey as forge.pki.rsa.PublicKey;
  if (privateKey.n === undefined || publicKey.n === undefined)
    throw new CertificateError(ERROR_CODE.CERTIFICATE_INCOMPLETE);
  if (privateKey.n.compareTo(publicKey.n) !== 0 || privateKey.e.compareTo(publicKey.e) !== 0) {
    throw new CertificateError(ERROR_CODE.CERTIFICATE_KEY_MISMATCH);
  }
  const { notBefore, notAfter } = certificate.validity;
  if (now.getTime() < notBefore.getTime() || now.getTime() > notAfter.getTime()) {
    throw new CertificateError(ERROR_CODE.CERTIFICATE_EXPIRED);
  }
  return {
    privateKeyPem: forge.pki.privateKeyToPem(privateKey),
    certificatePem: forge.pki.certificateToPem(certificate),
    subject: subjectOf(certificate),
    serialNumber: certificate.serialNumber,
    validFrom: notBefore,
    validTo: notAfter,
  };
}
