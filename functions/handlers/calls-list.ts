import { ERROR_CODE, ForbiddenError } from "#domain/errors";
import { callsAnswerSchema, callsQuerySchema } from "#domain/room-contract";
import { vnDay } from "#domain/vn-time";
import { roomStores } from "#functions/config/dependencies";
import { facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";

const logger = makeLogger("calls-list");

/** GET /api/calls?facility=&since=: today's calls of the caller's own facility, for a screen catching up. */
export const handler = httpRoute(
  { roles: ["kiosk", "room", "receptionist"], logger },
  async ({ event, principal }) => {
    const query = parseQuery(event, callsQuerySchema);
    const facility = facilityOf(principal);
    if (query.facility !== facility) {
      throw new ForbiddenError(ERROR_CODE.CALLS_OTHER_FACILITY, {
        vi: "Màn hình chỉ được hiển thị lượt gọi của cơ sở mình.",
        en: "A screen may only show its own facility's calls.",
      });
    }
    const day = vnDay(new Date());
    const calls = await roomStores().queues.listCalls(facility, day, query.since ?? null);
    return jsonResponse(200, callsAnswerSchema.parse({ date: day, calls }));
  },
);
