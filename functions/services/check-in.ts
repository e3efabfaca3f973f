import { createHash } from "node:crypto";
import type { Clerk } from "#domain/clerk";
import {
  type CheckinAnswer,
  type CheckinRequest,
  checkinAnswerSchema,
  type Patient,
  patientSchema,
} from "#domain/contract";
import { decideCoverage } from "#domain/coverage";
import { ConflictError, ERROR_CODE } from "#domain/errors";
import { examServiceOf } from "#domain/exam-service";
import { keepOwnChecks } from "#domain/own-checks";
import { parsePayload } from "#domain/payload";
import { personKeyOf } from "#domain/person-key";
import type { ReaderReport } from "#domain/reader-health";
import type { Room } from "#domain/room-contract";
import { placeVisit } from "#domain/scan-time";
import type { Channel, Identity, Method } from "#domain/types";
import { vnTimestamp } from "#domain/vn-time";
import type { CardCheckAs } from "#functions/gateway/facility-card-checker";
import type { CardCheck } from "#functions/gateway/gateway-client";
import { checkinKey } from "#functions/stores/checkin-keys";
import { type CheckinRecord, type NewCheckin, toAnswer } from "#functions/stores/checkin-record";
import type { CheckinStore } from "#functions/stores/checkin-store";
import type { IdempotencyRecord } from "#functions/stores/checkin-transaction";
import type { Xml0Plan } from "#functions/stores/xml0-outbox-item";
import { chooseRoom, prepareRoomTicket, type RoomTicketing } from "./room-ticket.ts";

/**
 * The national gateway as the check-in sees it. `day` is the visit's day: the real gateway's API
 * takes no date and answers as of its own today; the demo history's in-process gateway answers as of `day`.
 * `as` names the facility whose gateway account asks and the clerk on whose behalf it asks.
 */
export interface CardChecker {
  checkCard(identity: Identity, day: string, as: CardCheckAs): Promise<CardCheck>;
}

export interface CheckinDeps {
  readonly store: CheckinStore;
  readonly gateway: CardChecker;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Exam rooms and their queues; without them (history seeding) a visit gets no room ticket. */
  readonly rooms?: RoomTicketing;
  /** The keyed hash of an ID number, stored on the visit so a data subject's request finds it. */
  readonly subjectKeyOf?: (idNumber: string) => string;
  /** Whether the facility sends XML0 through tiepdon; absent (history seeding) means no XML0 at all. */
  readonly sendsXml0?: (facility: string) => boolean;
}

export interface CheckinCommand {
  readonly facility: string;
  readonly user: string;
  readonly method: Method;
  readonly payload: string;
  readonly channel: Channel;
  readonly idempotencyKey: string | null;
  /** When the device scanned the card; null when it sent no time (the visit is placed at arrival). */
  readonly scannedAt: Date | null;
  /** The ticket a device already printed while offline; null to take the facility's next number. */
  readonly offlineQueue: { readonly series: string; readonly number: number } | null;
  /** The device's reader counts since its previous check-in; null from pages that send none. */
  readonly reader: ReaderReport | null;
  /** The signed-in receptionist the gateway records as the clerk; null or absent for a kiosk. */
  readonly clerk?: Clerk | null;
  /** The exam room the request names; absent or null for the facility's default. */
  readonly room?: string | null;
}

export interface CheckinOutcome {
  readonly statusCode: 200 | 201;
  readonly answer: CheckinAnswer;
  /** Facts for logs and metrics; never personal data. */
  readonly facts: { resultCode: string | null; gatewayMs: number | null; gatewayOutcome: string };
}

/**
 * The channel a check-in is counted under: a kiosk's own, else what the page said, else what the
 * method implies (a typed ID was typed, a QR came from the camera).
 */
function channelOf(device: "reception" | "kiosk", method: Method, sent: Channel | undefined): Channel {
  if (device === "kiosk") return "kiosk";
  return sent ?? (method === "manual-id" ? "typed" : "camera");
}

/** The check-in command of a request body, with the defaults for what the body leaves out. */
export function checkinCommandOf(
  body: CheckinRequest,
  by: { facility: string; user: string; device: "reception" | "kiosk"; clerk?: Clerk | null },
  idempotencyKey: string | null,
): CheckinCommand {
  return {
    facility: by.facility,
    user: by.user,
    method: body.method,
    payload: body.payload,
    channel: channelOf(by.device, body.method, body.channel),
    idempotencyKey,
    scannedAt: body.scannedAt === undefined ? null : new Date(body.scannedAt),
    offlineQueue: body.offlineQueue ?? null,
    reader: body.reader ?? null,
    clerk: by.clerk ?? null,
    room: body.room ?? null,
  };
}

