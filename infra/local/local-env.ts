import { createHmac } from "node:crypto";
import { DEVICE_CLIENT_NAME } from "#domain/device-client";
import type { LocalCredentials } from "./data-folder.ts";
import type { SelfSignedCertificate } from "./demo-certificate.ts";
import type { ExternalGateway } from "./external-gateway.ts";
import type { TableNames } from "./table-definitions.ts";

/** The region the local functions name; DynamoDB Local keeps a database per key and region. */
export const LOCAL_REGION = "ap-southeast-1";

/**
 * The key for a DynamoDB Local this app does not own (the one a test run shares, or one in memory):
 * nothing is kept on disk under it.
 */
export const SHARED_LOCAL_CREDENTIALS: LocalCredentials = { accessKeyId: "local", secretAccessKey: "local" };

/** Local stand-ins for the clerk account the gateway knows; not secrets, they exist only here. */
export const LOCAL_GATEWAY_ACCOUNT = {
  username: "tiepdon-local",
  password: "local-only-password",
  clerkName: "Nguyễn Thị Tiếp Đón",
  clerkId: "001190000001",
} as const;

/**
 * This install's key for hashing ID numbers in the audit trail, derived from its own random
 * DynamoDB Local secret (kept in the private data folder), so each install has its own.
 */
export function localSubjectKey(credentials: LocalCredentials): string {
  return createHmac("sha256", credentials.secretAccessKey).update("tiepdon subject key").digest("base64");
}

/** This install's key for sealing the facilities' gateway secrets, derived like the subject key. */
function localFacilitySecretKey(credentials: LocalCredentials): string {
  return createHmac("sha256", credentials.secretAccessKey)
    .update("tiepdon facility secret key")
    .digest("base64");
}

/** The settings each function reads, pointing at DynamoDB Local and the mock gateway. */
export function localEnvironment(input: {
  endpoint: string;
  names: TableNames;
  baseUrl: string;
  credentials?: LocalCredentials;
}): Record<string, string> {
  const credentials = input.credentials ?? SHARED_LOCAL_CREDENTIALS;
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: LOCAL_REGION,
    DYNAMODB_ENDPOINT: input.endpoint,
    CHECKINS_TABLE: input.names.checkins,
    COUNTERS_TABLE: input.names.counters,
    IDEMPOTENCY_TABLE: input.names.idempotency,
    REGISTRY_TABLE: input.names.registry,
    FACILITIES_TABLE: input.names.facilities,
    LIMITS_TABLE: input.names.limits,
    AUDIT_TABLE: input.names.audit,
    SUBJECT_KEY: localSubjectKey(credentials),
    // The local provider's devices' client is called by its name; a staff role on it is refused.
    DEVICE_CLIENT_ID: DEVICE_CLIENT_NAME,
    GATEWAY_ACCOUNTS_TABLE: input.names.gatewayAccounts,
    FACILITY_SECRET_KEY: localFacilitySecretKey(credentials),
    GATEWAY_BASE_URL: `${input.baseUrl}/gateway`,
    GATEWAY_USERNAME: LOCAL_GATEWAY_ACCOUNT.username,
    GATEWAY_PASSWORD: LOCAL_GATEWAY_ACCOUNT.password,
    GATEWAY_FAULT_CONTROL: "on",
    // Calls reach the local server's streams in-process; AWS uses AppSync Events with the same message.
    CALL_CHANNEL: "local",
    POWERTOOLS_METRICS_NAMESPACE: "tiepdon",
    // EMF lines are for CloudWatch; locally they would only flood the console.
    POWERTOOLS_METRICS_DISABLED: "true",
  };
}

/**
 * The install's signing certificate, for the XML0 sender and for the built-in mock that checks
 * its signatures; a stand-in made at start, like the local gateway account.
 */
export function mockSigningEnvironment(certificate: SelfSignedCertificate): Record<string, string> {
  return {
    GATEWAY_SIGNING_KEY_PEM: certificate.privateKeyPem,
    GATEWAY_SIGNING_CERTIFICATE_PEM: certificate.certificatePem,
  };
}

/** The gateway settings of the functions when they call another gateway instead of the mock. */
export function externalGatewayEnvironment(gateway: ExternalGateway): Record<string, string> {
  return {
    GATEWAY_BASE_URL: gateway.baseUrl,
    GATEWAY_USERNAME: gateway.username,
    GATEWAY_PASSWORD: gateway.password,
    GATEWAY_FAULT_CONTROL: "off",
  };
}
