import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { CheckinApi } from "./checkin-api.ts";
import type { FunctionKey, TiepdonFunction } from "./tiepdon-function.ts";

/** The namespace the functions' Powertools metrics (EMF) are published under. */
const METRICS_NAMESPACE = "tiepdon";

/** Alarm thresholds, in one place so the runbook and the tests read the same numbers. */
const ALARM_LIMITS = {
  /** 5xx answers of the API in five minutes. */
  api5xx: 5,
  /** Check-ins still pending after a reverify run, for three runs in a row. */
  pendingBacklog: 100,
  /** Share of gateway calls that failed, over at least `gatewayMinCalls` calls in five minutes. */
  gatewayErrorRate: 0.2,
  gatewayMinCalls: 10,
} as const;

const PERIOD = Duration.minutes(5);

export interface AlarmsProps {
  readonly api: CheckinApi;
  readonly functions: Readonly<Partial<Record<FunctionKey, TiepdonFunction>>>;
  /** The functions that call the national gateway and publish GatewayCalls / GatewayErrors. */
  readonly gatewayCallers: readonly FunctionKey[];
  readonly deadLetters: sqs.IQueue;
  /** An address that gets the alarms by e-mail (it must confirm the subscription). */
  readonly email?: string;
}

/**
 * The alarms an operator needs, all to one encrypted SNS topic: API 5xx, each function's errors
 * and throttles, the reverify dead-letter queue, the pending check-in backlog, and the gateway's
 * error rate from the functions' own metrics.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const key = new kms.Key(this, "key", {
      description: "tiepdon: alarm notifications",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch publishes to the encrypted topic, so it must be able to use the topic's key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
      }),
    );
    this.topic = new sns.Topic(this, "topic", {
      displayName: "tiepdon alarms",
      masterKey: key,
      enforceSSL: true,
    });
    if (props.email !== undefined)
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    this.add(
      "api-5xx",
      "The API answered 5xx",
      props.api.api.metricServerError({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
      ALARM_LIMITS.api5xx,
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      if (fn === undefined) continue;
      this.add(
        `${name}-errors`,
        `The ${name} function failed (crash or timeout)`,
        fn.function.metricErrors({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
        1,
      );
      this.add(
        `${name}-throttles`,
        `The ${name} function was throttled`,
        fn.function.metricThrottles({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
        1,
      );
    }
    this.add(
      "reverify-dead-letters",
      "A scheduled re-check could not run; see the dead-letter queue",
      props.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      1,
    );
    this.add(
      "pending-backlog",
      "Pending check-ins are not being settled by the re-checks",
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: "PendingBacklog",
        dimensionsMap: { service: "reverify" },
        period: PERIOD,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      ALARM_LIMITS.pendingBacklog,
      3,
    );
    this.add(
      "gateway-error-rate",
      `More than ${ALARM_LIMITS.gatewayErrorRate * 100}% of national gateway calls failed`,
      gatewayErrorRate(props.gatewayCallers),
      ALARM_LIMITS.gatewayErrorRate,
      2,
    );
  }

  private add(id: string, description: string, metric: cloudwatch.IMetric, threshold: number, periods = 1) {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: `tiepdon: ${description}`,
      metric,
      threshold,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

/**
 * Failed share of gateway calls across every calling function. Each function publishes its
 * metrics under its own `service` dimension; SUM over the list adds up the ones that have data.
 */
function gatewayErrorRate(callers: readonly FunctionKey[]): cloudwatch.MathExpression {
  const metric = (name: string, service: string) =>
    new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { service },
      period: PERIOD,
      statistic: cloudwatch.Stats.SUM,
    });
  const errors: Record<string, cloudwatch.IMetric> = {};
  const calls: Record<string, cloudwatch.IMetric> = {};
  callers.forEach((service, index) => {
    errors[`e${index}`] = metric("GatewayErrors", service);
    calls[`c${index}`] = metric("GatewayCalls", service);
  });
  const list = (ids: string[]) => `[${ids.join(", ")}]`;
  return new cloudwatch.MathExpression({
    label: "Gateway error rate",
    period: PERIOD,
    expression: `IF(SUM(${list(Object.keys(calls))}) >= ${ALARM_LIMITS.gatewayMinCalls}, SUM(${list(Object.keys(errors))}) / SUM(${list(Object.keys(calls))}), 0)`,
    usingMetrics: { ...errors, ...calls },
  });
}
