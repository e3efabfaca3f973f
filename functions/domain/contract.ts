/**
 * The HTTP contract's check-in answers (docs/openapi.json), one zod schema each: the functions build and
 * store them, the pages parse them, and docs/openapi.json is generated from them. Their types
 * are the schemas' own (z.infer), so a field cannot differ between the three.
 */
import * as z from "zod";
import { lineErrorSchema } from "./admin-contract.ts";
import { maskedName } from "./names.ts";
import { readerReportSchema } from "./reader-health.ts";
import { roomIdSchema, roomTicketSchema } from "./room-contract.ts";
import { QUEUE_SERIES_PATTERN, TIME_FLAGS } from "./scan-time.ts";
import { CHANNELS, METHODS, PENDING_CAUSES, STATUSES } from "./types.ts";
import { isIsoDate } from "./vn-time.ts";

/** POST /api/checkins body. */
export const checkinRequestSchema = z
  .object({
    method: z.enum(METHODS),
    payload: z.string().max(4000),
    channel: z.enum(CHANNELS).optional(),
    /** When the card was scanned (ISO 8601 with an offset); sent by a page that was offline. */
    scannedAt: z.iso.datetime({ offset: true }).optional(),
    /** The ticket a reception device printed while offline, from its own series. */
    offlineQueue: z
      .object({
        series: z.string().regex(QUEUE_SERIES_PATTERN),
        number: z.number().int().min(1).max(9999),
      })
      .strict()
      .optional(),
    /** The device's camera and scanner health since its previous check-in: counts, nothing personal. */
    reader: readerReportSchema.optional(),
    /** The exam room the patient is sent to (an id GET /api/rooms lists); the facility's default without it. */
    room: roomIdSchema.optional(),
  })
  .strict();
export type CheckinRequest = z.infer<typeof checkinRequestSchema>;

/** The Idempotency-Key header a check-in may carry: a retry with the same key is answered, not stored twice. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/** POST /api/lookups body. */
export const lookupRequestSchema = z
  .object({ method: z.enum(METHODS), payload: z.string().max(4000), channel: z.enum(CHANNELS).optional() })
  .strict();

/** GET /api/checkins query. */
export const checkinListQuerySchema = z
  .object({
    date: z.union([z.literal("today"), z.string().refine(isIsoDate, "a date YYYY-MM-DD")]).optional(),
    cursor: z.string().max(1000).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
  })
  .strict();

/** The last check of the card the gateway lists (dsLichSuKT2018), before this one. */
const lastCheckSchema = z.object({
  /** When it was made, ISO 8601 with the Vietnamese offset. */
  at: z.string(),
  /** The gateway account that made it (a facility's account, not a person). */
  by: z.string().nullable(),
  resultCode: z.string().nullable(),
});

export const insuranceSchema = z.object({
  resultCode: z.string(),
  covered: z.boolean(),
  cardCode: z.string().nullable(),
  benefitLevel: z.number().int().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  registeredFacility: z.string().nullable(),
  /** The registered facility's name, when the gateway gives it (tenDKBDMoi, for a new card). */
  registeredFacilityName: z.string().nullable().default(null),
  atRegisteredFacility: z.boolean(),
  /** The social-insurance office managing the card (cqBHXH). */
  managingOffice: z.string().nullable().default(null),
  lastCheck: lastCheckSchema.nullable().default(null),
  /** What the clerk should do, Vietnamese. */
  message: z.string(),
  /** The same in English. */
  messageEn: z.string(),
});
export type Insurance = z.infer<typeof insuranceSchema>;

export const patientSchema = z.object({
  idNumber: z.string().nullable(),
  name: z.string().nullable(),
  birthDate: z.string().nullable(),
  sex: z.enum(["male", "female"]).nullable(),
});
export type Patient = z.infer<typeof patientSchema>;

/**
 * The answer of POST /api/checkins and one row of GET /api/checkins. Answers remembered for an
 * Idempotency-Key before a field existed read with its default.
 */
export const checkinAnswerSchema = z.object({
  checkinId: z.string(),
  facility: z.string(),
  method: z.enum(METHODS),
  queueNumber: z.number().int(),
  /** The offline series the number belongs to ("B" for ticket "B-07"); null for an online number. */
  queueSeries: z.string().nullable().default(null),
  duplicate: z.boolean(),
  status: z.enum(STATUSES),
  /**
   * Why a pending check-in waits for a person rather than the gateway ("gateway-account-missing":
   * the facility has no gateway account yet); absent when the gateway is simply asked again later.
   */
  pendingCause: z.enum(PENDING_CAUSES).optional(),
  /** When the visit is placed: the scan time when it was believed, else the arrival. */
  checkedInAt: z.string(),
  /** The scan time the device sent, when it sent one. */
  scannedAt: z.string().nullable().default(null),
  /** Why the scan time was not believed (the visit is counted on its arrival), or null. */
  timeFlag: z.enum(TIME_FLAGS).nullable().default(null),
  patient: patientSchema,
  insurance: insuranceSchema.nullable(),
  /** The ticket of the exam room the visit joined; null where the facility has no open room. */
  roomTicket: roomTicketSchema.nullable().default(null),
  /** The facility's name for the printed ticket: in POST answers only, null when it cannot be read. */
  facilityName: z.string().nullable().optional(),
});
export type CheckinAnswer = z.infer<typeof checkinAnswerSchema>;

