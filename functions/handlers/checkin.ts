import { checkinRequestSchema, kioskAnswerOf } from "#domain/contract";
import {
  callPublisher,
  checkinDeps,
  facilityNames,
  facilityStatus,
  personAccess,
} from "#functions/config/dependencies";
import { clerkOf, facilityOf } from "#functions/http/auth";
import { reportCheckin } from "#functions/http/checkin-telemetry";
import { makeLogger } from "#functions/http/logger";
import { makeMetrics } from "#functions/http/metrics";
import { idempotencyKeyOf, noQuerySchema, parseJsonBody, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { admitCall, idNumberIn, isTyped } from "#functions/privacy/access-limits";
import { checkIn, checkinCommandOf } from "#functions/services/check-in";
import { announceQueueChange } from "#functions/services/room-calls";

const telemetry = { logger: makeLogger("checkin"), metrics: makeMetrics("checkin") };
const deps = await checkinDeps();
const names = facilityNames();
const { trail, guard, watch } = await personAccess();
const status = facilityStatus();
const channel = {
  publisher: callPublisher(),
  onPublishFailed: () =>
    telemetry.logger.warn("queue change not pushed; room pages read it on their next event"),
};

/** POST /api/checkins: a receptionist or kiosk checks a patient in at the token's facility; limited and audited. */
export const handler = httpRoute(
  { roles: ["receptionist", "kiosk"], logger: telemetry.logger },
  async ({ event, principal }) => {
    parseQuery(event, noQuerySchema);
    const body = parseJsonBody(event, checkinRequestSchema);
    const facility = facilityOf(principal);
    await status.ensureActive(facility);
    const by = {
      facility,
      user: principal.sub,
      device: principal.role === "kiosk" ? "kiosk" : "reception",
      clerk: clerkOf(event, principal),
    } as const;
    const actor = { user: principal.sub, role: principal.role, facility };
    const outcome = await trail.around(
      actor,
      "checkin",
      (done) => done?.answer.patient.idNumber ?? idNumberIn(body.method, body.payload),
      async () => {
        await admitCall(guard, "checkin", actor, isTyped(body.method, body.payload));
        const done = await checkIn(deps, checkinCommandOf(body, by, idempotencyKeyOf(event)));
        // A person checked in at the counter balances a look-up in the enumeration alarm's tally.
        if (by.device === "reception") await watch.checkedIn(actor);
        return done;
      },
    );
    reportCheckin(telemetry, body, outcome);
    // A new ticket tells its room's pages to read their queue again.
    const ticket = outcome.answer.roomTicket;
    if (outcome.statusCode === 201 && ticket !== null)
      await announceQueueChange(channel, facility, ticket.room);
    // The facility's name is for the printed ticket; it is not stored with the visit.
    const answer = { ...outcome.answer, facilityName: await names.nameOf(facility) };
    return jsonResponse(
      outcome.statusCode,
      principal.role === "kiosk" ? kioskAnswerOf(answer, isTyped(body.method, body.payload)) : answer,
    );
  },
);
