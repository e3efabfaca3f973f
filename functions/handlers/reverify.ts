import { reverifyDeps } from "#functions/config/dependencies";
import { makeLogger } from "#functions/http/logger";
import { MetricUnit, makeMetrics } from "#functions/http/metrics";
import { reverifyPending } from "#functions/services/reverify";

const logger = makeLogger("reverify");
const metrics = makeMetrics("reverify");
const deps = await reverifyDeps();

/** Scheduled: re-checks pending check-ins of every facility, a bounded batch per run. */
export const handler = async (): Promise<{ checked: number; settled: number; stillPending: number }> => {
  const summary = await reverifyPending(deps, { limit: 200 });
  logger.info("reverify run", { ...summary });
  // The backlog alarm watches what is still pending after a run.
  metrics.addMetric("PendingBacklog", MetricUnit.Count, summary.stillPending + (summary.remaining ? 1 : 0));
  metrics.addMetric("Settled", MetricUnit.Count, summary.settled);
  metrics.publishStoredMetrics();
  return summary;
};
