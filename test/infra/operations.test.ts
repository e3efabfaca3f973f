import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Match } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import { beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { RUNBOOK_FILES } from "#infra/constructs/alarms";
import { CONTEXT, readDeploySettings, UnsafeProductionError } from "#infra/deploy-settings";
import { MANAGED_RULE_GROUPS, WAF_LIMITS } from "#infra/edge-stack";
import { PROJECT_ROOT } from "#infra/project-root";
import { createApp } from "#infra/tiepdon-stack";
import { type SynthesizedStack, synthesizeWithoutBundles } from "#test/infra/support/synth";
import { logicalIdOf, referencedIds, refersTo, resourcesOf } from "#test/infra/support/template";

const PRODUCTION = {
  [CONTEXT.env]: "production",
  [CONTEXT.alarmEmail]: "truc-van-hanh@soyte.example.vn",
  [CONTEXT.domainName]: "tiepdon.soyte.example.vn",
};

let staging: SynthesizedStack;
let production: SynthesizedStack;

beforeAll(() => {
  staging = synthesizeWithoutBundles({ [CONTEXT.demoSeed]: "true" });
  production = synthesizeWithoutBundles(PRODUCTION);
}, 240_000);

/** The properties that give a resource a name of its own in the account (a clash fails a deployment). */
const NAMED = {
  "AWS::CloudWatch::Alarm": (props: Record<string, unknown>) => props.AlarmName,
  "AWS::CloudWatch::Dashboard": (props: Record<string, unknown>) => props.DashboardName,
  "AWS::WAFv2::WebACL": (props: Record<string, unknown>) => props.Name,
  "AWS::Budgets::Budget": (props: Record<string, unknown>) =>
    z.object({ BudgetName: z.string() }).parse(props.Budget).BudgetName,
  "AWS::Cognito::UserPoolDomain": (props: Record<string, unknown>) => JSON.stringify(props.Domain),
} as const;

/** Every name the environment's resources set for themselves, with its stacks' names. */
function physicalNames(synth: SynthesizedStack): string[] {
  const names = [synth.stack.stackName, synth.edge.stackName];
  for (const template of [synth.template, synth.edgeTemplate])
    for (const [type, nameOf] of Object.entries(NAMED))
      for (const resource of resourcesOf(template, type, z.record(z.string(), z.unknown())))
        names.push(String(nameOf(resource.props)));
  return names;
}

const alarmSchema = z.object({
  AlarmName: z.string(),
  AlarmDescription: z.string(),
  MetricName: z.string().optional(),
  Namespace: z.string().optional(),
  Dimensions: z.array(z.object({ Name: z.string(), Value: z.unknown() })).optional(),
  ComparisonOperator: z.string(),
  TreatMissingData: z.string().optional(),
  AlarmActions: z.array(z.unknown()),
});

describe("environments", () => {
  it("puts staging and production side by side in one account: own stack names, no clashing resource names", () => {
    expect(staging.stack.stackName).toBe("tiepdon-staging");
    expect(production.stack.stackName).toBe("tiepdon-production");
    expect(staging.edge.stackName).not.toBe(production.edge.stackName);
    const stagingNames = physicalNames(staging);
    const productionNames = physicalNames(production);
    expect(stagingNames.length).toBeGreaterThan(30);
    expect(stagingNames.filter((name) => productionNames.includes(name))).toEqual([]);
    // The sign-in domain prefix carries the environment too (it is built from a token, so checked apart).
    const domains = [staging, production].map((synth) =>
      JSON.stringify(synth.template.findResources("AWS::Cognito::UserPoolDomain")),
    );
    expect(domains[0]).toContain("tiepdon-staging-");
    expect(domains[1]).toContain("tiepdon-production-");
  });

  it("refuses production without an alarm recipient, or with the demo seed", () => {
    const context = (values: Record<string, string>) => (key: string) => values[key];
    expect(() => readDeploySettings(context({ [CONTEXT.env]: "production" }))).toThrow(UnsafeProductionError);
    expect(() => readDeploySettings(context({ [CONTEXT.env]: "production" }))).toThrow(/alarmEmail/);
    expect(() => readDeploySettings(context({ ...PRODUCTION, [CONTEXT.demoSeed]: "true" }))).toThrow(
      /demo seed/,
    );
    expect(() => readDeploySettings(context({ [CONTEXT.env]: "prod" }))).toThrow(/tiepdon:env/);
    // The same refusal through the app, before any page is built or resource made.
    expect(() => createApp({ context: { [CONTEXT.env]: "production" } })).toThrow(UnsafeProductionError);
    // Staging is allowed all three.
    const stagingSettings = readDeploySettings(context({ [CONTEXT.demoSeed]: "true" }));
    expect(stagingSettings.demoSeed).toBe(true);
    expect(stagingSettings.mockGatewayAllowed).toBe(true);
  });

  it("refuses, at deploy time, a production stack left on the mock gateway unless asked for", () => {
    const rulesOf = (synth: SynthesizedStack) => {
      const rules = z
        .record(
          z.string(),
          z.object({
            Assertions: z.array(z.object({ Assert: z.unknown(), AssertDescription: z.string().optional() })),
          }),
        )
        .parse(synth.template.toJSON().Rules ?? {});
      // CDK's own rule on the bootstrap version is in every stack.
      return Object.entries(rules).filter(([id]) => id !== "CheckBootstrapVersion");
    };
    const assertions = rulesOf(production).flatMap(([, rule]) => rule.Assertions);
    expect(JSON.stringify(assertions.map((a) => a.Assert))).toContain('"Ref":"RegistryBaseUrl"');
    expect(JSON.stringify(assertions.map((a) => a.Assert))).toContain('"Ref":"GatewaySecretArn"');
    expect(assertions.map((a) => a.AssertDescription).join(" ")).toContain("refuses the mock gateway");
    expect(rulesOf(staging)).toEqual([]);
    expect(
      readDeploySettings((key) => ({ ...PRODUCTION, [CONTEXT.allowMockGateway]: "true" })[key])
        .mockGatewayAllowed,
    ).toBe(true);
  });

  it("sends production's alarms to its recipient and writes the demo facilities only in staging", () => {
    production.template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: PRODUCTION[CONTEXT.alarmEmail],
    });
    staging.template.resourceCountIs("AWS::SNS::Subscription", 0);
    const writes = JSON.stringify(staging.template.findResources("Custom::AWS"));
    expect(writes).toContain("batchWriteItem");
    expect(writes).toContain("01001");
    production.template.resourceCountIs("Custom::AWS", 0);
  });

  it("serves production on its custom domain with its certificate and TLS 1.2 at least", () => {
    production.edgeTemplate.hasResourceProperties("AWS::CertificateManager::Certificate", {
      DomainName: PRODUCTION[CONTEXT.domainName],
      ValidationMethod: "DNS",
    });
    production.template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        Aliases: [PRODUCTION[CONTEXT.domainName]],
        ViewerCertificate: Match.objectLike({
          MinimumProtocolVersion: "TLSv1.2_2021",
          SslSupportMethod: "sni-only",
        }),
      }),
    });
    staging.edgeTemplate.resourceCountIs("AWS::CertificateManager::Certificate", 0);
  });
});

