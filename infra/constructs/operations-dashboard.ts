import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as logs from "aws-cdk-lib/aws-logs";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { METHODS } from "#domain/types";
import { METRICS_NAMESPACE, serviceMetric } from "./alarms.ts";
import type { CheckinApi } from "./checkin-api.ts";
import type { FunctionKey, TiepdonFunction } from "./tiepdon-function.ts";

const MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);
const WIDE = 12;
const HEIGHT = 6;

export interface OperationsDashboardProps {
  readonly name: string;
  readonly api: CheckinApi;
  readonly functions: Readonly<Record<FunctionKey, TiepdonFunction>>;
  readonly gatewayCallers: readonly FunctionKey[];
  readonly tables: Readonly<Record<string, dynamodb.TableV2>>;
  /** Queues to watch by depth and age of the oldest message (dead-letter queues, senders' queues). */
  readonly queues: Readonly<Record<string, sqs.IQueue>>;
}

/** Check-ins a minute of one method, summed over every status (EMF dimensions service, method, status). */
function checkinsOf(method: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    label: method,
    period: MINUTE,
    expression: `SUM(SEARCH('{${METRICS_NAMESPACE},method,service,status} MetricName="Checkins" method="${method}"', 'Sum', 60))`,
  });
}

/**
 * One environment's operations dashboard: check-ins a minute by method, the pending backlog, the
 * gateway's errors and latency (by caller, and by facility from the logs), requests, errors and
 * latency by route from the access log, every function's errors and throttles, table throttles,
 * and the depth and age of every queue.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const fns = Object.entries(props.functions);
    const gatewayLogs: logs.ILogGroup[] = props.gatewayCallers.map((key) => props.functions[key].logGroup);
    this.dashboard = new cloudwatch.Dashboard(this, "dashboard", {
      dashboardName: props.name,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Check-ins a minute, by method",
        width: WIDE,
        height: HEIGHT,
        stacked: true,
        left: METHODS.map(checkinsOf),
      }),
      new cloudwatch.GraphWidget({
        title: "Pending check-ins after each re-check run",
        width: WIDE,
        height: HEIGHT,
        left: [serviceMetric("PendingBacklog", "reverify", { statistic: cloudwatch.Stats.MAXIMUM })],
        right: [serviceMetric("Settled", "reverify")],
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "National gateway: calls and errors by caller",
        width: WIDE,
        height: HEIGHT,
        left: props.gatewayCallers.map((key) => serviceMetric("GatewayErrors", key)),
        right: props.gatewayCallers.map((key) => serviceMetric("GatewayCalls", key)),
      }),
      new cloudwatch.GraphWidget({
        title: "National gateway: latency by caller (p50, p95)",
        width: WIDE,
        height: HEIGHT,
        left: props.gatewayCallers.flatMap((key) => [
          serviceMetric("GatewayLatency", key, { statistic: cloudwatch.Stats.percentile(50) }),
          serviceMetric("GatewayLatency", key, { statistic: cloudwatch.Stats.percentile(95) }),
        ]),
      }),
    );
    // Per facility from the log lines (facility is a log key, not a metric dimension: 12,851 of them).
    this.dashboard.addWidgets(
      new cloudwatch.LogQueryWidget({
        title: "National gateway: failed calls by facility",
        width: WIDE,
        height: HEIGHT,
        logGroupNames: gatewayLogs.map((group) => group.logGroupName),
        queryLines: [
          "filter ispresent(gatewayMs) and gatewayOutcome != 'answer'",
          "stats count(*) as failed by facility, gatewayOutcome",
          "sort failed desc",
          "limit 20",
        ],
      }),
      new cloudwatch.LogQueryWidget({
        title: "National gateway: latency by facility (ms)",
        width: WIDE,
        height: HEIGHT,
        logGroupNames: gatewayLogs.map((group) => group.logGroupName),
        queryLines: [
          "filter ispresent(gatewayMs)",
          "stats count(*) as calls, avg(gatewayMs) as avgMs, pct(gatewayMs, 95) as p95Ms by facility",
          "sort p95Ms desc",
          "limit 20",
        ],
      }),
    );
    const api = props.api.api;
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "API: 4xx and 5xx",
        width: WIDE,
        height: HEIGHT,
        left: [
          api.metricClientError({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
          api.metricServerError({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
        ],
        right: [api.metricCount({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM })],
      }),
      new cloudwatch.LogQueryWidget({
        title: "API by route and status: requests and latency (ms)",
        width: WIDE,
        height: HEIGHT,
        logGroupNames: [props.api.accessLogs.logGroupName],
        queryLines: [
          "stats count(*) as requests, pct(responseLatency, 50) as p50, pct(responseLatency, 95) as p95, pct(responseLatency, 99) as p99 by routeKey, status",
          "sort routeKey asc, status asc",
        ],
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Functions: errors",
        width: WIDE,
        height: HEIGHT,
        left: fns.map(([, fn]) => fn.function.metricErrors({ period: FIVE_MINUTES })),
      }),
      new cloudwatch.GraphWidget({
        title: "Functions: throttles",
        width: WIDE,
        height: HEIGHT,
        left: fns.map(([, fn]) => fn.function.metricThrottles({ period: FIVE_MINUTES })),
      }),
    );
    const tableMetric = (metricName: string, table: dynamodb.TableV2, label: string) =>
      new cloudwatch.Metric({
        namespace: "AWS/DynamoDB",
        metricName,
        dimensionsMap: { TableName: table.tableName },
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.SUM,
        label,
      });
    const tables = Object.entries(props.tables);
    const queues = Object.entries(props.queues);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "DynamoDB: throttled reads and writes",
        width: WIDE,
        height: HEIGHT,
        left: tables.flatMap(([key, table]) => [
          tableMetric("ReadThrottleEvents", table, `${key} reads`),
          tableMetric("WriteThrottleEvents", table, `${key} writes`),
        ]),
      }),
      new cloudwatch.GraphWidget({
        title: "Queues: messages waiting and age of the oldest (s)",
        width: WIDE,
        height: HEIGHT,
        left: queues.map(([key, queue]) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, label: `${key} waiting` }),
        ),
        right: queues.map(([key, queue]) =>
          queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, label: `${key} oldest` }),
        ),
      }),
    );
  }
}
