import { Duration, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as secrets from "aws-cdk-lib/aws-secretsmanager";
import type * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { DAILY_CAP_METRIC } from "#functions/privacy/access-limits";
import { LOOKUPS_BEYOND_CHECKINS_METRIC, type TallyScope } from "#functions/privacy/enumeration-watch";
import { METRICS_NAMESPACE } from "./alarms.ts";
import type { TiepdonFunction } from "./tiepdon-function.ts";

/** When the enumeration alarm goes off. */
const ENUMERATION_ALARM = {
  /** Accounts stopped by the daily cap on typed numbers in five minutes: an honest clerk never is. */
  dailyCapsReached: 1,
  /**
   * Typed look-ups beyond check-ins within one hour. A clerk looks a patient up and checks them in,
   * so the two stay close; one account 30 ahead, or one facility 100 ahead (a walk spread over its
   * accounts), is looking up people who are not there.
   */
  userLookupsBeyondCheckins: 30,
  facilityLookupsBeyondCheckins: 100,
} as const;

const ALARM_PERIOD = Duration.minutes(5);

/**
 * What keeps personal data to Decree 13 in AWS: the deployment's key for hashing ID numbers
 * (generated here, read by the functions at cold start, never in their configuration), the
 * limits' counters every container shares, and the append-only audit trail.
 */
export class PrivacyControls extends Construct {
  /** The per-deployment key that turns an ID number into the audit trail's subject. */
  readonly subjectKey: secrets.Secret;
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.subjectKey = new secrets.Secret(this, "subject-key", {
      description: "tiepdon: key of the keyed hash naming people in the audit trail (base64, 48 bytes)",
      // 64 characters of the base64 alphabet decode to 48 bytes (384 bits).
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
  }

  /** Lets a function read the subject key at cold start (the secret's ARN, never its value, in its settings). */
  allowSubjectKey(target: TiepdonFunction): void {
    iam.Grant.addToPrincipal({
      grantee: target.function,
      actions: ["secretsmanager:GetSecretValue"],
      resourceArns: [this.subjectKey.secretArn],
    });
    target.function.addEnvironment("SUBJECT_KEY_SECRET_ARN", this.subjectKey.secretArn);
  }

  /**
   * Alarms when an account reaches its daily cap of look-ups by a typed number: an honest clerk
   * never does, a registry walk always does. One plain metric, published by the look-up function.
   */
  addEnumerationAlarm(topic: sns.ITopic): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, "daily-cap-reached", {
      alarmName: `${Stack.of(this).stackName}-daily-cap-reached`,
      alarmDescription:
        "tiepdon: an account reached its daily cap of look-ups by a typed number (a possible registry walk); see GET /api/audit?user=. Runbook: docs/runbook.md#daily-cap-reached",
      metric: new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: DAILY_CAP_METRIC,
        dimensionsMap: { service: "lookup" },
        period: ALARM_PERIOD,
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: ENUMERATION_ALARM.dailyCapsReached,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(topic));
    return alarm;
  }

  /**
   * Alarms when one account or one facility looks up far more people by a typed number than it
   * checks in within an hour. The look-up function reads the hour's tallies (counters beside the
   * limits, written with each typed look-up and each counter check-in) and publishes the gap as
   * one metric per scope; each scope has its own threshold and alarm.
   */
  addLookupsBeyondCheckinsAlarms(topic: sns.ITopic): cloudwatch.Alarm[] {
    const thresholds: Record<TallyScope, number> = {
      user: ENUMERATION_ALARM.userLookupsBeyondCheckins,
      facility: ENUMERATION_ALARM.facilityLookupsBeyondCheckins,
    };
    return (Object.entries(thresholds) as Array<[TallyScope, number]>).map(([scope, threshold]) => {
      const alarm = new cloudwatch.Alarm(this, `lookups-beyond-checkins-${scope}`, {
        alarmName: `${Stack.of(this).stackName}-lookups-beyond-checkins-${scope}`,
        alarmDescription: `tiepdon: ${scope === "user" ? "an account" : "a facility"} looked up at least ${threshold} more people by a typed number than it checked in this hour (a possible enumeration); see GET /api/audit?user=. Runbook: docs/runbook.md#lookups-beyond-checkins`,
        metric: new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: LOOKUPS_BEYOND_CHECKINS_METRIC,
          dimensionsMap: { service: "lookup", scope },
          period: ALARM_PERIOD,
          statistic: cloudwatch.Stats.MAXIMUM,
        }),
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(new SnsAction(topic));
      return alarm;
    });
  }
}