function requestHash(command: CheckinCommand): string {
  return createHash("sha256").update(`${command.method}\n${command.payload}`).digest("base64url");
}

const keyReused = () =>
  new ConflictError(ERROR_CODE.IDEMPOTENCY_KEY_REUSED, {
    vi: "Mã Idempotency-Key này đã được dùng cho một yêu cầu khác.",
    en: "This Idempotency-Key was already used for a different request.",
  });

const raced = () =>
  new ConflictError(ERROR_CODE.CHECKIN_CONFLICT, {
    vi: "Lượt tiếp đón này vừa được ghi bởi yêu cầu khác, vui lòng thử lại.",
    en: "Another request recorded this visit at the same moment; please retry.",
  });

/**
 * Checks a patient in: parse and validate the payload, ask the national gateway, decide the
 * coverage, then store the visit with its counters in one transaction. A gateway fault never
 * blocks the patient: the visit is stored as pending and re-checked later.
 */
export async function checkIn(deps: CheckinDeps, command: CheckinCommand): Promise<CheckinOutcome> {
  const now = deps.now();
  const placed = placeVisit(command.scannedAt, now);
  const { at, day } = placed;
  const parsed = parsePayload(command.method, command.payload, day);
  if (!parsed.ok) throw parsed.error;
  const identity = parsed.value.identity;
  const hash = requestHash(command);
  const personKey = storedPersonKey(deps, identity, hash);

  const before = await deps.store.preRead({
    facility: command.facility,
    personKey,
    idempotencyKey: command.idempotencyKey,
    at,
  });
  if (before.replay !== null) return replayOf(deps.store, before.replay, hash);
  if (before.duplicateOf !== null) return duplicateOf(before.duplicateOf);

  // A room that cannot take the visit is refused before the gateway is asked or anything is written.
  const room =
    deps.rooms === undefined
      ? null
      : await chooseRoom(deps.rooms, command.facility, command.room ?? null, day);
  // A late visit synced after an outage is checked as the gateway answers now (its API takes no date).
  const check = await deps.gateway.checkCard(identity, day, {
    facility: command.facility,
    clerk: command.clerk ?? null,
  });
  const coverage = decideCoverage(check, command.facility);
  const queueNumber =
    command.offlineQueue?.number ?? (await deps.store.nextQueueNumber(command.facility, day));
  const checkinId = deps.newId();
  const checkedInAt = vnTimestamp(at);
  const record: NewCheckin = {
    checkinId,
    facility: command.facility,
    day,
    method: command.method,
    channel: command.channel,
    status: coverage.status,
    ...(coverage.pendingCause === undefined ? {} : { pendingCause: coverage.pendingCause }),
    queueNumber,
    ...(command.offlineQueue === null ? {} : { queueSeries: command.offlineQueue.series }),
    checkedInAt,
    ...(command.scannedAt === null
      ? {}
      : { scannedAt: vnTimestamp(command.scannedAt), receivedAt: vnTimestamp(now) }),
    ...(placed.flag === null ? {} : { timeFlag: placed.flag }),
    createdBy: command.user,
    personKey,
    patient: {
      idNumber: identity.idNumber,
      name: coverage.patientFromRegistry.name ?? identity.name,
      birthDate: identity.birthDate ?? coverage.patientFromRegistry.birthDate ?? null,
      sex: identity.sex ?? coverage.patientFromRegistry.sex ?? null,
    },
    // Only a pending visit is asked about again; its name is the patient's, its ID number is the patient's.
    ...(coverage.status === "pending" ? { lookup: { cardCode: identity.cardCode } } : {}),
    insurance: coverage.insurance === null ? null : keepOwnChecks(coverage.insurance, command.facility),
    ...(command.reader === null ? {} : { reader: command.reader }),
    ...subjectFields(deps, identity.idNumber, command.idempotencyKey),
  };
  const roomTicket =
    room === null || deps.rooms === undefined
      ? null
      : await prepareRoomTicket(deps.rooms, {
          facility: command.facility,
          room,
          day,
          checkinId,
          name: record.patient.name,
          birthDate: record.patient.birthDate,
          at,
          now,
        });
  const visit: NewCheckin =
    roomTicket === null ? record : { ...record, room: roomTicket.ticket.room, roomTicket: roomTicket.ticket };
  const answer = toAnswer(visit, false);
  const facts = {
    resultCode: coverage.insurance?.resultCode ?? (check.kind === "unavailable" ? check.resultCode : null),
    gatewayMs: check.latencyMs,
    gatewayOutcome: check.kind === "answer" ? "answer" : check.reason,
  };
  const outcome = await deps.store.record(visit, {
    now,
    at,
    ...(roomTicket === null ? {} : { roomTicket: roomTicket.items }),
    ...xml0Of(deps, command.facility, room, at),
    idempotency:
      command.idempotencyKey === null
        ? null
        : {
            key: command.idempotencyKey,
            record: {
              requestHash: hash,
              statusCode: 201,
              answer: JSON.stringify(withoutPatient(answer)),
              visit: checkinKey(visit.facility, visit.day, at, visit.checkinId),
            },
          },
  });
  switch (outcome.kind) {
    case "created":
      return { statusCode: 201, answer, facts };
    case "duplicate":
      return duplicateOf(outcome.existing);
    case "replay":
      return replayOf(deps.store, outcome.record, hash);
    case "conflict":
      throw raced();
  }
}