describe("pages", () => {
  it("deploys the pages built from the sources, never a placeholder", () => {
    const assets = z
      .object({ files: z.record(z.string(), z.object({ source: z.object({ path: z.string() }) })) })
      .parse(
        JSON.parse(readFileSync(join(staging.outdir, `${staging.stack.stackName}.assets.json`), "utf8")),
      );
    const pageFolders = Object.values(assets.files)
      .map((asset) => join(staging.outdir, asset.source.path))
      .filter((folder) => existsSync(join(folder, "index.html")));
    expect(pageFolders).toHaveLength(1);
    const folder = pageFolders[0] ?? "";
    for (const page of ["index.html", "kiosk.html", "dashboard.html"])
      expect(readFileSync(join(folder, page), "utf8"), page).toMatch(/<div id="app">|<script type="module"/);
    expect(readFileSync(join(folder, "index.html"), "utf8")).not.toMatch(/not built/i);
    expect(readdirSync(join(folder, "assets")).some((file) => file.endsWith(".js"))).toBe(true);
  });
});

describe("WAF", () => {
  it("puts a web ACL in us-east-1 with AWS managed rule groups and rate limits per token and per address", () => {
    for (const synth of [staging, production]) {
      expect(synth.edge.region).toBe("us-east-1");
      const acl = resourcesOf(
        synth.edgeTemplate,
        "AWS::WAFv2::WebACL",
        z.object({
          Scope: z.string(),
          DefaultAction: z.unknown(),
          Rules: z.array(
            z.object({
              Name: z.string(),
              Statement: z.object({
                ManagedRuleGroupStatement: z.object({ VendorName: z.string(), Name: z.string() }).optional(),
                RateBasedStatement: z
                  .object({
                    Limit: z.number(),
                    AggregateKeyType: z.string(),
                    CustomKeys: z.unknown().optional(),
                  })
                  .optional(),
              }),
              Action: z.unknown().optional(),
            }),
          ),
        }),
      );
      expect(acl).toHaveLength(1);
      const rules = acl[0]?.props.Rules ?? [];
      expect(acl[0]?.props.Scope).toBe("CLOUDFRONT");
      expect(rules.flatMap((rule) => rule.Statement.ManagedRuleGroupStatement?.Name ?? [])).toEqual([
        ...MANAGED_RULE_GROUPS,
      ]);
      const rates = rules.flatMap((rule) => rule.Statement.RateBasedStatement ?? []);
      expect(rates.map((rate) => rate.Limit).sort((a, b) => a - b)).toEqual([
        WAF_LIMITS.perToken,
        WAF_LIMITS.perAddress,
      ]);
      expect(JSON.stringify(rates)).toContain('"authorization"');
    }
  });

  it("attaches the web ACL to the distribution", () => {
    const distribution = resourcesOf(
      staging.template,
      "AWS::CloudFront::Distribution",
      z.object({ DistributionConfig: z.object({ WebACLId: z.unknown() }) }),
    )[0];
    // Across regions the ARN arrives through CDK's export reader, which reads it from the edge stack.
    const reader = referencedIds(distribution?.props.DistributionConfig.WebACLId)[0] ?? "";
    expect(reader).toMatch(/ExportsReader/);
    expect(JSON.stringify(distribution?.props.DistributionConfig.WebACLId)).toMatch(/edge.*webaclArn/i);
  });
});

