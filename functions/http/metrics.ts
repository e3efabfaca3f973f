import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

export { MetricUnit };

/** CloudWatch metrics in Embedded Metric Format; the namespace the alarms watch is `tiepdon`. */
export function makeMetrics(serviceName: string): Metrics {
  return new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? "tiepdon", serviceName });
}

/** The service the refusals of facilities' gateway accounts are counted under, whichever function saw them. */
export const GATEWAY_ACCOUNT_SERVICE = "gateway-account";
/** One count per card check the gateway refused for the facility's account (wrong or locked password). */
export const ACCOUNT_REFUSED_METRIC = "GatewayAccountRefused";

/** Records one gateway call, if there was one: latency, and whether the gateway failed to answer. */
export function recordGatewayCall(
  metrics: Metrics,
  outcome: { gatewayMs: number | null; gatewayOutcome: string },
): boolean {
  if (outcome.gatewayMs === null) return false;
  metrics.addMetric("GatewayCalls", MetricUnit.Count, 1);
  metrics.addMetric("GatewayErrors", MetricUnit.Count, outcome.gatewayOutcome === "answer" ? 0 : 1);
  metrics.addMetric("GatewayLatency", MetricUnit.Milliseconds, outcome.gatewayMs);
  return true;
}