/**
 * The visit's XML0, when its facility sends them: a check-in registers an exam, the room's own
 * service or the facility's default exam, at the scan time. Reception admits no emergency visit.
 */
function xml0Of(deps: CheckinDeps, facility: string, room: Room | null, at: Date): { xml0?: Xml0Plan } {
  if (deps.sendsXml0 === undefined || !deps.sendsXml0(facility)) return {};
  const roomService = room === null ? null : { code: room.serviceCode, name: room.serviceName };
  return { xml0: { service: examServiceOf(facility, roomService), arrivedAt: at } };
}

/**
 * The person's part of the duplicate-guard keys: the keyed hash of the ID number (or of the
 * social-insurance number), so no key holds the number itself. Without a key (history seeding)
 * it is the plain key.
 */
function storedPersonKey(deps: CheckinDeps, identity: Identity, requestHash: string): string {
  const plain = personKeyOf(identity);
  if (plain === null) return `PAYLOAD#${requestHash}`;
  const keyOf = deps.subjectKeyOf;
  if (keyOf === undefined) return plain;
  return identity.idNumber === null ? `BHXH#${keyOf(plain)}` : `ID#${keyOf(identity.idNumber)}`;
}

/** What lets a data subject's request find the visit and what was kept with it. */
function subjectFields(
  deps: CheckinDeps,
  idNumber: string | null,
  idempotencyKey: string | null,
): { subjectKey?: string; idempotencyKey?: string } {
  return {
    ...(idNumber === null || deps.subjectKeyOf === undefined
      ? {}
      : { subjectKey: deps.subjectKeyOf(idNumber) }),
    ...(idempotencyKey === null ? {} : { idempotencyKey }),
  };
}

function duplicateOf(existing: CheckinRecord): CheckinOutcome {
  return {
    statusCode: 200,
    answer: toAnswer(existing, true),
    facts: {
      resultCode: existing.insurance?.resultCode ?? null,
      gatewayMs: null,
      gatewayOutcome: "duplicate",
    },
  };
}

/** The answer as remembered for a retry: the patient's fields stay only on the visit. */
function withoutPatient(answer: CheckinAnswer): Omit<CheckinAnswer, "patient"> {
  const { patient: _patient, ...rest } = answer;
  return rest;
}

/** A remembered answer: without the patient when the visit's key came with it. */
const rememberedAnswerSchema = checkinAnswerSchema.extend({ patient: patientSchema.optional() });

const NO_PATIENT: Patient = { idNumber: null, name: null, birthDate: null, sex: null };

async function replayOf(
  store: CheckinStore,
  record: IdempotencyRecord,
  hash: string,
): Promise<CheckinOutcome> {
  if (record.requestHash !== hash) throw keyReused();
  const remembered = rememberedAnswerSchema.parse(JSON.parse(record.answer));
  const visit = record.visit === undefined ? null : await store.getCheckin(record.visit.pk, record.visit.sk);
  const answer: CheckinAnswer = {
    ...remembered,
    patient: visit?.patient ?? remembered.patient ?? NO_PATIENT,
  };
  return {
    statusCode: record.statusCode === 201 ? 201 : 200,
    answer,
    facts: { resultCode: answer.insurance?.resultCode ?? null, gatewayMs: null, gatewayOutcome: "replay" },
  };
}
