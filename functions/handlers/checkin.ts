import { checkinRequestSchema, kioskAnswerOf } from "#domain/contract";
import { checkinDeps, facilityNames, personAccess } from "#functions/config/dependencies";
import { clerkOf, facilityOf } from "#functions/http/auth";
import { reportCheckin } from "#functions/http/checkin-telemetry";
import { makeLogger } from "#functions/http/logger";
import { makeMetrics } from "#functions/http/metrics";
import { idempotencyKeyOf, noQuerySchema, parseJsonBody, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { admitCall, idNumberIn, isTyped } from "#functions/privacy/access-limits";
import { checkIn, checkinCommandOf } from "#functions/services/check-in";

const telemetry = { logger: makeLogger("checkin"), metrics: makeMetrics("checkin") };
const deps = await checkinDeps();
const names = facilityNames();
const { trail, guard } = await personAccess();

/** POST /api/checkins: a receptionist or kiosk checks a patient in at the token's facility; limited and audited. */
export const handler = httpRoute(
  { roles: ["receptionist", "kiosk"], logger: telemetry.logger },
  async ({ event, principal }) => {
    parseQuery(event, noQuerySchema);
    const body = parseJsonBody(event, checkinRequestSchema);
    const facility = facilityOf(principal);
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
        return checkIn(deps, checkinCommandOf(body, by, idempotencyKeyOf(event)));
      },
    );
    reportCheckin(telemetry, body, outcome);
    // The facility's name is for the printed ticket; it is not stored with the visit.
    const answer = { ...outcome.answer, facilityName: await names.nameOf(facility) };
    return jsonResponse(
      outcome.statusCode,
      principal.role === "kiosk" ? kioskAnswerOf(answer, isTyped(body.method, body.payload)) : answer,
    );
  },
);
