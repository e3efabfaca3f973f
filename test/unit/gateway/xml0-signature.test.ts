import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { buildXml0, type Xml0Visit } from "#domain/xml0";
import { readSigningCertificate } from "#functions/gateway/signing-certificate";
import { signXml0, verifyXml0Signature } from "#functions/gateway/xml0-signature";
import { makeTestCertificate } from "#test/support/test-certificates";

const run = promisify(execFile);
const NOW = new Date("2026-12-07T01:05:30Z");
const DAY = 86_400_000;
const PASSPHRASE = "Mật khẩu đơn vị 01001";

const VISIT: Xml0Visit = {
  visitKey: "01001-20261207-000042",
  patientCode: "001090012345",
  fullName: "Nguyễn Văn An",
  idNumber: "001090012345",
  birthDate: "1990-03-15",
  sex: "male",
  cardCode: "DN4010123456789",
  primaryFacility: "01001",
  cardValidFrom: "2026-01-01",
  cardValidTo: "2030-12-31",
  visitGroup: "1.1",
  arrivedAt: NOW,
  facilityCode: "01001",
  service: { code: "02.1896", name: "Khám Nội" },
};

const valid = { notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 365 * DAY) };
const facility = makeTestCertificate(valid);
const other = makeTestCertificate({ ...valid, commonName: "Trung tâm Y tế Núi Thành (mẫu)" });
const dir = mkdtempSync(join(tmpdir(), "tiepdon-xmlsec-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Debian's xmlsec1, an independent verifier, with `certificatePem` as the only key it may use. */
async function xmlsecVerify(xml: string, certificatePem: string): Promise<{ ok: boolean; output: string }> {
  const name = `${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(dir, `${name}.xml`), xml);
  writeFileSync(join(dir, `${name}.pem`), certificatePem);
  try {
    const { stdout, stderr } = await run("xmlsec1", [
      "--verify",
      "--pubkey-cert-pem",
      join(dir, `${name}.pem`),
      join(dir, `${name}.xml`),
    ]);
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error: unknown) {
    return { ok: false, output: String(error) };
  }
}

describe("the facility's signature on an XML0", () => {
  const certificate = readSigningCertificate(facility.pkcs12(PASSPHRASE), PASSPHRASE, NOW);
  const signed = signXml0(buildXml0([VISIT]), certificate);

  it("is verified by xmlsec1 with the facility's certificate", async () => {
    const result = await xmlsecVerify(signed, facility.certificatePem);
    expect(result.output).toContain("SignedInfo References (ok/all): 1/1");
    expect(result.ok).toBe(true);
  });

  it("is refused by xmlsec1 with another facility's certificate, or once a field is changed", async () => {
    expect((await xmlsecVerify(signed, other.certificatePem)).ok).toBe(false);
    const tampered = signed.replace("<MA_DICH_VU>02.1896</MA_DICH_VU>", "<MA_DICH_VU>02.1897</MA_DICH_VU>");
    expect(tampered).not.toBe(signed);
    expect((await xmlsecVerify(tampered, facility.certificatePem)).ok).toBe(false);
  });

  it("sits enveloped in CHUKYDONVI as RSA-SHA256 over the whole document, with the certificate", () => {
    const place = /<CHUKYDONVI>(.*)<\/CHUKYDONVI>/s.exec(signed)?.[1] ?? "";
    expect(place).toMatch(/^<Signature xmlns="http:\/\/www.w3.org\/2000\/09\/xmldsig#">/);
    expect(place).toContain(
      '<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>',
    );
    expect(place).toContain('<Reference URI="">');
    expect(place).toContain('<Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>');
    const pemBody = facility.certificatePem.replace(/-----[^-]+-----|\s/g, "");
    expect(place).toContain(`<X509Certificate>${pemBody}</X509Certificate>`);
  });

  it("is checked against the registered certificate, never the one the message brings", () => {
    expect(verifyXml0Signature(signed, facility.certificatePem)).toBe(true);
    expect(verifyXml0Signature(signed, other.certificatePem)).toBe(false);
    const foreign = readSigningCertificate(other.pkcs12("x"), "x", NOW);
    expect(verifyXml0Signature(signXml0(buildXml0([VISIT]), foreign), facility.certificatePem)).toBe(false);
    expect(
      verifyXml0Signature(signed.replace("Nguyễn Văn An", "Nguyễn Văn Ân"), facility.certificatePem),
    ).toBe(false);
    expect(verifyXml0Signature(buildXml0([VISIT]), facility.certificatePem)).toBe(false);
  });

  it("will not sign twice or sign a message without its signature place", () => {
    expect(() => signXml0(signed, certificate)).toThrow(
      expect.objectContaining({ code: "XML0_SIGNATURE_PLACE" }),
    );
    const noPlace = buildXml0([VISIT]).replace("<CHUKYDONVI></CHUKYDONVI>", "");
    expect(() => signXml0(noPlace, certificate)).toThrow(
      expect.objectContaining({ code: "XML0_SIGNATURE_PLACE" }),
    );
  });
});

describe("a signing certificate at upload", () => {
  const codeOf = (read: () => unknown): string => {
    try {
      read();
      return "accepted";
    } catch (error: unknown) {
      return typeof error === "object" && error !== null && "code" in error ? String(error.code) : "thrown";
    }
  };

  it("reads today's and older PKCS#12 files with a Vietnamese passphrase, and tells what it holds", () => {
    for (const file of [facility.pkcs12(PASSPHRASE), facility.legacyPkcs12(PASSPHRASE)]) {
      const read = readSigningCertificate(file, PASSPHRASE, NOW);
      expect(read.subject).toBe("CN=Bệnh viện Đa khoa Thành phố (mẫu), C=VN");
      expect(read.validTo.toISOString()).toBe(valid.notAfter.toISOString().replace(/\.\d+Z$/, ".000Z"));
      expect(read.certificatePem.replace(/\r/g, "")).toBe(facility.certificatePem.replace(/\r/g, ""));
    }
  });

  it("refuses a wrong passphrase", () => {
    expect(codeOf(() => readSigningCertificate(facility.pkcs12(PASSPHRASE), "mat khau", NOW))).toBe(
      "CERTIFICATE_PASSPHRASE_WRONG",
    );
    expect(codeOf(() => readSigningCertificate(facility.legacyPkcs12(PASSPHRASE), "", NOW))).toBe(
      "CERTIFICATE_PASSPHRASE_WRONG",
    );
  });

  it("refuses a file that is not a certificate", () => {
    const text = new TextEncoder().encode("MA_CSKCB,TEN\n01001,Bệnh viện\n");
    expect(codeOf(() => readSigningCertificate(text, PASSPHRASE, NOW))).toBe("CERTIFICATE_NOT_PKCS12");
    const pem = new TextEncoder().encode(facility.certificatePem);
    expect(codeOf(() => readSigningCertificate(pem, PASSPHRASE, NOW))).toBe("CERTIFICATE_NOT_PKCS12");
  });

  it("refuses a certificate past its end or before its start", () => {
    const expired = makeTestCertificate({
      notBefore: new Date(NOW.getTime() - 400 * DAY),
      notAfter: new Date(NOW.getTime() - DAY),
    });
    const early = makeTestCertificate({
      notBefore: new Date(NOW.getTime() + DAY),
      notAfter: new Date(NOW.getTime() + 400 * DAY),
    });
    expect(codeOf(() => readSigningCertificate(expired.pkcs12("a"), "a", NOW))).toBe("CERTIFICATE_EXPIRED");
    expect(codeOf(() => readSigningCertificate(early.pkcs12("a"), "a", NOW))).toBe("CERTIFICATE_EXPIRED");
  });

  it("refuses a file whose key is not the certificate's", () => {
    const mismatched = makeTestCertificate({ ...valid, otherKey: true });
    expect(codeOf(() => readSigningCertificate(mismatched.pkcs12("a"), "a", NOW))).toBe(
      "CERTIFICATE_KEY_MISMATCH",
    );
  });
});
