import { roomListAnswerSchema } from "#domain/room-contract";
import { vnDay } from "#domain/vn-time";
import { roomStores } from "#functions/config/dependencies";
import { facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { noQuerySchema, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { listRoomsWithQueues } from "#functions/services/room-calls";

const logger = makeLogger("rooms-list");

/** GET /api/rooms: the facility's exam rooms, open or closed, with today's waiting counts. */
export const handler = httpRoute(
  { roles: ["receptionist", "kiosk", "room"], logger },
  async ({ event, principal }) => {
    parseQuery(event, noQuerySchema);
    const facility = facilityOf(principal);
    const day = vnDay(new Date());
    const rooms = await listRoomsWithQueues(roomStores(), facility, day);
    return jsonResponse(200, roomListAnswerSchema.parse({ date: day, rooms }));
  },
);
