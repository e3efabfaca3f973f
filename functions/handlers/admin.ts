import { ERROR_CODE, NotFoundError } from "#domain/errors";
import { adminRoutes } from "#functions/admin/admin-routes";
import { adminDeps, auditTrail } from "#functions/config/dependencies";
import { once } from "#functions/config/env";
import { makeLogger } from "#functions/http/logger";
import { httpRoute } from "#functions/http/route";

const logger = makeLogger("admin");
const trail = await auditTrail();
// Built on the first request: the user pool (AWS) or the accounts table (local) is read then.
const routes = once(() => adminRoutes(adminDeps(), trail));

/** `/api/admin/*`: facilities and staff accounts, for an administrator within its province. */
export const handler = httpRoute({ roles: ["admin"], logger }, async (request) => {
  const route = routes()[request.event.routeKey];
  if (route === undefined) {
    throw new NotFoundError(ERROR_CODE.ROUTE_NOT_FOUND, {
      vi: "Không có đường dẫn này.",
      en: "No such route.",
    });
  }
  return await route(request);
});
