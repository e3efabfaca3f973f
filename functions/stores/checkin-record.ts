import * as z from "zod";
import { type CheckinAnswer, insuranceSchema, patientSchema } from "#domain/contract";
import { readerReportSchema } from "#domain/reader-health";
import { roomTicketSchema } from "#domain/room-contract";
import { TIME_FLAGS } from "#domain/scan-time";
import { CHANNELS, METHODS, PENDING_CAUSES, STATUSES } from "#domain/types";
import { PENDING_KEY } from "./checkin-keys.ts";

/** A check-in as stored in the log (no address: only what the counter needs). */
export const checkinRecordSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  checkinId: z.string(),
  facility: z.string(),
  day: z.string(),
  method: z.enum(METHODS),
  channel: z.enum(CHANNELS),
  status: z.enum(STATUSES),
  /** Why the visit is pending when a person must act first; removed when the visit is settled. */
  pendingCause: z.enum(PENDING_CAUSES).optional(),
  queueNumber: z.number().int().positive(),
  /** Offline series of the ticket ("B" of "B-07"); absent for an online number. */
  queueSeries: z.string().optional(),
  checkedInAt: z.string(),
  /** The device's scan time as sent, when one was sent. */
  scannedAt: z.string().optional(),
  /** When the server received the visit, when it differs from checkedInAt. */
  receivedAt: z.string().optional(),
  timeFlag: z.enum(TIME_FLAGS).optional(),
  createdBy: z.string(),
  personKey: z.string(),
  patient: patientSchema,
  /**
   * What the gateway is asked again beside the patient's fields, kept only while the visit is
   * pending and removed when it is settled. Visits stored before held the ID number and the name
   * here as well.
   */
  lookup: z
    .object({
      cardCode: z.string().nullable(),
      idNumber: z.string().nullable().optional(),
      name: z.string().nullable().optional(),
    })
    .optional(),
  insurance: insuranceSchema.nullable(),
  recheckedAt: z.string().optional(),
  /** The device's reader counts sent with the visit (camera, scanner, failed scans); never personal. */
  reader: readerReportSchema.optional(),
  /** The exam room the visit joined (its exam service is what XML0 sends). */
  room: z.string().optional(),
  /** The room ticket given with the visit, as it was answered. */
  roomTicket: roomTicketSchema.optional(),
  /** The keyed hash of the person's ID number: the sparse index a data subject's request reads. */
  subjectKey: z.string().optional(),
  /** The request's Idempotency-Key, so that an erase finds the answer remembered under it. */
  idempotencyKey: z.string().optional(),
});
export type CheckinRecord = z.infer<typeof checkinRecordSchema>;

/** A visit before it is stored: the store gives it its key in the log. */
export type NewCheckin = Omit<CheckinRecord, "pk" | "sk">;

/**
 * The stored item of a visit: the record, its TTL and, while pending, the fields of the pending
 * index that re-checks read. `now` is when the visit happened.
 */
export function checkinItem(
  record: CheckinRecord,
  now: Date,
  retentionDays: number,
): Record<string, unknown> {
  return {
    ...record,
    ttl: Math.floor(now.getTime() / 1000) + retentionDays * 86_400,
    ...(record.status === "pending"
      ? { pendingKey: PENDING_KEY, pendingSince: `${record.checkedInAt}#${record.checkinId}` }
      : {}),
  };
}

/** The contract's answer for a stored check-in. */
export function toAnswer(record: NewCheckin, duplicate: boolean): CheckinAnswer {
  return {
    checkinId: record.checkinId,
    facility: record.facility,
    method: record.method,
    queueNumber: record.queueNumber,
    queueSeries: record.queueSeries ?? null,
    duplicate,
    status: record.status,
    ...(record.status === "pending" && record.pendingCause !== undefined
      ? { pendingCause: record.pendingCause }
      : {}),
    checkedInAt: record.checkedInAt,
    scannedAt: record.scannedAt ?? null,
    timeFlag: record.timeFlag ?? null,
    patient: record.patient,
    insurance: record.insurance,
    roomTicket: record.roomTicket ?? null,
  };
}
