import { lookupRequestSchema } from "#domain/contract";
import { gatewayClient } from "#functions/config/dependencies";
import { facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { noQuerySchema, parseJsonBody, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { lookUp } from "#functions/services/look-up";

const logger = makeLogger("lookup");
const gateway = await gatewayClient();

/** POST /api/lookups: the receptionist checks coverage without checking the patient in. */
export const handler = httpRoute({ roles: ["receptionist"], logger }, async ({ event, principal }) => {
  parseQuery(event, noQuerySchema);
  const body = parseJsonBody(event, lookupRequestSchema);
  const result = await lookUp(
    { gateway, now: () => new Date() },
    { facility: facilityOf(principal), method: body.method, payload: body.payload },
  );
  logger.info("lookup", { method: body.method, status: result.answer.status, ...result.facts });
  return jsonResponse(200, result.answer);
});
