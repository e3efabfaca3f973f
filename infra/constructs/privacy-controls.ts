import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as secrets from "aws-cdk-lib/aws-secretsmanager";
import type * as sns from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import { DAILY_CAP_METRIC } from "#functions/privacy/access-limits";
import type { TiepdonFunction } from "./tiepdon-function.ts";

/** When the enumeration alarms go off. */
export const ENUMERATION_ALARM = {
  /** Look-ups per check-in over an hour, stack-wide: a counter looks up about once per patient. */
  lookupsPerCheckin: 3,
  /** Fewer look-ups than this in the hour are too few to judge. */
  minLookups: 200,
  /** Accounts stopped by the daily cap on typed numbers in five minutes: an honest clerk never is. */
  dailyCapsReached: 1,
} as const;

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
   * Alarms on the patterns of a registry walk: an account stopped by the daily typed-number cap,
   * and far more look-ups than check-ins across the stack.
   */
  addEnumerationAlarms(topic: sns.ITopic, functions: { lookup: TiepdonFunction; checkin: TiepdonFunction }) {
    const hour = Duration.hours(1);
    const capReached = (service: string) =>
      new cloudwatch.Metric({
        namespace: "tiepdon",
        metricName: DAILY_CAP_METRIC,
        dimensionsMap: { service },
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      });
    const alarms = [
      new cloudwatch.Alarm(this, "daily-cap-reached", {
        alarmDescription:
          "tiepdon: an account reached its daily cap of look-ups or check-ins by a typed number (a possible registry walk); see GET /api/audit?user=",
        metric: new cloudwatch.MathExpression({
          expression: "l + c",
          usingMetrics: { l: capReached("lookup"), c: capReached("checkin") },
          period: Duration.minutes(5),
        }),
        threshold: ENUMERATION_ALARM.dailyCapsReached,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Alarm(this, "lookups-per-checkin", {
        alarmDescription: `tiepdon: more than ${ENUMERATION_ALARM.lookupsPerCheckin} look-ups per check-in over an hour (a possible registry walk)`,
        metric: new cloudwatch.MathExpression({
          expression: `IF(l >= ${ENUMERATION_ALARM.minLookups}, l / (c + 1), 0)`,
          usingMetrics: {
            l: functions.lookup.function.metricInvocations({ period: hour, statistic: cloudwatch.Stats.SUM }),
            c: functions.checkin.function.metricInvocations({
              period: hour,
              statistic: cloudwatch.Stats.SUM,
            }),
          },
          period: hour,
        }),
        threshold: ENUMERATION_ALARM.lookupsPerCheckin,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(new SnsAction(topic));
    return alarms;
  }
}
