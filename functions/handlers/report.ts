import * as z from "zod";
import { reportToCsv } from "#domain/report-csv";
import { GROUP_BYS } from "#domain/scan-rate";
import { isIsoDate } from "#domain/vn-time";
import { dynamoClients } from "#functions/config/aws-clients";
import { readConfig } from "#functions/config/env";
import { readerThresholdsOf, reportSettingsSchema } from "#functions/config/settings";
import { makeLogger } from "#functions/http/logger";
import { parseQuery } from "#functions/http/request";
import { jsonResponse, textResponse } from "#functions/http/responses";
import { httpRoute } from "#functions/http/route";
import { reportScanRate, type ScanRateReportDeps } from "#functions/services/scan-rate-report";
import { makeCounterStore } from "#functions/stores/counter-store";
import { makeFacilityStore } from "#functions/stores/facility-store";
import { makeRollupStore } from "#functions/stores/rollup-store";

const logger = makeLogger("report");
// Read at cold start: a missing table name fails the deployment's first call, not a later one.
const settings = readConfig(reportSettingsSchema);
const { doc } = dynamoClients();
const counterTable = { countersTable: settings.COUNTERS_TABLE, counterShards: settings.COUNTER_SHARDS };
const deps: ScanRateReportDeps = {
  counters: makeCounterStore(doc, counterTable),
  rollups: makeRollupStore(doc, counterTable),
  facilities: makeFacilityStore(doc, settings.FACILITIES_TABLE),
  target: settings.SCAN_RATE_TARGET,
  readerThresholds: readerThresholdsOf(settings),
  now: () => new Date(),
};

const isoDate = z.string().refine(isIsoDate, "a real date YYYY-MM-DD");
const querySchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    province: z
      .string()
      .regex(/^\d{3}$/, "a 3-digit province code")
      .optional(),
    groupBy: z.enum(GROUP_BYS).default("facility"),
    format: z.enum(["json", "csv"]).default("json"),
  })
  .strict();

/** GET /api/reports/scan-rate: the QR-scan-rate ranking for the health department, as JSON or CSV. */
export const handler = httpRoute({ roles: ["health-dept"], logger }, async ({ event, principal }) => {
  const query = parseQuery(event, querySchema);
  const { report, stats } = await reportScanRate(deps, { province: principal.province }, query);
  logger.info("report", { groupBy: report.groupBy, from: report.from, to: report.to, ...stats });
  if (query.format === "json") return jsonResponse(200, report);
  return textResponse(200, reportToCsv(report), "text/csv; charset=utf-8", {
    "content-disposition": `attachment; filename="scan-rate-${report.from}-${report.to}.csv"`,
  });
});
