import { lookupRequestSchema } from "#domain/contract";
import { lookupDeps } from "#functions/config/dependencies";
import { accessGuard, auditTrail } from "#functions/config/privacy-dependencies";
import { clerkOf, facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { MetricUnit, makeMetrics } from "#functions/http/metrics";
import { noQuerySchema, parseJsonBody, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { admitCall, DAILY_CAP_METRIC, idNumberIn, isTyped } from "#functions/privacy/access-limits";
import { lookUp } from "#functions/services/look-up";

const logger = makeLogger("lookup");
const metrics = makeMetrics("lookup");
const { gateway } = await lookupDeps();
const trail = await auditTrail();
const guard = {
  ...accessGuard(),
  onDailyCap: () => {
    metrics.addMetric(DAILY_CAP_METRIC, MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
  },
};

/** POST /api/lookups: the receptionist checks coverage without checking the patient in; limited and audited. */
export const handler = httpRoute({ roles: ["receptionist"], logger }, async ({ event, principal }) => {
  parseQuery(event, noQuerySchema);
  const body = parseJsonBody(event, lookupRequestSchema);
  const facility = facilityOf(principal);
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
          admit: () => admitCall(guard, "lookup", actor, isTyped(body.method, body.payload)),
        },
        { facility, method: body.method, payload: body.payload, clerk },
      ),
  );
  logger.info("lookup", { method: body.method, status: result.answer.status, ...result.facts });
  return jsonResponse(200, result.answer);
});
