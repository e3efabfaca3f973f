import { roomWriteSchema } from "#domain/room-contract";
import { roomStores } from "#functions/config/dependencies";
import { facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { noQuerySchema, parseJsonBody, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { requireOwnRoom } from "#functions/services/room-calls";

const logger = makeLogger("room-write");

/** POST /api/rooms: creates or changes one of the facility's rooms (opening and closing it too). */
export const handler = httpRoute({ roles: ["receptionist"], logger }, async ({ event, principal }) => {
  parseQuery(event, noQuerySchema);
  const room = parseJsonBody(event, roomWriteSchema);
  const facility = facilityOf(principal);
  requireOwnRoom(room.id, facility);
  await roomStores().rooms.putRoom(facility, room);
  logger.info("room written", { room: room.id, open: room.open });
  return jsonResponse(200, room);
});
