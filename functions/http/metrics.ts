import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

export { MetricUnit };

/** CloudWatch metrics in Embedded Metric Format; the namespace the alarms watch is `tiepdon`. */
export function makeMetrics(serviceName: string): Metrics {
  return new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? "tiepdon", serviceName });
}

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
