import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import { ACCOUNT_REFUSED_METRIC, GATEWAY_ACCOUNT_SERVICE } from "#functions/http/metrics";
import type { CheckinApi } from "./checkin-api.ts";
import type { FunctionKey, TiepdonFunction } from "./tiepdon-function.ts";

/** The namespace the functions' Powertools metrics (EMF) are published under. */
export const METRICS_NAMESPACE = "tiepdon";

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

/** Where the runbooks live; every alarm's description ends with its section there. */
export const RUNBOOK_FILES = ["docs/runbook.md", "docs/runbook.vi.md"] as const;

/** The sections of the runbook an alarm can point to (each is an anchor in both runbook files). */
export type RunbookSection =
  | "api-5xx"
  | "function-errors"
  | "function-throttles"
  | "job-dead-letters"
  | "job-not-running"
  | "pending-backlog"
  | "gateway-error-rate"
  | "locked-gateway-account"
  | "budget";

const PERIOD = Duration.minutes(5);

export interface AlarmsProps {
  /** Prefix of every alarm name (the stack name), so environments side by side do not clash. */
  readonly namePrefix: string;
  readonly api: CheckinApi;
  readonly functions: Readonly<Partial<Record<FunctionKey, TiepdonFunction>>>;
  /** The functions that call the national gateway and publish GatewayCalls / GatewayErrors. */
  readonly gatewayCallers: readonly FunctionKey[];
  /** An address that gets the alarms by e-mail (it must confirm the subscription). */
  readonly email: string | undefined;
}

export interface WatchProps {
  /** Short kebab-case name; the alarm is named `<prefix>-<id>`. */
  readonly id: string;
  readonly description: string;
  readonly runbook: RunbookSection;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly periods?: number;
  readonly comparison?: cloudwatch.ComparisonOperator;
  readonly treatMissingData?: cloudwatch.TreatMissingData;
}

/** The text that ends an alarm's description: the runbook section to open. */
export function runbookReference(section: RunbookSection): string {
  return `Runbook: ${RUNBOOK_FILES[0]}#${section}`;
}

/**
 * The alarms an operator needs, all to one encrypted SNS topic: API 5xx, each function's errors
 * and throttles, the pending check-in backlog and the gateway's error rate from the functions'
 * own metrics; scheduled jobs and the budget add theirs through `watch` and `topic`.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.namePrefix = props.namePrefix;
    this.key = new kms.Key(this, "key", {
      description: `${props.namePrefix}: alarm notifications`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch and AWS Budgets publish to the encrypted topic, so they must be able to use its key.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [
          new iam.ServicePrincipal("cloudwatch.amazonaws.com"),
          new iam.ServicePrincipal("budgets.amazonaws.com"),
        ],
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
      }),
    );
    this.topic = new sns.Topic(this, "topic", {
      displayName: `${props.namePrefix} alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.email !== undefined)
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));

    this.watch({
      id: "api-5xx",
      description: "The API answered 5xx",
      runbook: "api-5xx",
      metric: props.api.api.metricServerError({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
      threshold: ALARM_LIMITS.api5xx,
    });
    for (const [name, fn] of Object.entries(props.functions)) {
      if (fn === undefined) continue;
      this.watch({
        id: `${name}-errors`,
        description: `The ${name} function failed (crash or timeout)`,
        runbook: "function-errors",
        metric: fn.function.metricErrors({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
      });
      this.watch({
        id: `${name}-throttles`,
        description: `The ${name} function was throttled`,
        runbook: "function-throttles",
        metric: fn.function.metricThrottles({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
        threshold: 1,
      });
    }
    this.watch({
      id: "pending-backlog",
      description: "Pending check-ins are not being settled by the re-checks",
      runbook: "pending-backlog",
      metric: new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: "PendingBacklog",
        dimensionsMap: { service: "reverify" },
        period: PERIOD,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: ALARM_LIMITS.pendingBacklog,
      periods: 3,
    });
    this.watch({
      id: "gateway-account-refused",
      description: "The national gateway refused a facility's account (wrong or locked password)",
      runbook: "locked-gateway-account",
      metric: serviceMetric(ACCOUNT_REFUSED_METRIC, GATEWAY_ACCOUNT_SERVICE),
      threshold: 1,
    });
    this.watch({
      id: "gateway-error-rate",
      description: `More than ${ALARM_LIMITS.gatewayErrorRate * 100}% of national gateway calls failed`,
      runbook: "gateway-error-rate",
      metric: gatewayErrorRate(props.gatewayCallers),
      threshold: ALARM_LIMITS.gatewayErrorRate,
      periods: 2,
    });
  }

  /** Adds an alarm that notifies the topic when it fires and when it clears. */
  watch(props: WatchProps): cloudwatch.Alarm {
    const periods = props.periods ?? 1;
    const alarm = new cloudwatch.Alarm(this, props.id, {
      alarmName: `${this.namePrefix}-${props.id}`,
      alarmDescription: `tiepdon: ${props.description}. ${runbookReference(props.runbook)}`,
      metric: props.metric,
      threshold: props.threshold,
      evaluationPeriods: periods,
      datapointsToAlarm: periods,
      comparisonOperator:
        props.comparison ?? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: props.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}

/** A metric of the functions' own namespace, for one function (`service`). */
export function serviceMetric(
  metricName: string,
  service: string,
  options: { statistic?: string; period?: Duration; dimensions?: Record<string, string> } = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service, ...options.dimensions },
    period: options.period ?? PERIOD,
    statistic: options.statistic ?? cloudwatch.Stats.SUM,
  });
}

/**
 * Failed share of gateway calls across every calling function. Each function publishes its
 * metrics under its own `service` dimension; SUM over the list adds up the ones that have data.
 */
function gatewayErrorRate(callers: readonly FunctionKey[]): cloudwatch.MathExpression {
  const errors: Record<string, cloudwatch.IMetric> = {};
  const calls: Record<string, cloudwatch.IMetric> = {};
  callers.forEach((service, index) => {
    errors[`e${index}`] = serviceMetric("GatewayErrors", service);
    calls[`c${index}`] = serviceMetric("GatewayCalls", service);
  });
  const list = (ids: string[]) => `[${ids.join(", ")}]`;
  return new cloudwatch.MathExpression({
    label: "Gateway error rate",
    period: PERIOD,
    expression: `IF(SUM(${list(Object.keys(calls))}) >= ${ALARM_LIMITS.gatewayMinCalls}, SUM(${list(Object.keys(errors))}) / SUM(${list(Object.keys(calls))}), 0)`,
    usingMetrics: { ...errors, ...calls },
  });
}
