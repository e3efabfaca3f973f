import { checkinStore, registryClient } from "#functions/config/dependencies";
import { facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { reverifyPending } from "#functions/services/reverify";

const logger = makeLogger("recheck");
const store = checkinStore();
const registry = registryClient();

/** POST /api/checkins/recheck: the receptionist re-checks the facility's pending check-ins now. */
export const handler = httpRoute({ roles: ["receptionist"], logger }, async ({ principal }) => {
  const summary = await reverifyPending(
    { store, registry, now: () => new Date() },
    { facility: facilityOf(principal), limit: 50 },
  );
  return jsonResponse(200, summary);
});
