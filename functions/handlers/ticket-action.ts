import * as z from "zod";
import { roomIdSchema, ticketActionAnswerSchema, ticketActionSchema } from "#domain/room-contract";
import { vnDay } from "#domain/vn-time";
import { callPublisher, roomStores } from "#functions/config/dependencies";
import { facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { noQuerySchema, parseJsonBody, parsePath, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { actOnTicket } from "#functions/services/room-calls";

const logger = makeLogger("ticket-action");
const pathSchema = z.object({ room: roomIdSchema, number: z.coerce.number().int().min(1).max(99_999) });

/** POST /api/rooms/{room}/tickets/{number}: recall, skip (missed list), bring back or finish a ticket. */
export const handler = httpRoute({ roles: ["room"], logger }, async ({ event, principal }) => {
  parseQuery(event, noQuerySchema);
  const { room, number } = parsePath(event, pathSchema);
  const { action } = parseJsonBody(event, ticketActionSchema);
  const facility = facilityOf(principal);
  const now = new Date();
  const deps = {
    ...roomStores(),
    publisher: callPublisher(),
    onPublishFailed: () => logger.warn("recall not pushed; screens catch up by polling"),
  };
  const answer = await actOnTicket(deps, { facility, roomId: room, number, action, day: vnDay(now), now });
  logger.info("ticket moved", { room, number, action });
  return jsonResponse(200, ticketActionAnswerSchema.parse(answer));
});
