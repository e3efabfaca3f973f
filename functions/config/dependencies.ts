import { randomUUID } from "node:crypto";
import { numberOfOldCode, oldProvinces } from "#domain/provinces";
import { type GatewayClient, makeGatewayClient } from "#functions/gateway/gateway-client";
import { makeSigV4Fetch } from "#functions/gateway/sigv4-fetch";
import type { RollupDeps } from "#functions/services/counter-rollup";
import type { ScanRateReportDeps } from "#functions/services/scan-rate-report";
import { makeCheckinStore } from "#functions/stores/checkin-store";
import { makeCounterStore } from "#functions/stores/counter-store";
import { makeFacilityNames } from "#functions/stores/facility-names";
import { makeFacilityStore } from "#functions/stores/facility-store";
import { makeRollupStore } from "#functions/stores/rollup-store";
import { dynamoClients } from "./aws-clients.ts";
import { once, readConfig, requireEnv } from "./env.ts";
import { loadGatewayAccount } from "./gateway-account.ts";
import { withGatewayBaseUrl } from "./gateway-base-url.ts";
import { roomStores } from "./room-dependencies.ts";
import {
  checkinSettingsSchema,
  checkinStoreConfig,
  facilityNameSettingsSchema,
  gatewaySettingsSchema,
  readerThresholdsOf,
  reportSettingsSchema,
  rollupSettingsSchema,
} from "./settings.ts";

/** The check-in store of this container, configured from its settings on first use. */
export const checkinStore = once(() =>
  makeCheckinStore(dynamoClients().doc, checkinStoreConfig(readConfig(checkinSettingsSchema))),
);

/** What the scan-rate report reads: counters, roll-ups and facilities, with its target and thresholds. */
export const reportDeps = once((): ScanRateReportDeps => {
  const settings = readConfig(reportSettingsSchema);
  const { doc } = dynamoClients();
  const counterTable = { countersTable: settings.COUNTERS_TABLE, counterShards: settings.COUNTER_SHARDS };
  return {
    counters: makeCounterStore(doc, counterTable),
    rollups: makeRollupStore(doc, counterTable),
    facilities: makeFacilityStore(doc, settings.FACILITIES_TABLE),
    target: settings.SCAN_RATE_TARGET,
    readerThresholds: readerThresholdsOf(settings),
    now: () => new Date(),
  };
});

/** What a check-in needs: the store, the gateway client, the clock, new ids and the exam rooms. */
export const checkinDeps = once(async () => ({
  store: checkinStore(),
  rooms: roomStores(),
  gateway: await gatewayClient(),
  now: () => new Date(),
  newId: randomUUID,
}));

/** What a lookup needs: the gateway client and the clock. */
export const lookupDeps = once(async () => ({ gateway: await gatewayClient(), now: () => new Date() }));

/** What a re-check of pending visits needs (the recheck route and the reverify schedule): the store, the gateway client, the clock. */
export const reverifyDeps = once(async () => ({
  store: checkinStore(),
  gateway: await gatewayClient(),
  now: () => new Date(),
}));

/** What the roll-up reads and writes: counters and roll-ups, with every province and the clock. */
export const rollupDeps = once((): RollupDeps => {
  const settings = readConfig(rollupSettingsSchema);
  const { doc } = dynamoClients();
  const table = { countersTable: settings.COUNTERS_TABLE, counterShards: settings.COUNTER_SHARDS };
  return {
    counters: makeCounterStore(doc, table),
    rollups: makeRollupStore(doc, table),
    provinces: oldProvinces().map((province) => numberOfOldCode(province.code)),
    now: () => new Date(),
  };
});

/** Facility names of this container, each read once (the ticket prints the facility's name). */
export const facilityNames = once(() =>
  makeFacilityNames(
    makeFacilityStore(dynamoClients().doc, readConfig(facilityNameSettingsSchema).FACILITIES_TABLE),
  ),
);

/**
 * The national gateway client of this container, built once with the account loaded once (from
 * Secrets Manager in AWS); its token cache and circuit breaker live as long as the container.
 */
const gatewayClient = once(async (): Promise<GatewayClient> => {
  const settings = readConfig(gatewaySettingsSchema, withGatewayBaseUrl(process.env));
  const account = await loadGatewayAccount();
  return makeGatewayClient({
    baseUrl: settings.GATEWAY_BASE_URL,
    account,
    clerkName: settings.GATEWAY_CLERK_NAME,
    clerkId: settings.GATEWAY_CLERK_ID,
    timeoutMs: settings.GATEWAY_TIMEOUT_MS,
    ...(settings.GATEWAY_AUTH === "iam"
      ? { fetch: makeSigV4Fetch({ region: requireEnv("AWS_REGION") }) }
      : {}),
  });
});
