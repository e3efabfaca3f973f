import * as z from "zod";
import { DEFAULT_READER_THRESHOLDS, type ReaderThresholds } from "#domain/reader-health";
import { MAX_LATE_MS } from "#domain/scan-time";
import { DEFAULT_COUNTER_SHARDS } from "#functions/stores/counter-keys";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const share = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);

/** Settings of the functions that write or read check-ins. */
export const checkinSettingsSchema = z.object({
  CHECKINS_TABLE: z.string().min(1),
  COUNTERS_TABLE: z.string().min(1),
  IDEMPOTENCY_TABLE: z.string().min(1),
  COUNTER_SHARDS: positiveInt(DEFAULT_COUNTER_SHARDS),
  CHECKIN_RETENTION_DAYS: positiveInt(400),
  DUPLICATE_WINDOW_MINUTES: positiveInt(10),
  // At least the longest supported outage (72 h, scan-time.ts): a replay after it must still be recognised.
  IDEMPOTENCY_TTL_HOURS: positiveInt(7 * 24).refine((hours) => hours * 3_600_000 >= MAX_LATE_MS, {
    message: "must cover the longest supported outage (72 hours)",
  }),
});
export type CheckinSettings = z.infer<typeof checkinSettingsSchema>;

/** Settings of the national gateway client (its account comes from loadGatewayAccount); pointing at the real gateway is only configuration. */
export const gatewaySettingsSchema = z.object({
  GATEWAY_BASE_URL: z.url(),
  GATEWAY_TIMEOUT_MS: positiveInt(3000),
  /** "iam" when the gateway sits behind an IAM-authorised function URL (the deployed mock). */
  GATEWAY_AUTH: z.enum(["none", "iam"]).default("none"),
});

/**
 * Where the facilities' gateway accounts are kept and how their secrets are sealed: with the
 * install's key (Base64 of 32 bytes) locally, under a KMS key in AWS; exactly one of the two.
 */
export const facilityAccountSettingsSchema = z
  .object({
    GATEWAY_ACCOUNTS_TABLE: z.string().min(1),
    FACILITY_SECRET_KEY: z
      .string()
      .refine((text) => Buffer.from(text, "base64").length === 32, { message: "must be 32 bytes in Base64" })
      .optional(),
    FACILITY_SECRETS_KMS_KEY: z.string().min(1).optional(),
    /** How long a container trusts a facility's account it read: the bound on a password change taking effect. */
    GATEWAY_ACCOUNT_MAX_AGE_SECONDS: positiveInt(60),
  })
  .refine((s) => (s.FACILITY_SECRET_KEY === undefined) !== (s.FACILITY_SECRETS_KMS_KEY === undefined), {
    message: "exactly one of FACILITY_SECRET_KEY or FACILITY_SECRETS_KMS_KEY",
    path: ["FACILITY_SECRET_KEY"],
  });

/** Settings of the functions that print a facility's name (the check-in's ticket). */
export const facilityNameSettingsSchema = z.object({ FACILITIES_TABLE: z.string().min(1) });

/** Settings of the report function. */
export const reportSettingsSchema = z.object({
  COUNTERS_TABLE: z.string().min(1),
  FACILITIES_TABLE: z.string().min(1),
  /** Read only for which facilities' accounts the gateway refused (code and refusal). */
  GATEWAY_ACCOUNTS_TABLE: z.string().min(1),
  COUNTER_SHARDS: positiveInt(DEFAULT_COUNTER_SHARDS),
  SCAN_RATE_TARGET: z.coerce.number().min(0).max(1).default(0.5),
  // When a rate under the target gets a cause (reader-health.ts); the README explains each.
  READER_MIN_CHECKINS: positiveInt(DEFAULT_READER_THRESHOLDS.minCheckins),
  READER_NO_READER_DAY_SHARE: share(DEFAULT_READER_THRESHOLDS.noReaderDayShare),
  READER_FAILING_SHARE: share(DEFAULT_READER_THRESHOLDS.failingShare),
});
export type ReportSettings = z.infer<typeof reportSettingsSchema>;

/** Settings of the roll-up function. */
export const rollupSettingsSchema = z.object({
  COUNTERS_TABLE: z.string().min(1),
  COUNTER_SHARDS: positiveInt(DEFAULT_COUNTER_SHARDS),
});

