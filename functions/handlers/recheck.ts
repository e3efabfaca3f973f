import { reverifyDeps } from "#functions/config/dependencies";
import { facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { noQuerySchema, parseJsonBody, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { reverifyPending } from "#functions/services/reverify";

const logger = makeLogger("recheck");
const deps = await reverifyDeps();

/** POST /api/checkins/recheck: the receptionist re-checks the facility's pending check-ins now. */
export const handler = httpRoute({ roles: ["receptionist"], logger }, async ({ event, principal }) => {
  parseQuery(event, noQuerySchema);
  // The page sends no body; a body naming a facility must be refused, not silently ignored.
  if ((event.body ?? "") !== "") parseJsonBody(event, noQuerySchema);
  const summary = await reverifyPending(deps, { facility: facilityOf(principal), limit: 50 });
  return jsonResponse(200, summary);
});
