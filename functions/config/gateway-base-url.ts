/**
 * The gateway's address is the setting GATEWAY_BASE_URL; its old name REGISTRY_BASE_URL is still
 * read, with a notice, so existing deployments and scripts keep working.
 */

type Env = Readonly<Record<string, string | undefined>>;

/** Which setting names the gateway's address: the current name first, then the old one; null when neither. */
export function gatewayBaseUrlSetting(env: Env): "GATEWAY_BASE_URL" | "REGISTRY_BASE_URL" | null {
  if ((env.GATEWAY_BASE_URL ?? "") !== "") return "GATEWAY_BASE_URL";
  return (env.REGISTRY_BASE_URL ?? "") !== "" ? "REGISTRY_BASE_URL" : null;
}

/** `env` with the gateway's address under GATEWAY_BASE_URL; taking it from the old name says so once per call. */
export function withGatewayBaseUrl(env: Env, notice: (line: string) => void = console.warn): Env {
  if (gatewayBaseUrlSetting(env) !== "REGISTRY_BASE_URL") return env;
  notice("REGISTRY_BASE_URL is deprecated: name the gateway's address GATEWAY_BASE_URL.");
  return { ...env, GATEWAY_BASE_URL: env.REGISTRY_BASE_URL };
}
