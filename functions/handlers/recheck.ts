import { personAccess, reverifyDeps } from "#functions/config/dependencies";
import { clerkOf, facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { noQuerySchema, parseJsonBody, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { admitCall } from "#functions/privacy/access-limits";
import { reverifyPending } from "#functions/services/reverify";

const logger = makeLogger("recheck");
const deps = await reverifyDeps();
const { trail, guard } = await personAccess();
/** Pending visits one call re-checks at most: its gateway calls are bounded, and the page asks again. */
const RECHECK_BATCH = 50;

/** POST /api/checkins/recheck: the receptionist re-checks the facility's pending check-ins now; limited and audited. */
export const handler = httpRoute({ roles: ["receptionist"], logger }, async ({ event, principal }) => {
  parseQuery(event, noQuerySchema);
  // The page sends no body; a body naming a facility must be refused, not silently ignored.
  if ((event.body ?? "") !== "") parseJsonBody(event, noQuerySchema);
  const facility = facilityOf(principal);
  // The receptionist who asks for the re-check is the clerk BHXH records for it.
  const clerk = clerkOf(event, principal);
  const actor = { user: principal.sub, role: principal.role, facility };
  const summary = await trail.around(
    actor,
    "recheck",
    () => null,
    async () => {
      await admitCall(guard, "recheck", actor, false);
      return reverifyPending(deps, { facility, limit: RECHECK_BATCH, ...(clerk === null ? {} : { clerk }) });
    },
    (done) => done.checked,
  );
  return jsonResponse(200, summary);
});