/** Settings of the functions that read or write rooms, their queues and calls. */
export const roomSettingsSchema = z.object({
  CHECKINS_TABLE: z.string().min(1),
  ROOM_QUEUE_RETENTION_DAYS: z.coerce.number().int().positive().default(400),
});

/** Settings of the function that calls patients: the rooms' and the day counters, where waits are counted. */
export const roomCallSettingsSchema = roomSettingsSchema.extend({
  COUNTERS_TABLE: z.string().min(1),
  COUNTER_SHARDS: positiveInt(DEFAULT_COUNTER_SHARDS),
});

/** Where calls go out: the local server's sockets, AppSync Events in AWS, or nowhere (screens poll). */
export const callChannelSettingsSchema = z.discriminatedUnion("CALL_CHANNEL", [
  z.object({ CALL_CHANNEL: z.literal("local") }),
  z.object({ CALL_CHANNEL: z.literal("appsync"), CALL_EVENTS_HOST: z.string().min(1) }),
  z.object({ CALL_CHANNEL: z.literal("none") }),
]);

/** Facility codes, comma-separated, whose own hospital software sends XML0 (tiepdon then sends none for them). */
const facilityList = z
  .string()
  .default("")
  .transform(
    (text) =>
      new Set(
        text
          .split(",")
          .map((code) => code.trim())
          .filter((code) => code !== ""),
      ),
  )
  .pipe(z.set(z.string().regex(/^\d{5}$/)));

/** Settings of the check-in's XML0: the facilities that send it themselves. */
export const xml0CheckinSettingsSchema = z.object({ XML0_SENDING_OFF: facilityList });

/** Settings of the XML0 sender: the outbox beside the check-ins, the gateway, and a pass's size. */
export const xml0SenderSettingsSchema = z.object({
  CHECKINS_TABLE: z.string().min(1),
  GATEWAY_BASE_URL: z.url(),
  GATEWAY_TIMEOUT_MS: positiveInt(10_000),
  XML0_BATCH_SIZE: positiveInt(100),
  /** "iam" when the gateway sits behind an IAM-authorised function URL (the deployed mock). */
  GATEWAY_AUTH: z.enum(["none", "iam"]).default("none"),
  /**
   * The install's own signing key and certificate (PEM), for facilities that uploaded none: the
   * local app's, like its own gateway account. Never set in AWS, where each facility uploads its own.
   */
  GATEWAY_SIGNING_KEY_PEM: z.string().min(1).optional(),
  GATEWAY_SIGNING_CERTIFICATE_PEM: z.string().min(1).optional(),
});

/** The check-in store's configuration from its settings. */
export function checkinStoreConfig(settings: CheckinSettings) {
  return {
    checkinsTable: settings.CHECKINS_TABLE,
    countersTable: settings.COUNTERS_TABLE,
    idempotencyTable: settings.IDEMPOTENCY_TABLE,
    counterShards: settings.COUNTER_SHARDS,
    retentionDays: settings.CHECKIN_RETENTION_DAYS,
    duplicateWindowMs: settings.DUPLICATE_WINDOW_MINUTES * 60_000,
    idempotencyTtlSeconds: settings.IDEMPOTENCY_TTL_HOURS * 3600,
  };
}

/** The report's reader thresholds from its settings. */
export function readerThresholdsOf(settings: ReportSettings): ReaderThresholds {
  return {
    minCheckins: settings.READER_MIN_CHECKINS,
    noReaderDayShare: settings.READER_NO_READER_DAY_SHARE,
    failingShare: settings.READER_FAILING_SHARE,
  };
}

/** The admin function's settings: the facilities table, and the user pool (AWS) or the accounts table (local). */
export const adminSettingsSchema = z
  .object({
    FACILITIES_TABLE: z.string().min(1),
    USER_POOL_ID: z.string().min(1).optional(),
    ACCOUNTS_TABLE: z.string().min(1).optional(),
  })
  .refine((s) => (s.USER_POOL_ID === undefined) !== (s.ACCOUNTS_TABLE === undefined), {
    message: "exactly one of USER_POOL_ID or ACCOUNTS_TABLE",
    path: ["USER_POOL_ID"],
  });
