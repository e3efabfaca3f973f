/**
 * The wiring of every handler in one place: each export builds, once per container, what one
 * handler (or a few sharing it) needs from its settings. Handlers import from here and build nothing;
 * each factory is marked pure so a bundle keeps only the wiring its handler uses.
 */
import { randomUUID } from "node:crypto";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { KMSClient } from "@aws-sdk/client-kms";
import { numberOfOldCode, oldProvinces } from "#domain/provinces";
import type { AccountAdminDeps } from "#functions/admin/account-admin";
import { makeCognitoDirectory } from "#functions/admin/cognito-directory";
import type { GatewayAdminDeps } from "#functions/admin/gateway-account-admin";
import { newOneTimePassword } from "#functions/admin/one-time-password";
import type { RoomAdminDeps } from "#functions/admin/room-admin";
import { makeTableDirectory } from "#functions/admin/table-directory";
import { makeFacilityAccounts } from "#functions/gateway/facility-accounts";
import { type FacilityCardChecker, makeFacilityCardChecker } from "#functions/gateway/facility-card-checker";
import { type FacilitySecretBox, makeLocalSecretBox } from "#functions/gateway/facility-secret-box";
import { makeKmsSecretBox } from "#functions/gateway/kms-secret-box";
import { makePasswordCheck } from "#functions/gateway/password-check";
import { makeSigV4Fetch } from "#functions/gateway/sigv4-fetch";
import { makeLogger } from "#functions/http/logger";
import {
  ACCOUNT_REFUSED_METRIC,
  GATEWAY_ACCOUNT_SERVICE,
  MetricUnit,
  makeMetrics,
} from "#functions/http/metrics";
import { DAILY_CAP_METRIC } from "#functions/privacy/access-limits";
import { makeAuditTrail } from "#functions/privacy/audit-trail";
import { LOOKUPS_BEYOND_CHECKINS_METRIC, makeEnumerationWatch } from "#functions/privacy/enumeration-watch";
import { makeSubjectHasher } from "#functions/privacy/subject-hash";
import type { SubjectRequestDeps } from "#functions/privacy/subject-request";
import {
  type CallPublisher,
  makeAppSyncPublisher,
  makeLocalPublisher,
} from "#functions/realtime/call-publisher";
import type { RollupDeps } from "#functions/services/counter-rollup";
import type { GatewayRefusalReportDeps } from "#functions/services/gateway-refusal-report";
import type { RoomWaitReportDeps } from "#functions/services/room-wait-report";
import type { ScanRateReportDeps } from "#functions/services/scan-rate-report";
import { makeAdminFacilityStore } from "#functions/stores/admin-facility-store";
import { makeAuditStore } from "#functions/stores/audit-store";
import { makeCheckinStore } from "#functions/stores/checkin-store";
import { makeCounterStore } from "#functions/stores/counter-store";
import { makeFacilityNames } from "#functions/stores/facility-names";
import { makeFacilityStatus } from "#functions/stores/facility-status";
import { makeFacilityStore } from "#functions/stores/facility-store";
import { listRefusals, makeGatewayAccountStore } from "#functions/stores/gateway-account-store";
import { makeLimitStore } from "#functions/stores/limit-store";
import { makeRollupStore } from "#functions/stores/rollup-store";
import { makeRoomQueueStore } from "#functions/stores/room-queue-store";
import { makeRoomStore } from "#functions/stores/room-store";
import { makeRoomWaitStore } from "#functions/stores/room-wait-store";
import { makeSubjectStore } from "#functions/stores/subject-store";
import { makeTallyStore } from "#functions/stores/tally-store";
import { makeXml0OutboxStore } from "#functions/stores/xml0-outbox-store";
import { dynamoClients } from "./aws-clients.ts";
import { once, readConfig, requireEnv } from "./env.ts";
import { loadGatewayAccount } from "./gateway-account.ts";
import { withGatewayBaseUrl } from "./gateway-base-url.ts";
import { accessLimitsOf, auditSettingsSchema, limitSettingsSchema } from "./privacy-settings.ts";
import {
  adminSettingsSchema,
  callChannelSettingsSchema,
  checkinSettingsSchema,
  checkinStoreConfig,
  facilityAccountSettingsSchema,
  facilityNameSettingsSchema,
  gatewaySettingsSchema,
  readerThresholdsOf,
  reportSettingsSchema,
  rollupSettingsSchema,
  roomCallSettingsSchema,
  roomSettingsSchema,
  xml0CheckinSettingsSchema,
} from "./settings.ts";
import { loadSubjectKey } from "./subject-key.ts";

