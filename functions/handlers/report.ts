import { reportQuerySchema } from "#domain/report-contract";
import { reportToCsv } from "#domain/report-csv";
import { reportDeps } from "#functions/config/dependencies";
import { makeLogger } from "#functions/http/logger";
import { parseQuery } from "#functions/http/request";
import { compressForClient, jsonResponse, textResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { reportScanRate } from "#functions/services/scan-rate-report";

const logger = makeLogger("report");
// Built at cold start: a missing table name fails the deployment's first call, not a later one.
const deps = reportDeps();

/** GET /api/reports/scan-rate: the QR-scan-rate ranking for the health department, as JSON or CSV. */
export const handler = httpRoute({ roles: ["health-dept"], logger }, async ({ event, principal }) => {
  const query = parseQuery(event, reportQuerySchema);
  const { report, stats } = await reportScanRate(deps, { province: principal.province }, query);
  logger.info("report", { groupBy: report.groupBy, from: report.from, to: report.to, ...stats });
  const acceptEncoding = event.headers["accept-encoding"];
  if (query.format === "json") return compressForClient(jsonResponse(200, report), acceptEncoding);
  const csv = textResponse(200, reportToCsv(report), "text/csv; charset=utf-8", {
    "content-disposition": `attachment; filename="scan-rate-${report.from}-${report.to}.csv"`,
  });
  return compressForClient(csv, acceptEncoding);
});
