/**
 * The facility's signature on an XML0: an enveloped XML signature (RSA-SHA256, SHA-256 digest,
 * exclusive canonicalisation) over the whole document, placed in CHUKYDONVI, with the signing
 * certificate in KeyInfo so BHXH and any verifier can match it to the certificate the facility
 * registered. Made and checked with xml-crypto over @xmldom/xmldom.
 */
import { DOMParser, type Document, type Element, XMLSerializer } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import { type Bilingual, ERROR_CODE, InputError } from "#domain/errors";
import type { SigningCertificate } from "./signing-certificate.ts";

const SIGNATURE_ALGORITHM = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const DIGEST_ALGORITHM = "http://www.w3.org/2001/04/xmlenc#sha256";
const CANONICALIZATION = "http://www.w3.org/2001/10/xml-exc-c14n#";
const ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
const SIGNATURE_PLACE = "//*[local-name(.)='CHUKYDONVI']";

const SIGNATURE_MESSAGES = {
  XML0_SIGNATURE_PLACE: {
    vi: "Bảng XML0 phải có đúng một thẻ CHUKYDONVI trống để ký.",
    en: "An XML0 needs exactly one empty CHUKYDONVI element to sign.",
  },
  XML0_SIGNATURE_INVALID: {
    vi: "Chữ ký số của bảng XML0 không hợp lệ hoặc không phải của chứng thư đã đăng ký.",
    en: "The XML0 signature is invalid or not made with the registered certificate.",
  },
} as const satisfies Record<string, Bilingual>;

/** A document that cannot be signed, or whose signature does not hold. */
class Xml0SignatureError extends InputError {
  constructor(code: keyof typeof SIGNATURE_MESSAGES, options: { cause?: unknown } = {}) {
    super(code, SIGNATURE_MESSAGES[code], options);
  }
}

function parse(xml: string): Document {
  const errors: string[] = [];
  const document = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") errors.push(message);
    },
  }).parseFromString(xml, "text/xml");
  if (errors.length > 0)
    throw new Xml0SignatureError(ERROR_CODE.XML0_SIGNATURE_INVALID, { cause: new Error(errors.join("; ")) });
  return document;
}

function signaturePlaces(document: Document): Element[] {
  return Array.from(document.getElementsByTagName("CHUKYDONVI"));
}

/** Signs an unsigned XML0 (its CHUKYDONVI empty) with the facility's key; answers the signed text. */
export function signXml0(
  xml: string,
  certificate: Pick<SigningCertificate, "privateKeyPem" | "certificatePem">,
): string {
  const places = signaturePlaces(parse(xml));
  if (places.length !== 1 || places[0]?.childNodes.length !== 0) {
    throw new Xml0SignatureError(ERROR_CODE.XML0_SIGNATURE_PLACE);
  }
  const signer = new SignedXml({
    privateKey: certificate.privateKeyPem,
    publicCert: certificate.certificatePem,
    signatureAlgorithm: SIGNATURE_ALGORITHM,
    canonicalizationAlgorithm: CANONICALIZATION,
  });
  signer.addReference({
    xpath: "/*",
    transforms: [ENVELOPED, CANONICALIZATION],
    digestAlgorithm: DIGEST_ALGORITHM,
    isEmptyUri: true,
  });
  signer.computeSignature(xml, { location: { reference: SIGNATURE_PLACE, action: "append" } });
  return signer.getSignedXml();
}

/**
 * True when the XML0 carries, in CHUKYDONVI, one signature over the whole document (reference
 * URI "", enveloped) that verifies with `certificatePem`: the certificate the facility registered,
 * never the one the document brings along.
 */
export function verifyXml0Signature(xml: string, certificatePem: string): boolean {
  try {
    const document = parse(xml);
    const places = signaturePlaces(document);
    const signatures = Array.from(document.getElementsByTagNameNS(DSIG_NS, "Signature"));
    const signature = signatures[0];
    if (places.length !== 1 || signatures.length !== 1 || signature === undefined) return false;
    if (signature.parentNode !== places[0]) return false;
    const verifier = new SignedXml({ publicCert: certificatePem });
    verifier.loadSignature(new XMLSerializer().serializeToString(signature));
    if (verifier.signatureAlgorithm !== SIGNATURE_ALGORITHM) return false;
    if (!verifier.checkSignature(xml)) return false;
    const references = verifier.getReferences();
    return (
      references.length === 1 &&
      references.every((reference) => reference.uri === "" && reference.transforms.includes(ENVELOPED))
    );
  } catch {
    return false;
  }
}
