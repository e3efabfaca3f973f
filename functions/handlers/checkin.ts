import { randomUUID } from "node:crypto";
import * as z from "zod";
import { BadRequestError } from "#domain/errors";
import { readerReportSchema } from "#domain/reader-health";
import { QUEUE_SERIES_PATTERN } from "#domain/scan-time";
import { CHANNELS, METHODS } from "#domain/types";
import { checkinStore, facilityNames, registryClient } from "#functions/config/dependencies";
import { facilityOf } from "#functions/http/auth";
import { makeLogger, maskId } from "#functions/http/logger";
import { MetricUnit, makeMetrics, recordGatewayCall } from "#functions/http/metrics";
import { headerOf, noQuerySchema, parseJsonBody, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { checkIn } from "#functions/services/check-in";

const logger = makeLogger("checkin");
const metrics = makeMetrics("checkin");
const store = checkinStore();
const registry = await registryClient();
const names = facilityNames();

const bodySchema = z
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
  })
  .strict();

const idempotencyKeyOf = (value: string | undefined): string | null => {
  if (value === undefined) return null;
  if (!/^[A-Za-z0-9._:-]{8,128}$/.test(value)) {
    throw new BadRequestError("IDEMPOTENCY_KEY_INVALID", {
      vi: "Idempotency-Key phải gồm 8–128 ký tự chữ, số hoặc . _ : -",
      en: "Idempotency-Key must be 8–128 letters, digits or . _ : -",
    });
  }
  return value;
};

/** POST /api/checkins: a receptionist or kiosk checks a patient in at the token's facility. */
export const handler = httpRoute(
  { roles: ["receptionist", "kiosk"], logger },
  async ({ event, principal }) => {
    parseQuery(event, noQuerySchema);
    const body = parseJsonBody(event, bodySchema);
    const facility = facilityOf(principal);
    const outcome = await checkIn(
      { store, registry, now: () => new Date(), newId: randomUUID },
      {
        facility,
        user: principal.sub,
        method: body.method,
        payload: body.payload,
        channel:
          principal.role === "kiosk"
            ? "kiosk"
            : (body.channel ?? (body.method === "manual-id" ? "typed" : "camera")),
        idempotencyKey: idempotencyKeyOf(headerOf(event, "idempotency-key")),
        scannedAt: body.scannedAt === undefined ? null : new Date(body.scannedAt),
        offlineQueue: body.offlineQueue ?? null,
        reader: body.reader ?? null,
      },
    );
    logger.info("check-in", {
      method: body.method,
      status: outcome.answer.status,
      duplicate: outcome.answer.duplicate,
      queueNumber: outcome.answer.queueNumber,
      queueSeries: outcome.answer.queueSeries,
      timeFlag: outcome.answer.timeFlag,
      idNumber: maskId(outcome.answer.patient.idNumber),
      ...(body.reader === undefined ? {} : { reader: body.reader }),
      ...outcome.facts,
    });
    const visit = metrics.singleMetric();
    visit.addDimensions({ method: body.method, status: outcome.answer.status });
    visit.addMetric(outcome.answer.duplicate ? "DuplicateCheckins" : "Checkins", MetricUnit.Count, 1);
    recordGatewayCall(metrics, outcome.facts);
    metrics.publishStoredMetrics();
    // The facility's name is for the printed ticket; it is not stored with the visit.
    return jsonResponse(outcome.statusCode, {
      ...outcome.answer,
      facilityName: await names.nameOf(facility),
    });
  },
);
