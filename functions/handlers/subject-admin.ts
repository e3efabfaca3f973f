import { adminScopeOf } from "#domain/admin-scope";
import { ERROR_CODE, NotFoundError } from "#domain/errors";
import { subjectRequestSchema } from "#domain/subject-contract";
import { subjectRequestDeps } from "#functions/config/dependencies";
import { makeLogger } from "#functions/http/logger";
import { noQuerySchema, parseJsonBody, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { eraseSubject, exportSubject } from "#functions/privacy/subject-request";

const logger = makeLogger("subject-admin");
const deps = await subjectRequestDeps();

/**
 * `POST /api/admin/subjects/search` (everything held about one ID number, JSON to hand over) and
 * `POST /api/admin/subjects/erase`, for an administrator within its provinces; both audited.
 */
export const handler = httpRoute({ roles: ["admin"], logger }, async ({ event, principal }) => {
  parseQuery(event, noQuerySchema);
  const { idNumber } = parseJsonBody(event, subjectRequestSchema);
  const actor = { user: principal.sub, role: principal.role, facility: principal.facility };
  const scope = adminScopeOf(principal.province);
  if (event.routeKey === "POST /api/admin/subjects/search") {
    const found = await exportSubject(deps, actor, scope, idNumber);
    logger.info("subject export", { visits: found.visits.length });
    return jsonResponse(200, found);
  }
  if (event.routeKey === "POST /api/admin/subjects/erase") {
    const erased = await eraseSubject(deps, actor, scope, idNumber);
    logger.info("subject erase", { visits: erased.visits });
    return jsonResponse(200, erased);
  }
  throw new NotFoundError(ERROR_CODE.ROUTE_NOT_FOUND, {
    vi: "Không có đường dẫn này.",
    en: "No such route.",
  });
});
