import { makeRegistryClient } from "#functions/registry/registry-client";
import { makeSigV4Fetch } from "#functions/registry/sigv4-fetch";
import { makeCheckinStore } from "#functions/stores/checkin-store";
import { dynamoClients } from "./aws-clients.ts";
import { once, readConfig, requireEnv } from "./env.ts";
import { loadGatewaySecret } from "./gateway-secret.ts";
import { checkinSettingsSchema, checkinStoreConfig, registrySettingsSchema } from "./settings.ts";

// In AWS the gateway account comes from Secrets Manager before any setting is read; locally a no-op.
await loadGatewaySecret();

/** The check-in store of this container, configured from its settings on first use. */
export const checkinStore = once(() =>
  makeCheckinStore(dynamoClients().doc, checkinStoreConfig(readConfig(checkinSettingsSchema))),
);

/** The national gateway client of this container; its circuit breaker lives as long as the container. */
export const registryClient = once(() => {
  const settings = readConfig(registrySettingsSchema);
  return makeRegistryClient({
    baseUrl: settings.REGISTRY_BASE_URL,
    username: settings.GATEWAY_USERNAME,
    password: settings.GATEWAY_PASSWORD,
    clerkName: settings.GATEWAY_CLERK_NAME,
    clerkId: settings.GATEWAY_CLERK_ID,
    timeoutMs: settings.REGISTRY_TIMEOUT_MS,
    ...(settings.REGISTRY_AUTH === "iam"
      ? { fetch: makeSigV4Fetch({ region: requireEnv("AWS_REGION") }) }
      : {}),
  });
});
