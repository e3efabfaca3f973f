import { facilityPathSchema } from "#domain/admin-contract";
import { adminScopeOf } from "#domain/admin-scope";
import { ForbiddenError } from "#domain/errors";
import {
  gatewayAccountListSchema,
  gatewayAccountStatusSchema,
  gatewayAccountWriteSchema,
  gatewayCertificateWriteSchema,
  kioskClerkWriteSchema,
} from "#domain/gateway-account-contract";
import * as admin from "#functions/admin/gateway-account-admin";
import { auditTrail, gatewayAdminDeps } from "#functions/config/dependencies";
import { makeLogger } from "#functions/http/logger";
import { noQuerySchema, parseJsonBody, parsePath, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute, type RouteRequest } from "#functions/http/route";

const logger = makeLogger("gateway-admin");
const trail = await auditTrail();

/** Runs a write of the facility's gateway account and records who did it (or was refused). */
async function audited<T>(request: RouteRequest, target: string, run: () => Promise<T>): Promise<T> {
  const { principal } = request;
  const actor = { user: principal.sub, role: principal.role, facility: principal.facility };
  try {
    const result = await run();
    await trail.record(actor, { action: "facility-admin", idNumber: null, outcome: "ok", target });
    return result;
  } catch (error) {
    if (error instanceof ForbiddenError)
      await trail.record(actor, {
        action: "facility-admin",
        idNumber: null,
        outcome: "refused",
        code: error.code,
        target,
      });
    throw error;
  }
}

/** `/api/admin/gateway-accounts` and `/api/admin/facilities/{code}/gateway[-account|-certificate]`: write-only secrets. */
export const handler = httpRoute({ roles: ["admin"], logger }, async (request) => {
  const { event, principal } = request;
  parseQuery(event, noQuerySchema);
  const scope = adminScopeOf(principal.province);
  const deps = gatewayAdminDeps();
  if (event.routeKey === "GET /api/admin/gateway-accounts") {
    const facilities = await admin.listGatewayAccounts(deps, scope);
    return jsonResponse(200, gatewayAccountListSchema.parse({ facilities }));
  }
  const { code } = parsePath(event, facilityPathSchema);
  switch (event.routeKey) {
    case "PUT /api/admin/facilities/{code}/gateway-account": {
      const write = parseJsonBody(event, gatewayAccountWriteSchema);
      const status = await audited(request, `facility ${code} gateway-account write`, () =>
        admin.setGatewayAccount(deps, scope, code, write),
      );
      return jsonResponse(200, gatewayAccountStatusSchema.parse(status));
    }
    case "PUT /api/admin/facilities/{code}/gateway-certificate": {
      const write = parseJsonBody(event, gatewayCertificateWriteSchema);
      const status = await audited(request, `facility ${code} gateway-certificate write`, () =>
        admin.setGatewayCertificate(deps, scope, code, write),
      );
      return jsonResponse(200, gatewayAccountStatusSchema.parse(status));
    }
    case "PUT /api/admin/facilities/{code}/kiosk-clerk": {
      const write = parseJsonBody(event, kioskClerkWriteSchema);
      const status = await audited(request, `facility ${code} kiosk-clerk write`, () =>
        admin.setKioskClerk(deps, scope, code, write),
      );
      return jsonResponse(200, gatewayAccountStatusSchema.parse(status));
    }
    default:
      return jsonResponse(
        200,
        gatewayAccountStatusSchema.parse(await admin.gatewayAccountStatus(deps, scope, code)),
      );
  }
});
