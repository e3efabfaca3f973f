import { lookupRequestSchema } from "#domain/contract";
import { facilityStatus, lookupDeps } from "#functions/config/dependencies";
import { clerkOf, facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { noQuerySchema, parseJsonBody, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { admitCall, idNumberIn, isTyped } from "#functions/privacy/access-limits";
import { lookUp } from "#functions/services/look-up";

const logger = makeLogger("lookup");
const { gateway, trail, guard, watch } = await lookupDeps();
const status = facilityStatus();

/** POST /api/lookups: the receptionist checks coverage without checking the patient in; limited and audited. */
export const handler = httpRoute({ roles: ["receptionist"], logger }, async ({ event, principal }) => {
  parseQuery(event, noQuerySchema);
  const body = parseJsonBody(event, lookupRequestSchema);
  const facility = facilityOf(principal);
  await status.ensureActive(facility);
  const clerk = clerkOf(event, principal);
  const actor = { user: principal.sub, role: principal.role, facility };
  const result = await trail.around(
    actor,
    "lookup",
    (done) => done?.answer.patient.idNumber ?? idNumberIn(body.method, body.payload),
    () =>
      lookUp(
        {
          gateway,
          now: () => new Date(),
          admit: async () => {
            const typed = isTyped(body.method, body.payload);
            await admitCall(guard, "lookup", actor, typed);
            // Typed look-ups are what a registry walk makes: the enumeration alarm counts them.
            if (typed) await watch.lookedUp(actor);
          },
        },
        { facility, method: body.method, payload: body.payload, clerk },
      ),
  );
  logger.info("lookup", { method: body.method, status: result.answer.status, ...result.facts });
  return jsonResponse(200, result.answer);
});
