import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { TiepdonFunction } from "./tiepdon-function.ts";

/** How often pending check-ins are asked about again. */
const REVERIFY_RATE = Duration.minutes(5);

/**
 * Runs a scheduled function (reverify, rollup) every five minutes with EventBridge Scheduler. A run that still
 * fails after the retries lands in an encrypted dead-letter queue, which an alarm watches.
 */
export class ReverifySchedule extends Construct {
  readonly schedule: scheduler.Schedule;
  readonly deadLetters: sqs.Queue;
  /** The role the scheduler assumes to invoke the function and to write to the dead-letter queue. */
  readonly role: iam.Role;

  constructor(
    scope: Construct,
    id: string,
    props: { target: TiepdonFunction; description?: string; rate?: Duration },
  ) {
    const rate = props.rate ?? REVERIFY_RATE;
    const description = props.description ?? "re-check pending check-ins at the national gateway";
    super(scope, id);
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
      description: `tiepdon: ${description}`,
      schedule: scheduler.ScheduleExpression.rate(rate),
      target: new LambdaInvoke(props.target.function, {
        role: this.role,
        deadLetterQueue: this.deadLetters,
        retryAttempts: 2,
        // A run older than the next one is pointless: the next run picks up the same backlog.
        maxEventAge: rate,
      }),
    });
  }
}
