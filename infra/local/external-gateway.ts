/**
 * `npm start` against another gateway (the real national one, or its training gateway): when the
 * environment names one, the local functions call it instead of the mounted mock.
 */
import { gatewayBaseUrlSetting, withGatewayBaseUrl } from "#functions/config/gateway-base-url";

/** The settings that point the local app at another gateway; all of them or none. */
export const EXTERNAL_GATEWAY_SETTINGS = [
  "GATEWAY_BASE_URL",
  "GATEWAY_USERNAME",
  "GATEWAY_PASSWORD",
  "GATEWAY_CLERK_NAME",
  "GATEWAY_CLERK_ID",
] as const;

export interface ExternalGateway {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly clerkName: string;
  readonly clerkId: string;
}

/** Raised when the environment names a gateway only in part, or wrongly; the message says what to fix. */
export class ExternalGatewayError extends Error {
  override readonly name = "ExternalGatewayError";
}

/** The gateway the environment names, or null when it names none (the mock is mounted then). */
export function externalGatewayFrom(
  environment: Readonly<Record<string, string | undefined>>,
): ExternalGateway | null {
  const setting = gatewayBaseUrlSetting(environment) ?? "GATEWAY_BASE_URL";
  const env = withGatewayBaseUrl(environment);
  const given = EXTERNAL_GATEWAY_SETTINGS.filter((name) => (env[name] ?? "") !== "");
  if (given.length === 0) return null;
  const missing = EXTERNAL_GATEWAY_SETTINGS.filter((name) => !given.includes(name));
  if (missing.length > 0) {
    throw new ExternalGatewayError(
      `to use another gateway set all of ${EXTERNAL_GATEWAY_SETTINGS.join(", ")}; missing: ${missing.join(", ")}. Unset them all to use the built-in mock.`,
    );
  }
  const value = (name: (typeof EXTERNAL_GATEWAY_SETTINGS)[number]) => env[name] ?? "";
  const baseUrl = value("GATEWAY_BASE_URL");
  if (!/^https?:\/\/[^/\s]+/.test(baseUrl)) {
    throw new ExternalGatewayError(
      `${setting} must be an http(s) address such as https://egw.baohiemxahoi.gov.vn, not "${baseUrl}".`,
    );
  }
  const clerkId = value("GATEWAY_CLERK_ID");
  if (!/^\d{12}$/.test(clerkId)) {
    throw new ExternalGatewayError("GATEWAY_CLERK_ID must be the clerk's 12-digit ID number.");
  }
  return {
    baseUrl: baseUrl.replace(/\/+$/, ""),
    username: value("GATEWAY_USERNAME"),
    password: value("GATEWAY_PASSWORD"),
    clerkName: value("GATEWAY_CLERK_NAME"),
    clerkId,
  };
}
