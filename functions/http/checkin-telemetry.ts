import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { CheckinRequest } from "#domain/contract";
import type { CheckinOutcome } from "#functions/services/check-in";
import { maskId } from "./logger.ts";
import { MetricUnit, recordGatewayCall } from "./metrics.ts";

/** The check-in's log line and metrics: facts only, the ID number masked, nothing else personal. */
export function reportCheckin(
  telemetry: { logger: Logger; metrics: Metrics },
  body: CheckinRequest,
  outcome: CheckinOutcome,
): void {
  const { answer } = outcome;
  telemetry.logger.info("check-in", {
    method: body.method,
    status: answer.status,
    duplicate: answer.duplicate,
    queueNumber: answer.queueNumber,
    queueSeries: answer.queueSeries,
    timeFlag: answer.timeFlag,
    idNumber: maskId(answer.patient.idNumber),
    ...(body.reader === undefined ? {} : { reader: body.reader }),
    ...outcome.facts,
  });
  const visit = telemetry.metrics.singleMetric();
  visit.addDimensions({ method: body.method, status: answer.status });
  visit.addMetric(answer.duplicate ? "DuplicateCheckins" : "Checkins", MetricUnit.Count, 1);
  recordGatewayCall(telemetry.metrics, outcome.facts);
  telemetry.metrics.publishStoredMetrics();
}