/** The check-in store of this container, configured from its settings on first use. */
export const checkinStore = /* @__PURE__ */ once(() =>
  makeCheckinStore(dynamoClients().doc, checkinStoreConfig(readConfig(checkinSettingsSchema))),
);

/** What the scan-rate report reads: counters, roll-ups and facilities, with its target and thresholds. */
export const reportDeps = /* @__PURE__ */ once(
  (): ScanRateReportDeps & RoomWaitReportDeps & GatewayRefusalReportDeps => {
    const settings = readConfig(reportSettingsSchema);
    const { doc } = dynamoClients();
    const counterTable = { countersTable: settings.COUNTERS_TABLE, counterShards: settings.COUNTER_SHARDS };
    return {
      counters: makeCounterStore(doc, counterTable),
      rollups: makeRollupStore(doc, counterTable),
      facilities: makeFacilityStore(doc, settings.FACILITIES_TABLE),
      target: settings.SCAN_RATE_TARGET,
      readerThresholds: readerThresholdsOf(settings),
      roomWaits: makeRoomWaitStore(doc, counterTable),
      refusals: () => listRefusals(doc, settings.GATEWAY_ACCOUNTS_TABLE),
      now: () => new Date(),
    };
  },
);

/** What a check-in needs: the store, the gateway client, the clock, new ids and the exam rooms. */
export const checkinDeps = /* @__PURE__ */ once(async () => ({
  store: checkinStore(),
  rooms: roomStores(),
  gateway: await gatewayClient(),
  now: () => new Date(),
  newId: randomUUID,
  subjectKeyOf: (await auditTrail()).hashSubject,
  sendsXml0: sendsXml0(),
}));

/** The XML0 records beside the check-ins, for the day's list. */
export const xml0States = /* @__PURE__ */ once(() =>
  makeXml0OutboxStore(dynamoClients().doc, {
    checkinsTable: readConfig(checkinSettingsSchema).CHECKINS_TABLE,
  }),
);

/** Whether a facility's XML0 goes through tiepdon: all do, but those whose own software sends it. */
const sendsXml0 = /* @__PURE__ */ once(() => {
  const off = readConfig(xml0CheckinSettingsSchema).XML0_SENDING_OFF;
  return (facility: string) => !off.has(facility);
});

/**
 * What a lookup needs: the gateway client, the clock, the audit trail and the shared limits,
 * which count each day a facility reaches its daily cap in the function's metrics.
 */
export const lookupDeps = /* @__PURE__ */ once(async () => {
  const metrics = makeMetrics("lookup");
  return {
    gateway: await gatewayClient(),
    now: () => new Date(),
    trail: await auditTrail(),
    guard: {
      ...accessGuard(),
      onDailyCap: () => {
        metrics.addMetric(DAILY_CAP_METRIC, MetricUnit.Count, 1);
        metrics.publishStoredMetrics();
      },
    },
    watch: enumerationWatch("lookup", metrics),
  };
});

/**
 * The limits and the audit trail of a route that reveals or writes a person's data (check-in, the
 * day's list, re-check): every container takes its uses from the same DynamoDB counters.
 */
export const personAccess = /* @__PURE__ */ once(async () => ({
  trail: await auditTrail(),
  guard: accessGuard(),
  watch: enumerationWatch("checkin", null),
}));

/** What a re-check of pending visits needs (the recheck route and the reverify schedule): the store, the gateway client, the clock. */
export const reverifyDeps = /* @__PURE__ */ once(async () => ({
  store: checkinStore(),
  gateway: await gatewayClient(),
  now: () => new Date(),
}));