describe("watching", () => {
  it("has one dashboard per environment with every view the operations officer needs", () => {
    for (const synth of [staging, production]) {
      const dashboards = resourcesOf(
        synth.template,
        "AWS::CloudWatch::Dashboard",
        z.object({ DashboardName: z.string(), DashboardBody: z.unknown() }),
      );
      expect(dashboards.map((d) => d.props.DashboardName)).toEqual([synth.stack.stackName]);
      const body = JSON.stringify(dashboards[0]?.props.DashboardBody);
      for (const view of [
        "Check-ins a minute, by method",
        "Pending check-ins",
        "failed calls by facility",
        "latency by facility",
        "API: 4xx and 5xx",
        "API by route and status",
        "Functions: errors",
        "Functions: throttles",
        "DynamoDB: throttled reads and writes",
        "Queues: messages waiting and age of the oldest",
      ])
        expect(body, view).toContain(view);
      for (const method of ["qr-cccd", "qr-vneid", "manual-id", "bhyt-card"]) expect(body).toContain(method);
    }
  });

  it("alarms on every scheduled job's dead-letter queue and on a job that stopped running", () => {
    const alarms = resourcesOf(staging.template, "AWS::CloudWatch::Alarm", alarmSchema);
    const schedules = resourcesOf(
      staging.template,
      "AWS::Scheduler::Schedule",
      z.object({ Target: z.object({ Arn: z.unknown(), DeadLetterConfig: z.object({ Arn: z.unknown() }) }) }),
    );
    expect(schedules.length).toBeGreaterThanOrEqual(2);
    const queues = new Set(schedules.map((s) => referencedIds(s.props.Target.DeadLetterConfig.Arn)[0]));
    expect(queues.size).toBe(schedules.length);
    for (const schedule of schedules) {
      const queue = referencedIds(schedule.props.Target.DeadLetterConfig.Arn)[0] ?? "";
      const fn = referencedIds(schedule.props.Target.Arn)[0] ?? "";
      const onQueue = alarms.filter(
        (a) =>
          a.props.MetricName === "ApproximateNumberOfMessagesVisible" &&
          a.props.Dimensions?.some((d) => refersTo(d.Value, queue)),
      );
      expect(onQueue, schedule.id).toHaveLength(1);
      const notRunning = alarms.filter(
        (a) => a.props.MetricName === "Invocations" && a.props.Dimensions?.some((d) => refersTo(d.Value, fn)),
      );
      expect(notRunning, schedule.id).toHaveLength(1);
      expect(notRunning[0]?.props.ComparisonOperator).toBe("LessThanThreshold");
      expect(notRunning[0]?.props.TreatMissingData).toBe("breaching");
    }
  });

  it("has a monthly cost budget per environment that notifies the alarm topic", () => {
    for (const synth of [staging, production]) {
      const topic = Object.keys(synth.template.findResources("AWS::SNS::Topic"))[0] ?? "";
      const budget = resourcesOf(
        synth.template,
        "AWS::Budgets::Budget",
        z.object({
          Budget: z.object({
            BudgetName: z.string(),
            BudgetType: z.string(),
            TimeUnit: z.string(),
            BudgetLimit: z.object({ Amount: z.number(), Unit: z.string() }),
            CostFilters: z.object({ TagKeyValue: z.array(z.string()) }),
          }),
          NotificationsWithSubscribers: z.array(
            z.object({
              Subscribers: z.array(z.object({ SubscriptionType: z.string(), Address: z.unknown() })),
            }),
          ),
        }),
      );
      expect(budget).toHaveLength(1);
      const props = budget[0]?.props;
      expect(props?.Budget.BudgetType).toBe("COST");
      expect(props?.Budget.TimeUnit).toBe("MONTHLY");
      expect(props?.Budget.BudgetLimit.Amount).toBeGreaterThan(0);
      expect(props?.Budget.CostFilters.TagKeyValue).toEqual([
        `user:tiepdon:environment$${synth.stack.settings.env}`,
      ]);
      for (const notification of props?.NotificationsWithSubscribers ?? [])
        expect(refersTo(notification.Subscribers[0]?.Address, topic)).toBe(true);
    }
  });

  it("keeps each kind of log for its own time, longer in production", () => {
    const retention = (synth: SynthesizedStack, logGroup: IConstruct) =>
      z
        .object({ Properties: z.object({ RetentionInDays: z.number() }) })
        .parse(synth.template.toJSON().Resources[logicalIdOf(logGroup)]).Properties.RetentionInDays;
    for (const synth of [staging, production])
      expect(retention(synth, synth.stack.api.accessLogs)).toBeGreaterThan(
        retention(synth, synth.stack.functions.checkin.logGroup),
      );
    expect(retention(production, production.stack.api.accessLogs)).toBe(365);
    expect(retention(production, production.stack.functions.checkin.logGroup)).toBeGreaterThan(
      retention(staging, staging.stack.functions.checkin.logGroup),
    );
  });
});

