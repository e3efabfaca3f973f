import { Stack, type StackProps } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as wafv2 from "aws-cdk-lib/aws-wafv2";
import type { Construct } from "constructs";

/** Region of everything CloudFront uses from outside its own distribution: WAF web ACLs and certificates. */
export const EDGE_REGION = "us-east-1";

/** Rate limits of the web ACL, per minute, on top of the API stage's own throttling. */
export const WAF_LIMITS = {
  /** Requests a minute carrying one Authorization header: a stolen token sends no more than this. */
  perToken: 600,
  /** Requests a minute from one address: a hospital's whole reception behind one NAT stays well under it. */
  perAddress: 1500,
} as const;

/** AWS managed rule groups the web ACL runs, in order. */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
] as const;

export interface EdgeStackProps extends StackProps {
  /** The environment's stack name; the web ACL and its metrics carry it. */
  readonly prefix: string;
  /** A custom domain for the pages, with an existing certificate or none (one is requested here). */
  readonly domain: { readonly name: string; readonly certificateArn: string | undefined } | undefined;
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/**
 * What CloudFront needs from us-east-1: the web ACL in front of the distribution (AWS managed rule
 * groups, a rate limit per token and per address) and, with a custom domain, its certificate.
 */
export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;
  readonly certificate: acm.ICertificate | undefined;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const managed: wafv2.CfnWebACL.RuleProperty[] = MANAGED_RULE_GROUPS.map((name, index) => ({
      name,
      priority: index,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
      visibilityConfig: visibility(`${props.prefix}-${name}`),
    }));
    const rate = (
      name: string,
      priority: number,
      limit: number,
      key: Partial<wafv2.CfnWebACL.RateBasedStatementProperty>,
    ): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      action: { block: {} },
      statement: { rateBasedStatement: { limit, evaluationWindowSec: 60, aggregateKeyType: "IP", ...key } },
      visibilityConfig: visibility(`${props.prefix}-${name}`),
    });
    this.webAcl = new wafv2.CfnWebACL(this, "web-acl", {
      name: `${props.prefix}-web`,
      description: "tiepdon: managed rule groups and rate limits in front of the pages and the API",
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${props.prefix}-web`),
      rules: [
        ...managed,
        rate("rate-per-token", managed.length, WAF_LIMITS.perToken, {
          aggregateKeyType: "CUSTOM_KEYS",
          customKeys: [
            { header: { name: "authorization", textTransformations: [{ priority: 0, type: "NONE" }] } },
          ],
        }),
        rate("rate-per-address", managed.length + 1, WAF_LIMITS.perAddress, {}),
      ],
    });

    const domain = props.domain;
    this.certificate =
      domain === undefined
        ? undefined
        : domain.certificateArn === undefined
          ? // No hosted zone is assumed: ACM shows the validation record to add at the province's DNS.
            new acm.Certificate(this, "certificate", {
              domainName: domain.name,
              validation: acm.CertificateValidation.fromDns(),
            })
          : acm.Certificate.fromCertificateArn(this, "certificate", domain.certificateArn);
  }
}
