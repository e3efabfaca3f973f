import { auditQuerySchema, auditToCsv } from "#domain/audit-contract";
import { auditStore, auditTrail } from "#functions/config/dependencies";
import { makeLogger } from "#functions/http/logger";
import { parseQuery } from "#functions/http/request";
import { jsonResponse, textResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { searchAudit } from "#functions/privacy/audit-search";

const logger = makeLogger("audit");
const store = auditStore();
const trail = await auditTrail();

/** GET /api/audit?subject= or ?user=: who did what to whose data, for an administrator; JSON or CSV. */
export const handler = httpRoute({ roles: ["admin"], logger }, async ({ event, principal }) => {
  const query = parseQuery(event, auditQuerySchema);
  const actor = { user: principal.sub, role: principal.role, facility: principal.facility };
  const answer = await searchAudit({ trail, store }, actor, query);
  logger.info("audit search", { by: answer.by, lines: answer.entries.length });
  if (query.format !== "csv") return jsonResponse(200, answer);
  return textResponse(200, auditToCsv(answer.entries), "text/csv; charset=utf-8", {
    "content-disposition": `attachment; filename="audit-${answer.by}.csv"`,
  });
});
