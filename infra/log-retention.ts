import { RetentionDays } from "aws-cdk-lib/aws-logs";
import type { EnvironmentName } from "./deploy-settings.ts";

/** The kinds of log the stack writes; each kind has one retention per environment. */
export type LogKind = "function" | "scheduledJob" | "apiAccess" | "waf";

/**
 * How long each kind of log is kept. Function logs carry masked ID numbers and facility codes, so
 * they are kept no longer than an incident review needs; the API access log (no personal data) is
 * the record of who-called-what-when and is kept a year in production; WAF logs hold viewer IPs.
 */
export const LOG_RETENTION: Record<EnvironmentName, Record<LogKind, RetentionDays>> = {
  staging: {
    function: RetentionDays.TWO_WEEKS,
    scheduledJob: RetentionDays.TWO_WEEKS,
    apiAccess: RetentionDays.ONE_MONTH,
    waf: RetentionDays.ONE_WEEK,
  },
  production: {
    function: RetentionDays.THREE_MONTHS,
    scheduledJob: RetentionDays.ONE_MONTH,
    apiAccess: RetentionDays.ONE_YEAR,
    waf: RetentionDays.ONE_MONTH,
  },
};
