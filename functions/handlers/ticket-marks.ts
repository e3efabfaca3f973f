import * as z from "zod";
import { markAnswerSchema, markChangeSchema, roomIdSchema } from "#domain/room-contract";
import { vnDay } from "#domain/vn-time";
import { callPublisher, roomStores } from "#functions/config/dependencies";
import { facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { noQuerySchema, parseJsonBody, parsePath, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { announceQueueChange, changePriority } from "#functions/services/room-calls";

const logger = makeLogger("ticket-marks");
const pathSchema = z.object({ room: roomIdSchema, number: z.coerce.number().int().min(1).max(99_999) });

/** POST /api/rooms/{room}/tickets/{number}/marks: reception adds or removes a waiting ticket's priority mark. */
export const handler = httpRoute({ roles: ["receptionist"], logger }, async ({ event, principal }) => {
  parseQuery(event, noQuerySchema);
  const { room, number } = parsePath(event, pathSchema);
  const change = parseJsonBody(event, markChangeSchema);
  const now = new Date();
  const answer = await changePriority(roomStores(), {
    facility: facilityOf(principal),
    roomId: room,
    number,
    change,
    day: vnDay(now),
    now,
  });
  logger.info("priority changed", { room, number, priority: answer.ticket.priority });
  // The call order may have changed: the room's pages read their queue again.
  await announceQueueChange(
    { publisher: callPublisher(), onPublishFailed: () => logger.warn("queue change not pushed") },
    facilityOf(principal),
    room,
  );
  return jsonResponse(200, markAnswerSchema.parse(answer));
});
