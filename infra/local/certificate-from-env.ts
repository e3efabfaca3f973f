/**
 * The demo facility's signing certificate from the environment: `GATEWAY_CERTIFICATE` names a
 * PKCS#12 file and `GATEWAY_CERTIFICATE_PASSWORD` its passphrase, so `npm start` pointed at another
 * gateway can sign the demo facility's XML0 with the certificate registered there.
 */
import { readFileSync } from "node:fs";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { storeSigningCertificate } from "#functions/admin/gateway-account-admin";
import { INSTALL_ACCOUNT_FACILITY } from "#functions/config/gateway-account";
import type { FacilitySecretBox } from "#functions/gateway/facility-secret-box";
import { makeGatewayAccountStore } from "#functions/stores/gateway-account-store";

/** A PKCS#12 file's bytes and its passphrase. */
export interface DemoCertificate {
  readonly pkcs12: Uint8Array;
  readonly password: string;
}

/** Raised when the environment names a certificate that cannot be read; the message says what to fix. */
export class DemoCertificateError extends Error {
  override readonly name = "DemoCertificateError";
}

/** The certificate the environment names, or null when it names none. */
export function demoCertificateFrom(
  env: Readonly<Record<string, string | undefined>>,
): DemoCertificate | null {
  const file = env.GATEWAY_CERTIFICATE ?? "";
  if (file === "") {
    if ((env.GATEWAY_CERTIFICATE_PASSWORD ?? "") !== "")
      throw new DemoCertificateError(
        "GATEWAY_CERTIFICATE_PASSWORD is set without GATEWAY_CERTIFICATE (the .p12 file).",
      );
    return null;
  }
  try {
    return { pkcs12: readFileSync(file), password: env.GATEWAY_CERTIFICATE_PASSWORD ?? "" };
  } catch (error) {
    throw new DemoCertificateError(`GATEWAY_CERTIFICATE=${file} cannot be read: ${String(error)}`);
  }
}

/** Keeps the certificate for the demo facility, sealed with the install's key; answers its subject. */
export async function storeDemoCertificate(
  doc: DynamoDBDocumentClient,
  tableName: string,
  box: FacilitySecretBox,
  certificate: DemoCertificate,
): Promise<string> {
  return await storeSigningCertificate(
    { accounts: makeGatewayAccountStore(doc, tableName), box, now: () => new Date() },
    INSTALL_ACCOUNT_FACILITY,
    certificate.pkcs12,
    certificate.password,
  );
}
