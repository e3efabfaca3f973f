/**
 * What the outbox keeps in IndexedDB, one zod schema per record: everything read back is
 * checked, nothing is trusted by a cast.
 */
import * as z from "zod";
import { checkinAnswerSchema } from "#domain/contract";
import { QUEUE_SERIES_PATTERN } from "#domain/scan-time";
import { CHANNELS, type Channel, METHODS, type Method } from "#domain/types";
import { type SealProblem, sealedSchema } from "#web/outbox-seal/seal-crypto";

const ITEM_STATES = ["waiting", "attention", "done"] as const;

/** The check-in body as the page would have sent it; fields added later (the reader's counts) are kept as they are. */
export const storedRequestSchema = z.looseObject({
  method: z.enum(METHODS),
  payload: z.string(),
  channel: z.enum(CHANNELS),
});

/** A check-in body as the page builds it (it may carry more fields; all are kept). */
export interface RequestToKeep {
  readonly method: Method;
  readonly payload: string;
  readonly channel: Channel;
}

const offlineQueueSchema = z.object({
  series: z.string().regex(QUEUE_SERIES_PATTERN),
  number: z.number().int().min(1),
});

/** The server's answer, as much of it as the outbox needs once the item is delivered. */
const deliveredSchema = checkinAnswerSchema.pick({
  checkinId: true,
  queueNumber: true,
  queueSeries: true,
  status: true,
  duplicate: true,
  timeFlag: true,
});
export type Delivered = z.infer<typeof deliveredSchema>;

const problemSchema = z.object({
  status: z.number().int(),
  code: z.string(),
  vi: z.string(),
  en: z.string(),
});
export type Problem = z.infer<typeof problemSchema>;

const itemFields = {
  /** The Idempotency-Key, sent with every attempt. */
  key: z.string(),
  /** Scan order on this device (across tabs). */
  seq: z.number().int(),
  facility: z.string(),
  /** When the card was scanned, by this device's clock, with the Vietnamese offset. */
  scannedAt: z.string(),
  /** The Vietnamese day of the scan by this device's clock. */
  day: z.string(),
  /** The printed offline ticket, or null when the device had no series yet. */
  offlineQueue: offlineQueueSchema.nullable(),
  /** A keyed HMAC of the person (never the ID itself), to spot the same person scanned twice offline. */
  personTag: z.string(),
  state: z.enum(ITEM_STATES),
  attempts: z.number().int(),
  /** Not before this time (ms since the epoch): the back-off of the last failure. */
  nextAttemptAt: z.number(),
  lastAttemptAt: z.number().nullable(),
  /** The last refusal or failure, in both languages. */
  problem: problemSchema.nullable(),
  delivered: deliveredSchema.nullable(),
  deliveredAt: z.number().nullable(),
  /** When the item first needed attention (ms): it is dropped ATTENTION_KEEP_DAYS later. */
  attentionSince: z.number().nullable().default(null),
};

/**
 * An item as IndexedDB holds it: the body to send is sealed under the facility's key, and null
 * once delivered (the patient's data leaves the browser's storage).
 */
export const storedItemSchema = z.object({ ...itemFields, sealed: sealedSchema.nullable() });
export type StoredItem = z.infer<typeof storedItemSchema>;

/** An item written before the outbox was sealed: its body in plain text, sealed on the next start. */
export const plainItemSchema = z.object({ ...itemFields, request: storedRequestSchema.nullable() });

/**
 * An item as the page works with it: the body opened in memory. `request` is null once delivered,
 * and also when the stored item could not be opened (`tampered` says why): such an item is never sent.
 */
export type OutboxItem = Omit<StoredItem, "sealed"> & {
  readonly request: z.infer<typeof storedRequestSchema> | null;
  readonly tampered: SealProblem | null;
};

/** The device's offline series at one facility, its ticket counter and the facility's printed name. */
export const deviceRecordSchema = z.object({
  facility: z.string(),
  series: z.string().regex(QUEUE_SERIES_PATTERN),
  day: z.string().nullable(),
  last: z.number().int(),
  facilityName: z.string().nullable(),
});
export type DeviceRecord = z.infer<typeof deviceRecordSchema>;

export const seqRecordSchema = z.object({ name: z.literal("seq"), value: z.number().int() });
export const syncRecordSchema = z.object({ name: z.string(), at: z.number() });
