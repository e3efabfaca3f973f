import { outboxNoticeAnswerSchema, outboxNoticeRequestSchema } from "#domain/outbox-notice";
import { auditTrail } from "#functions/config/dependencies";
import { facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { noQuerySchema, parseJsonBody, parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { outboxNoticeEvent } from "#functions/privacy/outbox-notice-line";

const logger = makeLogger("outbox-notice");
const trail = await auditTrail();

/**
 * POST /api/outbox/notices: a reception device reports an offline check-in it will never send
 * (discarded with a reason, found altered, or dropped after its time): one line of the audit trail.
 */
export const handler = httpRoute({ roles: ["receptionist"], logger }, async ({ event, principal }) => {
  parseQuery(event, noQuerySchema);
  const notice = parseJsonBody(event, outboxNoticeRequestSchema);
  const actor = { user: principal.sub, role: principal.role, facility: facilityOf(principal) };
  await trail.record(actor, outboxNoticeEvent(notice));
  logger.info("outbox notice", { event: notice.event, reason: notice.reason });
  return jsonResponse(201, outboxNoticeAnswerSchema.parse({ recorded: true }));
});