describe("runbook", () => {
  const runbooks = RUNBOOK_FILES.map((file) => ({
    file,
    text: readFileSync(join(PROJECT_ROOT, file), "utf8"),
  }));

  it("has a section, in English and in Vietnamese, for every alarm and the budget of the stack", () => {
    for (const synth of [staging, production]) {
      const alarms = resourcesOf(synth.template, "AWS::CloudWatch::Alarm", alarmSchema);
      expect(alarms.length).toBeGreaterThan(20);
      const sections = alarms.map((alarm) => {
        const section = /Runbook: docs\/runbook\.md#([a-z0-9-]+)$/.exec(alarm.props.AlarmDescription)?.[1];
        expect(section, `${alarm.props.AlarmName} names no runbook section`).toBeDefined();
        return { alarm: alarm.props.AlarmName, section: section ?? "" };
      });
      const budgetMetadata = JSON.stringify(synth.template.findResources("AWS::Budgets::Budget"));
      const budgetSection = /Runbook: docs\/runbook\.md#([a-z0-9-]+)/.exec(budgetMetadata)?.[1];
      expect(budgetSection).toBeDefined();
      sections.push({ alarm: "monthly cost budget", section: budgetSection ?? "" });
      for (const { file, text } of runbooks)
        for (const { alarm, section } of sections)
          expect(
            text.includes(`<a id="${section}"></a>`),
            `${file} has no section ${section} for ${alarm}`,
          ).toBe(true);
    }
  });
});
