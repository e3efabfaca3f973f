import { xml0Sender } from "#functions/config/xml0-dependencies";
import { makeLogger } from "#functions/http/logger";
import { MetricUnit, makeMetrics } from "#functions/http/metrics";

const logger = makeLogger("xml0-send");
const metrics = makeMetrics("xml0-send");
const sender = await xml0Sender();

/**
 * Sends the XML0s that are due, one bounded pass: started by a new visit's record and by a
 * schedule that picks up retries. A gateway problem leaves XML0s waiting and never fails the pass.
 */
export const handler = async (): Promise<{ sent: number; refused: number; waiting: number }> => {
  const summary = await sender.runOnce();
  const held = sender.blockedFacilities();
  logger.info("xml0 pass", { ...summary, heldFacilities: held.map((hold) => hold.facilityCode) });
  metrics.addMetric("Xml0Sent", MetricUnit.Count, summary.sent);
  metrics.addMetric("Xml0Refused", MetricUnit.Count, summary.refused);
  metrics.addMetric("Xml0Waiting", MetricUnit.Count, summary.waiting);
  metrics.publishStoredMetrics();
  return summary;
};
