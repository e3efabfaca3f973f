import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as iam from "aws-cdk-lib/aws-iam";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { Alarms } from "./alarms.ts";
import type { TiepdonFunction } from "./tiepdon-function.ts";

/** How often pending check-ins are asked about again, and the counters rolled up. */
const JOB_RATE = Duration.minutes(5);

/** Runs of a job missed in a row before the "not running" alarm fires. */
const MISSED_RUNS_ALARM = 3;

export interface ScheduledJobProps {
  readonly target: TiepdonFunction;
  /** What one run does, in a few words (the schedule's description and the alarms'). */
  readonly description: string;
  readonly rate?: Duration;
  /** Where the job's alarms go. */
  readonly alarms: Alarms;
}

/**
 * One scheduled job: EventBridge Scheduler invokes its function at a fixed rate with retries; a
 * run that still fails lands in the job's own encrypted dead-letter queue. Every job gets two
 * alarms: a message in its dead-letter queue, and a function that stopped being invoked.
 */
export class ScheduledJob extends Construct {
  readonly schedule: scheduler.Schedule;
  readonly deadLetters: sqs.Queue;
  /** The role the scheduler assumes to invoke the function and to write to the dead-letter queue. */
  readonly role: iam.Role;
  readonly target: TiepdonFunction;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const rate = props.rate ?? JOB_RATE;
    this.target = props.target;
    this.deadLetters = new sqs.Queue(this, "dead-letters", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, "role", {
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com"),
      description: `tiepdon: EventBridge Scheduler runs ${props.target.node.id}`,
    });
    this.schedule = new scheduler.Schedule(this, "schedule", {
      description: `tiepdon: ${props.description}`,
      schedule: scheduler.ScheduleExpression.rate(rate),
      target: new LambdaInvoke(props.target.function, {
        role: this.role,
        deadLetterQueue: this.deadLetters,
        retryAttempts: 2,
        // A run older than the next one is pointless: the next run picks up the same work.
        maxEventAge: rate,
      }),
    });

    const name = props.target.node.id;
    props.alarms.watch({
      id: `${name}-dead-letters`,
      description: `A scheduled run of ${name} (${props.description}) failed after its retries; its event is in the dead-letter queue`,
      runbook: "job-dead-letters",
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
    });
    props.alarms.watch({
      id: `${name}-not-running`,
      description: `The scheduled job ${name} (${props.description}) has not run for ${MISSED_RUNS_ALARM} periods`,
      runbook: "job-not-running",
      metric: props.target.function.metricInvocations({ period: rate, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparison: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      periods: MISSED_RUNS_ALARM,
      // No data means no invocation at all: exactly what this alarm is for.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }
}
