import { queueSeriesAnswerSchema } from "#domain/contract";
import { ConflictError, ERROR_CODE } from "#domain/errors";
import { MAX_QUEUE_SERIES, seriesOf } from "#domain/scan-time";
import { checkinStore } from "#functions/config/dependencies";
import { facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { noQuerySchema, parseJsonBody, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";

const logger = makeLogger("queue-series");
const store = checkinStore();

/**
 * POST /api/checkins/series: a reception device takes the facility's next offline queue series
 * ("A", "B"…) while it is online, and numbers the tickets it hands out offline within it.
 */
export const handler = httpRoute({ roles: ["receptionist"], logger }, async ({ event, principal }) => {
  parseQuery(event, noQuerySchema);
  // The page sends no body; a body naming a facility must be refused, not silently ignored.
  if ((event.body ?? "") !== "") parseJsonBody(event, noQuerySchema);
  const facility = facilityOf(principal);
  const index = await store.nextQueueSeries(facility);
  if (index > MAX_QUEUE_SERIES) {
    throw new ConflictError(ERROR_CODE.QUEUE_SERIES_EXHAUSTED, {
      vi: `Cơ sở này đã dùng hết ${MAX_QUEUE_SERIES} dãy số ngoại tuyến.`,
      en: `This facility has used all ${MAX_QUEUE_SERIES} offline number series.`,
    });
  }
  const answer = queueSeriesAnswerSchema.parse({ series: seriesOf(index) });
  logger.info("queue series leased", answer);
  return jsonResponse(201, answer);
});