/**
 * POST /api/checkins answered to a kiosk: what the patient needs to see, hear and take away. No ID
 * number, birth date, card code or previous check; a name only when a card was scanned, masked.
 */
export const kioskCheckinAnswerSchema = z.object({
  checkinId: z.string(),
  facility: z.string(),
  method: z.enum(METHODS),
  queueNumber: z.number().int(),
  duplicate: z.boolean(),
  status: z.enum(STATUSES),
  checkedInAt: z.string(),
  /** "Nguyễn V. A." for a scanned card; null for a typed number, which shows no name at all. */
  patient: z.object({ maskedName: z.string().nullable() }),
  /** The share of the cost the card pays, for the printed ticket; coverage in words comes from `status`. */
  insurance: z.object({ benefitLevel: z.number().int().nullable() }).nullable(),
  /** The exam room's ticket, without the reasons for any priority. */
  roomTicket: roomTicketSchema.omit({ marks: true }).nullable(),
  facilityName: z.string().nullable().optional(),
});
export type KioskCheckinAnswer = z.infer<typeof kioskCheckinAnswerSchema>;

/** The kiosk's answer cut from the full one: each field named, so nothing else can slip through. */
export function kioskAnswerOf(answer: CheckinAnswer, typed: boolean): KioskCheckinAnswer {
  const name = answer.patient.name;
  const ticket = answer.roomTicket;
  return {
    checkinId: answer.checkinId,
    facility: answer.facility,
    method: answer.method,
    queueNumber: answer.queueNumber,
    duplicate: answer.duplicate,
    status: answer.status,
    checkedInAt: answer.checkedInAt,
    patient: { maskedName: typed || name === null ? null : maskedName(name) },
    insurance: answer.insurance === null ? null : { benefitLevel: answer.insurance.benefitLevel },
    roomTicket:
      ticket === null
        ? null
        : {
            room: ticket.room,
            roomName: ticket.roomName,
            roomNumber: ticket.roomNumber,
            number: ticket.number,
            label: ticket.label,
            priority: ticket.priority,
          },
    ...(answer.facilityName === undefined ? {} : { facilityName: answer.facilityName }),
  };
}

/**
 * Where a visit's XML0 (the check-in message to BHXH) stands: waiting to be sent, sent with the
 * gateway's receipt, or refused with the gateway's message.
 */
const xml0StatusSchema = z.object({
  state: z.enum(["waiting", "sent", "refused"]),
  /** maGiaoDich: the gateway's receipt. */
  transactionId: z.string().nullable(),
  /** thoiGianTiepNhan (yyyyMMddHHmmss, Vietnamese time). */
  receivedAt: z.string().nullable(),
  /** The gateway's message of a refusal, or why a waiting XML0 has not gone yet. */
  message: z.string().nullable(),
});
export type Xml0Status = z.infer<typeof xml0StatusSchema>;

/** One row of the day's list: the check-in, and its XML0 (null when none is sent for it). */
const checkinListItemSchema = checkinAnswerSchema.extend({
  xml0: xml0StatusSchema.nullable().default(null),
});

/** GET /api/checkins?date=: a day's check-ins, newest first, a page at a time. */
export const checkinListSchema = z.object({
  date: z.string(),
  items: z.array(checkinListItemSchema),
  nextCursor: z.string().nullable(),
});
export type CheckinList = z.infer<typeof checkinListSchema>;

/** POST /api/lookups: coverage without a check-in. */
export const lookupAnswerSchema = z.object({
  method: z.enum(METHODS),
  status: z.enum(STATUSES),
  patient: patientSchema,
  insurance: insuranceSchema.nullable(),
});
export type LookupAnswer = z.infer<typeof lookupAnswerSchema>;

/** POST /api/checkins/recheck: what one re-check run did. */
export const recheckSummarySchema = z.object({
  checked: z.number().int(),
  settled: z.number().int(),
  stillPending: z.number().int(),
  /** True when more pending check-ins wait than one run re-checks: ask again. */
  remaining: z.boolean(),
});
export type RecheckSummary = z.infer<typeof recheckSummarySchema>;

/** POST /api/checkins/series: the offline queue series leased to one reception device. */
export const queueSeriesAnswerSchema = z.object({ series: z.string().regex(QUEUE_SERIES_PATTERN) });

/** Every error answer: a stable code, Vietnamese and English messages. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    messageEn: z.string(),
    /** An import's refused lines, each with its own code and messages. */
    lines: z.array(lineErrorSchema).optional(),
  }),
});
