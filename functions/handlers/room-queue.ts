import * as z from "zod";
import { roomIdSchema, roomQueueAnswerSchema } from "#domain/room-contract";
import { vnDay } from "#domain/vn-time";
import { roomStores } from "#functions/config/dependencies";
import { facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { noQuerySchema, parsePath, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { findRoom } from "#functions/services/room-calls";

const logger = makeLogger("room-queue");
const pathSchema = z.object({ room: roomIdSchema });

/** GET /api/rooms/{room}/queue: the room's day for its staff (names included, reasons for priority never). */
export const handler = httpRoute({ roles: ["room"], logger }, async ({ event, principal }) => {
  parseQuery(event, noQuerySchema);
  const { room: roomId } = parsePath(event, pathSchema);
  const facility = facilityOf(principal);
  const { rooms, queues } = roomStores();
  const room = await findRoom(rooms, facility, roomId);
  const day = vnDay(new Date());
  const queue = await queues.listQueue(facility, room.id, day);
  return jsonResponse(200, roomQueueAnswerSchema.parse({ date: day, room, ...queue }));
});
