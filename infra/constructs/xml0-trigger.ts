import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { Alarms } from "./alarms.ts";
import type { TiepdonFunction } from "./tiepdon-function.ts";

export interface Xml0TriggerProps {
  /** The check-ins table, with a stream of its keys, and the key it is encrypted with. */
  readonly table: dynamodb.TableV2;
  readonly tableKey: kms.IKey;
  /** The function that sends the waiting XML0s. */
  readonly target: TiepdonFunction;
  readonly alarms: Alarms;
}

/**
 * Starts an XML0 pass as soon as new XML0 records are written: the check-ins table's stream,
 * filtered to inserted XML0 records, batched for a few seconds. A pass that still fails after its
 * retries leaves the batch's description in an encrypted dead-letter queue, which raises an alarm;
 * the records themselves stay waiting in the table, and the scheduled pass sends them.
 */
export class Xml0Trigger extends Construct {
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: Xml0TriggerProps) {
    super(scope, id);
    this.deadLetters = new sqs.Queue(this, "dead-letters", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const streamArn = props.table.tableStreamArn;
    if (streamArn === undefined) throw new Error("The check-ins table has no stream");
    // The event source reads the stream of a Table; this names the same table with its stream and key.
    const streamed = dynamodb.Table.fromTableAttributes(this, "checkins", {
      tableArn: props.table.tableArn,
      tableStreamArn: streamArn,
      encryptionKey: props.tableKey,
    });
    props.target.function.addEventSource(
      new DynamoEventSource(streamed, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(5),
        retryAttempts: 2,
        onFailure: new SqsDlq(this.deadLetters),
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual("INSERT"),
            dynamodb: { Keys: { pk: { S: lambda.FilterRule.beginsWith("XML0#") } } },
          }),
        ],
      }),
    );
    const name = props.target.node.id;
    props.alarms.watch({
      id: `${name}-stream-dead-letters`,
      description: `An XML0 pass started by new check-ins (${name}) failed after its retries; the batch is in the dead-letter queue`,
      runbook: "job-dead-letters",
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
    });
  }
}
