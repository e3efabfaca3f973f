import * as z from "zod";
import { callAnswerSchema, roomIdSchema } from "#domain/room-contract";
import { vnDay } from "#domain/vn-time";
import { callPublisher, roomCallStores } from "#functions/config/dependencies";
import { facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { noQuerySchema, parsePath, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { callNextPatient } from "#functions/services/room-calls";

const logger = makeLogger("room-call");
const pathSchema = z.object({ room: roomIdSchema });

/** POST /api/rooms/{room}/calls: calls the room's next patient, priority first. */
export const handler = httpRoute({ roles: ["room"], logger }, async ({ event, principal }) => {
  parseQuery(event, noQuerySchema);
  const { room } = parsePath(event, pathSchema);
  const facility = facilityOf(principal);
  const now = new Date();
  const deps = {
    ...roomCallStores(),
    publisher: callPublisher(),
    onPublishFailed: () => logger.warn("call not pushed; screens catch up by polling"),
  };
  const answer = await callNextPatient(deps, facility, room, vnDay(now), now);
  logger.info("called", { room, number: answer.ticket.number });
  return jsonResponse(201, callAnswerSchema.parse(answer));
});
