import { checkinListQuerySchema } from "#domain/contract";
import { vnDay } from "#domain/vn-time";
import { auditTrail, checkinStore, roomStores, xml0States } from "#functions/config/dependencies";
import { facilityOf } from "#functions/http/auth";
import { makeLogger } from "#functions/http/logger";
import { parseQuery } from "#functions/http/request";
import { jsonResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { withCurrentTickets } from "#functions/services/current-tickets";
import { toAnswer } from "#functions/stores/checkin-record";

const logger = makeLogger("checkins-list");
const store = checkinStore();
// The day's list takes from no limit: it only writes its audit line.
const trail = await auditTrail();

/**
 * GET /api/checkins?date=: the receptionist's own facility's check-ins of a day, newest first, each
 * with its room ticket and that ticket's priority marks as they are now, and where its XML0
 * stands; audited.
 */
export const handler = httpRoute({ roles: ["receptionist"], logger }, async ({ event, principal }) => {
  const query = parseQuery(event, checkinListQuerySchema);
  const facility = facilityOf(principal);
  const day = query.date === undefined || query.date === "today" ? vnDay(new Date()) : query.date;
  const actor = { user: principal.sub, role: principal.role, facility };
  const page = await trail.around(
    actor,
    "checkins-list",
    () => null,
    () => store.listDay(facility, day, { limit: query.limit ?? 50, cursor: query.cursor ?? null }),
    (listed) => listed.items.length,
  );
  const [items, xml0] = await Promise.all([
    withCurrentTickets(
      roomStores().queues,
      facility,
      day,
      page.items.map((item) => toAnswer(item, false)),
    ),
    xml0States().statesOf(
      facility,
      day,
      page.items.map((item) => item.checkinId),
    ),
  ]);
  return jsonResponse(200, {
    date: day,
    items: items.map((item) => ({ ...item, xml0: xml0.get(item.checkinId) ?? null })),
    nextCursor: page.nextCursor,
  });
});
