import { gatewayRefusalQuerySchema, gatewayRefusalReportSchema } from "#domain/gateway-account-contract";
import { reportQuerySchema } from "#domain/report-contract";
import { reportToCsv } from "#domain/report-csv";
import { roomWaitQuerySchema, roomWaitsToCsv } from "#domain/room-wait-contract";
import { reportDeps } from "#functions/config/dependencies";
import { makeLogger } from "#functions/http/logger";
import { parseQuery } from "#functions/http/request";
import { compressForClient, jsonResponse, textResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { reportGatewayRefusals } from "#functions/services/gateway-refusal-report";
import { reportRoomWaits } from "#functions/services/room-wait-report";
import { reportScanRate } from "#functions/services/scan-rate-report";

const logger = makeLogger("report");
// Built at cold start: a missing table name fails the deployment's first call, not a later one.
const deps = reportDeps();

/**
 * GET /api/reports/scan-rate: the QR-scan-rate ranking for the health department, as JSON or CSV;
 * GET /api/reports/room-waits: one facility's waits per exam room, as JSON or CSV;
 * GET /api/reports/gateway-accounts: the province's facilities whose gateway account is refused.
 */
export const handler = httpRoute({ roles: ["health-dept"], logger }, async ({ event, principal }) => {
  const acceptEncoding = event.headers["accept-encoding"];
  const caller = { province: principal.province };
  if (event.routeKey === "GET /api/reports/gateway-accounts") {
    const query = parseQuery(event, gatewayRefusalQuerySchema);
    const report = await reportGatewayRefusals(deps, caller, query);
    logger.info("gateway refusals", { facilities: report.facilities.length });
    return jsonResponse(200, gatewayRefusalReportSchema.parse(report));
  }
  if (event.routeKey === "GET /api/reports/room-waits") {
    const query = parseQuery(event, roomWaitQuerySchema);
    const { report, stats } = await reportRoomWaits(deps, caller, query);
    logger.info("room waits", { from: report.from, to: report.to, rooms: report.rooms.length, ...stats });
    if (query.format === "json") return compressForClient(jsonResponse(200, report), acceptEncoding);
    return textResponse(200, roomWaitsToCsv(report), "text/csv; charset=utf-8", {
      "content-disposition": `attachment; filename="room-waits-${report.facility}-${report.from}-${report.to}.csv"`,
    });
  }
  const query = parseQuery(event, reportQuerySchema);
  const { report, stats } = await reportScanRate(deps, caller, query);
  logger.info("report", { groupBy: report.groupBy, from: report.from, to: report.to, ...stats });
  if (query.format === "json") return compressForClient(jsonResponse(200, report), acceptEncoding);
  const csv = textResponse(200, reportToCsv(report), "text/csv; charset=utf-8", {
    "content-disposition": `attachment; filename="scan-rate-${report.from}-${report.to}.csv"`,
  });
  return compressForClient(csv, acceptEncoding);
});