/** What the roll-up reads and writes: counters and roll-ups, with every province and the clock. */
export const rollupDeps = /* @__PURE__ */ once((): RollupDeps => {
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
export const facilityNames = /* @__PURE__ */ once(() =>
  makeFacilityNames(
    makeFacilityStore(dynamoClients().doc, readConfig(facilityNameSettingsSchema).FACILITIES_TABLE),
  ),
);

/** Whether each facility is still active, read at most once a minute (check-ins, kiosks, lookups). */
export const facilityStatus = /* @__PURE__ */ once(() =>
  makeFacilityStatus(
    makeFacilityStore(dynamoClients().doc, readConfig(facilityNameSettingsSchema).FACILITIES_TABLE),
  ),
);

/** The limits of this container: the shared counters in DynamoDB and their numbers. */
const accessGuard = /* @__PURE__ */ once(() => {
  const settings = readConfig(limitSettingsSchema);
  return {
    limiter: makeLimitStore(dynamoClients().doc, settings.LIMITS_TABLE),
    limits: accessLimitsOf(settings),
    now: () => new Date(),
  };
});

/**
 * The enumeration alarm's tallies, in the limits' table. With `metrics` (the look-up function) each
 * typed look-up publishes how far its account's and its facility's look-ups run ahead of their
 * check-ins this hour, as one metric per scope (no account or facility in the dimensions).
 */
function enumerationWatch(service: string, metrics: ReturnType<typeof makeMetrics> | null) {
  const logger = makeLogger(service);
  return makeEnumerationWatch({
    tallies: makeTallyStore(dynamoClients().doc, readConfig(limitSettingsSchema).LIMITS_TABLE),
    now: () => new Date(),
    publish: (scope, lookupsBeyondCheckins) => {
      if (metrics === null) return;
      const single = metrics.singleMetric();
      single.addDimension("scope", scope);
      single.addMetric(LOOKUPS_BEYOND_CHECKINS_METRIC, MetricUnit.Count, lookupsBeyondCheckins);
    },
    onError: () => logger.warn("enumeration tally not written"),
  });
}

/** The audit store of this container. */
export const auditStore = /* @__PURE__ */ once(() => {
  const settings = readConfig(auditSettingsSchema);
  return makeAuditStore(dynamoClients().doc, {
    tableName: settings.AUDIT_TABLE,
    retentionDays: settings.AUDIT_RETENTION_DAYS,
    newId: randomUUID,
  });
});

/** The audit trail of this container, with the deployment's subject key loaded once at cold start. */
export const auditTrail = /* @__PURE__ */ once(async () =>
  makeAuditTrail({
    store: auditStore(),
    hashSubject: makeSubjectHasher(await loadSubjectKey()),
    now: () => new Date(),
  }),
);

/** What a data subject's request reads and erases: visits and what was kept with them, the trail, the facilities. */
export const subjectRequestDeps = /* @__PURE__ */ once(async (): Promise<SubjectRequestDeps> => {
  const { doc } = dynamoClients();
  const tables = checkinStoreConfig(readConfig(checkinSettingsSchema));
  return {
    subjects: makeSubjectStore(doc, tables),
    audit: auditStore(),
    trail: await auditTrail(),
    facilities: makeFacilityStore(doc, readConfig(facilityNameSettingsSchema).FACILITIES_TABLE),
  };
});

/** Room and queue stores on the check-ins table; with `waitCounters`, first calls count their waits. */
function roomStoresOf(
  settings: { CHECKINS_TABLE: string; ROOM_QUEUE_RETENTION_DAYS: number },
  waitCounters?: { countersTable: string; counterShards: number },
) {
  const { doc } = dynamoClients();
  return {
    rooms: makeRoomStore(doc, settings.CHECKINS_TABLE),
    queues: makeRoomQueueStore(doc, {
      table: settings.CHECKINS_TABLE,
      retentionDays: settings.ROOM_QUEUE_RETENTION_DAYS,
      ...(waitCounters === undefined ? {} : { waitCounters }),
    }),
  };
}

/** The room and queue stores of this container. */
export const roomStores = /* @__PURE__ */ once(() => roomStoresOf(readConfig(roomSettingsSchema)));

/** The room stores of the function that calls patients: its first calls count their waits. */
export const roomCallStores = /* @__PURE__ */ once(() => {
  const settings = readConfig(roomCallSettingsSchema);
  return roomStoresOf(settings, {
    countersTable: settings.COUNTERS_TABLE,
    counterShards: settings.COUNTER_SHARDS,
  });
});

/** The call publisher of this container. */
export const callPublisher = /* @__PURE__ */ once((): CallPublisher => {
  const settings = readConfig(callChannelSettingsSchema);
  switch (settings.CALL_CHANNEL) {
    case "local":
      return makeLocalPublisher();
    case "appsync":
      return makeAppSyncPublisher({
        host: settings.CALL_EVENTS_HOST,
        fetch: makeSigV4Fetch({ region: requireEnv("AWS_REGION"), service: "appsync" }),
      });
    case "none":
      return { publish: async () => undefined };
  }
});

/** The facilities' gateway accounts, their secrets sealed per facility (install's key locally, KMS in AWS). */
const gatewayAccountStore = /* @__PURE__ */ once(() =>
  makeGatewayAccountStore(
    dynamoClients().doc,
    readConfig(facilityAccountSettingsSchema).GATEWAY_ACCOUNTS_TABLE,
  ),
);

/** The box that seals and opens each facility's secrets in this container. */
const facilitySecretBox = /* @__PURE__ */ once((): FacilitySecretBox => {
  const settings = readConfig(facilityAccountSettingsSchema);
  if (settings.FACILITY_SECRETS_KMS_KEY !== undefined)
    return makeKmsSecretBox(new KMSClient({}), settings.FACILITY_SECRETS_KMS_KEY);
  return makeLocalSecretBox(Buffer.from(settings.FACILITY_SECRET_KEY ?? "", "base64"));
});

/** Each facility's gateway accounts and certificates as the functions that call the gateway read them. */
export const facilityAccounts = /* @__PURE__ */ once(async () =>
  makeFacilityAccounts({
    store: gatewayAccountStore(),
    maxAgeMs: readConfig(facilityAccountSettingsSchema).GATEWAY_ACCOUNT_MAX_AGE_SECONDS * 1000,
    box: facilitySecretBox(),
    fallback: await loadGatewayAccount(),
  }),
);

/**
 * The national gateway's card check of this container, built once: a client per facility, each
 * with its own token pair and circuit breaker for as long as the container lives. Each facility's
 * account comes from the store (re-read within a minute of a change); a facility that registered
 * none checks under the deployment's account (loaded once, from Secrets Manager in AWS).
 */
const gatewayClient = /* @__PURE__ */ once(async (): Promise<FacilityCardChecker> => {
  const settings = readConfig(gatewaySettingsSchema, withGatewayBaseUrl(process.env));
  const accounts = await facilityAccounts();
  const metrics = makeMetrics(GATEWAY_ACCOUNT_SERVICE);
  const logger = makeLogger(GATEWAY_ACCOUNT_SERVICE);
  return makeFacilityCardChecker({
    baseUrl: settings.GATEWAY_BASE_URL,
    accountOf: accounts.accountOf,
    kioskClerkOf: accounts.kioskClerkOf,
    onAccountRefused: (facility, resultCode) => {
      metrics.addMetric(ACCOUNT_REFUSED_METRIC, MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
      logger.warn("gateway account refused", { facility, resultCode });
      // Shown on the admin's list; a failed write must not fail the check-in.
      accounts.reportRefused(facility, resultCode).catch((error: unknown) => {
        logger.error("could not record the refused gateway account", { facility, error });
      });
    },
    timeoutMs: settings.GATEWAY_TIMEOUT_MS,
    ...(settings.GATEWAY_AUTH === "iam"
      ? { fetch: makeSigV4Fetch({ region: requireEnv("AWS_REGION") }) }
      : {}),
  });
});

/** The facilities and accounts the admin function works on, built once per container. */
export const adminDeps = /* @__PURE__ */ once((): AccountAdminDeps => {
  const settings = readConfig(adminSettingsSchema);
  const { doc } = dynamoClients();
  const directory =
    settings.USER_POOL_ID === undefined
      ? makeTableDirectory(doc, settings.ACCOUNTS_TABLE ?? "")
      : makeCognitoDirectory(new CognitoIdentityProviderClient({}), settings.USER_POOL_ID);
  return {
    directory,
    facilities: makeAdminFacilityStore(doc, settings.FACILITIES_TABLE),
    newPassword: newOneTimePassword,
  };
});

/** What the administration of exam rooms reads and writes: the rooms and the facility list. */
export const roomAdminDeps = /* @__PURE__ */ once((): RoomAdminDeps => {
  const settings = readConfig(facilityNameSettingsSchema);
  return {
    rooms: roomStores().rooms,
    facilities: makeFacilityStore(dynamoClients().doc, settings.FACILITIES_TABLE),
  };
});

/** What the administration of facilities' gateway accounts reads and writes. */
export const gatewayAdminDeps = /* @__PURE__ */ once(
  (): GatewayAdminDeps => ({
    accounts: gatewayAccountStore(),
    box: facilitySecretBox(),
    facilities: makeFacilityStore(
      dynamoClients().doc,
      readConfig(facilityNameSettingsSchema).FACILITIES_TABLE,
    ),
    now: () => new Date(),
    checkPassword: gatewayPasswordCheck(),
  }),
);

/** The try of a new gateway password at upload: one token request to the configured gateway. */
const gatewayPasswordCheck = /* @__PURE__ */ once(() => {
  const settings = readConfig(
    gatewaySettingsSchema.pick({ GATEWAY_BASE_URL: true, GATEWAY_AUTH: true }),
    withGatewayBaseUrl(process.env),
  );
  return makePasswordCheck({
    baseUrl: settings.GATEWAY_BASE_URL,
    ...(settings.GATEWAY_AUTH === "iam"
      ? { fetch: makeSigV4Fetch({ region: requireEnv("AWS_REGION") }) }
      : {}),
  });
});
