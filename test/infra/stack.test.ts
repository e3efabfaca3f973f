import { runInNewContext } from "node:vm";
import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { ROLES } from "#domain/roles";
import { RATE_LIMITS } from "#infra/limits";
import { tableDefinitions, tableNames } from "#infra/local/table-definitions";
import { DEVICE_PATHS, SIGN_IN_PATHS } from "#infra/page-paths";
import { API_ROUTES, FUNCTION_ENTRIES } from "#infra/routes";
import { type SynthesizedStack, synthesizeWithoutBundles } from "#test/infra/support/synth";
import {
  actionsOf,
  logicalIdOf,
  onEveryResource,
  policySchema,
  referencedIds,
  refersTo,
  resourcesOf,
} from "#test/infra/support/template";

/**
 * The only actions a function may hold on Resource "*": X-Ray's trace upload supports no
 * resource-level permissions. Anything else on "*" is a least-privilege defect.
 */
// dynamodb:ListStreams has no resource-level permission; the XML0 trigger's stream grant carries it.
const ALLOWED_ON_EVERY_RESOURCE = new Set([
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "dynamodb:ListStreams",
]);

/** Functions that are CDK's own deploy-time helpers, not ours: they keep CDK's runtime choice. */
const CDK_HELPER_FUNCTION = /^Custom(CDKBucketDeployment|CrossRegionExportReader)/;

const FUNCTION_TAG = "tiepdon:function";

const functionSchema = z.object({
  Runtime: z.string(),
  Architectures: z.array(z.string()).optional(),
  MemorySize: z.number().optional(),
  Timeout: z.number().optional(),
  TracingConfig: z.object({ Mode: z.string() }).optional(),
  LoggingConfig: z.object({ LogGroup: z.unknown(), LogFormat: z.string().optional() }).optional(),
  Role: z.unknown(),
  Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }).optional(),
  Tags: z.array(z.object({ Key: z.string(), Value: z.string() })).optional(),
});

let synthesized: SynthesizedStack;

beforeAll(() => {
  synthesized = synthesizeWithoutBundles();
}, 120_000);

/** Our functions by name (from their tag), with the logical id of their role. */
function ourFunctions() {
  return resourcesOf(synthesized.template, "AWS::Lambda::Function", functionSchema)
    .filter((fn) => !CDK_HELPER_FUNCTION.test(fn.id))
    .map((fn) => {
      const name = fn.props.Tags?.find((tag) => tag.Key === FUNCTION_TAG)?.Value;
      const roleId = referencedIds(fn.props.Role)[0];
      if (name === undefined || roleId === undefined) throw new Error(`${fn.id} has no function tag or role`);
      return { ...fn, name, roleId };
    });
}

/** The statements of the policies attached to a role. */
function statementsOfRole(roleId: string) {
  return resourcesOf(synthesized.template, "AWS::IAM::Policy", policySchema)
    .filter((policy) => policy.props.Roles.some((role) => refersTo(role, roleId)))
    .flatMap((policy) => policy.props.PolicyDocument.Statement);
}

function functionNamed(name: string) {
  const fn = ourFunctions().find((candidate) => candidate.name === name);
  if (fn === undefined) throw new Error(`no function ${name}`);
  return fn;
}

/** What a function may do on each table, as "<table>: <actions>" lines. */
function tableAccessOf(name: string): Record<string, string[]> {
  const tableIds = Object.fromEntries(
    Object.entries(synthesized.stack.data.tables).map(([key, table]) => [logicalIdOf(table), key]),
  );
  const access: Record<string, string[]> = {};
  for (const statement of statementsOfRole(functionNamed(name).roleId)) {
    const actions = actionsOf(statement).filter((action) => action.startsWith("dynamodb:"));
    if (actions.length === 0) continue;
    for (const id of referencedIds(statement.Resource)) {
      const table = tableIds[id];
      if (table !== undefined) access[table] = [...new Set([...(access[table] ?? []), ...actions])].sort();
    }
  }
  return access;
}

describe("cdk-nag (AWS Solutions) and CloudFormation validation", () => {
  it("leaves no unacknowledged finding, errors or warnings", () => {
    const open = synthesized.report.pluginReports.flatMap((plugin) =>
      plugin.violations.map(
        (v) => `${plugin.pluginName} ${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath)}`,
      ),
    );
    expect(open).toEqual([]);
    expect(synthesized.report.pluginReports.map((plugin) => plugin.pluginName)).toContain("AwsSolutions");
  });

  it("names the finding and gives a real reason for every acknowledgement", () => {
    const suppressed = synthesized.report.pluginReports.flatMap((plugin) => plugin.suppressedViolations);
    expect(suppressed.length).toBeGreaterThan(0);
    for (const finding of suppressed) {
      expect(finding.acknowledgedId).toContain(finding.ruleName);
      expect(finding.reason.length, finding.ruleName).toBeGreaterThan(60);
    }
  });
});

describe("functions", () => {
  it("deploys every handler of the routes table, each as its own function", () => {
    expect(
      ourFunctions()
        .map((fn) => fn.name)
        .sort(),
    ).toEqual(Object.keys(FUNCTION_ENTRIES).sort());
  });

  it("runs every function on Node 24 on arm64 with tracing, JSON logs in its own group and pinned limits", () => {
    for (const fn of ourFunctions()) {
      expect(fn.props.Runtime, fn.name).toBe("nodejs24.x");
      expect(fn.props.Architectures, fn.name).toEqual(["arm64"]);
      expect(fn.props.TracingConfig?.Mode, fn.name).toBe("Active");
      expect(fn.props.LoggingConfig?.LogFormat, fn.name).toBe("JSON");
      expect(referencedIds(fn.props.LoggingConfig?.LogGroup), fn.name).toHaveLength(1);
      expect(fn.props.MemorySize, fn.name).toBeGreaterThanOrEqual(256);
      expect(fn.props.Timeout, fn.name).toBeLessThanOrEqual(60);
    }
    synthesized.template.allResourcesProperties("AWS::Logs::LogGroup", {
      RetentionInDays: Match.anyValue(),
    });
  });

  it("allows Resource * only for the actions AWS requires it for", () => {
    const offending = resourcesOf(synthesized.template, "AWS::IAM::Policy", policySchema).flatMap((policy) =>
      policy.props.PolicyDocument.Statement.filter(onEveryResource).flatMap((statement) =>
        actionsOf(statement)
          .filter((action) => !ALLOWED_ON_EVERY_RESOURCE.has(action))
          .map((action) => `${policy.id}: ${action}`),
      ),
    );
    expect(offending).toEqual([]);
  });

  it("never grants a wildcard action", () => {
    const wildcards = resourcesOf(synthesized.template, "AWS::IAM::Policy", policySchema)
      .filter((policy) => !policy.id.startsWith("CustomCDKBucketDeployment"))
      .flatMap((policy) => policy.props.PolicyDocument.Statement.flatMap(actionsOf))
      .filter((action) => action.includes("*"));
    expect(wildcards).toEqual([]);
  });

  it("gives each function access to exactly the tables it uses", () => {
    const write = [
      "dynamodb:BatchWriteItem",
      "dynamodb:DeleteItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ];
    const reads = (access: string[]) =>
      ["dynamodb:GetItem", "dynamodb:Query"].every((a) => access.includes(a));
    const writes = (access: string[]) => write.every((a) => access.includes(a));

    const checkin = tableAccessOf("checkin");
    expect(Object.keys(checkin).sort()).toEqual([
      "audit",
      "checkins",
      "counters",
      "facilities",
      "idempotency",
      "limits",
    ]);
    expect(writes(checkin.checkins ?? []) && reads(checkin.checkins ?? [])).toBe(true);
    expect(writes(checkin.idempotency ?? [])).toBe(true);
    expect(checkin.counters).toEqual(["dynamodb:UpdateItem"]);
    // Each check-in takes from the limits and appends one line to the audit trail.
    expect(checkin.limits).toEqual(["dynamodb:UpdateItem"]);
    expect(checkin.audit).toEqual(["dynamodb:PutItem"]);
    // The ticket's facility name: read only.
    expect(
      reads(checkin.facilities ?? []) && !(checkin.facilities ?? []).some((a) => write.includes(a)),
    ).toBe(true);

    // A look-up stores nothing about the person: it takes from the limits and appends to the audit trail;
    // it reads the facilities table only to refuse a deactivated facility.
    const { facilities: lookupFacilities = [], ...lookup } = tableAccessOf("lookup");
    expect(lookup).toEqual({ audit: ["dynamodb:PutItem"], limits: ["dynamodb:UpdateItem"] });
    expect(reads(lookupFacilities) && !lookupFacilities.some((a) => write.includes(a))).toBe(true);

    const list = tableAccessOf("checkins-list");
    expect(Object.keys(list).sort()).toEqual(["audit", "checkins"]);
    expect(list.checkins?.filter((a) => write.includes(a))).toEqual([]);
    // Each read of the day's list is recorded.
    expect(list.audit).toEqual(["dynamodb:PutItem"]);

    // An offline queue series: one counter item of the check-ins table, added to and never read.
    expect(tableAccessOf("queue-series")).toEqual({ checkins: ["dynamodb:UpdateItem"] });

    // A re-check asked for at the counter is limited and recorded; the scheduled one is neither.
    expect(Object.keys(tableAccessOf("recheck")).sort()).toEqual(["audit", "checkins", "counters", "limits"]);
    expect(Object.keys(tableAccessOf("reverify")).sort()).toEqual(["checkins", "counters"]);
    for (const name of ["recheck", "reverify"]) {
      const access = tableAccessOf(name);
      expect(writes(access.checkins ?? []), name).toBe(true);
      expect(access.counters, name).toEqual(["dynamodb:UpdateItem"]);
    }

    // Calling a patient writes the queue and adds the wait to the day counters, nothing more.
    const call = tableAccessOf("room-call");
    expect(Object.keys(call).sort()).toEqual(["checkins", "counters"]);
    expect(call.counters).toEqual(["dynamodb:UpdateItem"]);

    const report = tableAccessOf("report");
    expect(Object.keys(report).sort()).toEqual(["counters", "facilities"]);
    expect(
      [...(report.counters ?? []), ...(report.facilities ?? [])].filter((a) => write.includes(a)),
    ).toEqual([]);

    const mock = tableAccessOf("gateway-mock");
    expect(Object.keys(mock)).toEqual(["registry"]);
    expect(mock.registry?.filter((a) => write.includes(a))).toEqual(["dynamodb:UpdateItem"]);
  });

  it("keeps the gateway password out of every function's environment", () => {
    for (const fn of ourFunctions()) {
      const variables = fn.props.Environment?.Variables ?? {};
      expect(Object.keys(variables), fn.name).not.toContain("GATEWAY_PASSWORD");
      expect(variables.GATEWAY_FAULT_CONTROL ?? "off", fn.name).toBe("off");
    }
    for (const name of ["checkin", "lookup", "recheck", "reverify", "xml0-send", "gateway-mock"]) {
      expect(Object.keys(functionNamed(name).props.Environment?.Variables ?? {}), name).toContain(
        "GATEWAY_SECRET_ARN",
      );
    }
  });

  it("lets only the check-in, lookup, recheck, reverify and XML0 functions read the gateway secret", () => {
    const subjectKey = logicalIdOf(synthesized.stack.privacy.subjectKey);
    const readers = ourFunctions()
      .filter((fn) =>
        statementsOfRole(fn.roleId).some(
          (statement) =>
            actionsOf(statement).includes("secretsmanager:GetSecretValue") &&
            !referencedIds(statement.Resource).includes(subjectKey),
        ),
      )
      .map((fn) => fn.name)
      .sort();
    expect(readers).toEqual(["checkin", "gateway-mock", "lookup", "recheck", "reverify", "xml0-send"]);
  });
});

describe("data", () => {
  it("creates the five tables as global tables with the local tables' keys and indexes", () => {
    const tables = resourcesOf(
      synthesized.template,
      "AWS::DynamoDB::GlobalTable",
      z.object({
        KeySchema: z.array(z.object({ AttributeName: z.string(), KeyType: z.string() })),
        AttributeDefinitions: z.array(z.object({ AttributeName: z.string(), AttributeType: z.string() })),
        GlobalSecondaryIndexes: z
          .array(
            z.object({
              IndexName: z.string(),
              KeySchema: z.array(z.object({ AttributeName: z.string(), KeyType: z.string() })),
              Projection: z.object({ ProjectionType: z.string() }),
            }),
          )
          .optional(),
      }),
    );
    const deployed = tables.map((table) => ({
      KeySchema: table.props.KeySchema,
      AttributeDefinitions: [...table.props.AttributeDefinitions].sort((a, b) =>
        a.AttributeName.localeCompare(b.AttributeName),
      ),
      GlobalSecondaryIndexes: table.props.GlobalSecondaryIndexes ?? [],
    }));
    const local = tableDefinitions(tableNames("")).map((definition) => ({
      KeySchema: definition.KeySchema,
      AttributeDefinitions: [...(definition.AttributeDefinitions ?? [])].sort((a, b) =>
        (a.AttributeName ?? "").localeCompare(b.AttributeName ?? ""),
      ),
      GlobalSecondaryIndexes: definition.GlobalSecondaryIndexes ?? [],
    }));
    expect(deployed).toHaveLength(tableDefinitions(tableNames("")).length);
    expect(deployed).toEqual(expect.arrayContaining(local));
  });

  it("bills on demand, with point-in-time recovery, deletion protection and a customer-managed key", () => {
    const keyIds = new Set(Object.keys(synthesized.template.findResources("AWS::KMS::Key")));
    const tables = resourcesOf(
      synthesized.template,
      "AWS::DynamoDB::GlobalTable",
      z.object({
        BillingMode: z.string(),
        SSESpecification: z.object({ SSEEnabled: z.boolean(), SSEType: z.string() }),
        Replicas: z.array(
          z.object({
            DeletionProtectionEnabled: z.boolean(),
            PointInTimeRecoverySpecification: z.object({ PointInTimeRecoveryEnabled: z.boolean() }),
            SSESpecification: z.object({ KMSMasterKeyId: z.unknown() }),
          }),
        ),
      }),
    );
    for (const table of tables) {
      expect(table.props.BillingMode, table.id).toBe("PAY_PER_REQUEST");
      expect(table.props.SSESpecification, table.id).toEqual({ SSEEnabled: true, SSEType: "KMS" });
      expect(table.props.Replicas, table.id).toHaveLength(1);
      for (const replica of table.props.Replicas) {
        expect(replica.DeletionProtectionEnabled, table.id).toBe(true);
        expect(replica.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled, table.id).toBe(true);
        const key = referencedIds(replica.SSESpecification.KMSMasterKeyId)[0];
        expect(key !== undefined && keyIds.has(key), table.id).toBe(true);
      }
    }
    synthesized.template.allResources("AWS::DynamoDB::GlobalTable", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
    synthesized.template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
  });

  it("expires check-ins and idempotency keys by their ttl attribute", () => {
    const tables = resourcesOf(
      synthesized.template,
      "AWS::DynamoDB::GlobalTable",
      z.object({ TimeToLiveSpecification: z.unknown().optional() }),
    );
    const ttlOf = (key: "checkins" | "idempotency" | "counters") =>
      tables.find((table) => table.id === logicalIdOf(synthesized.stack.data.tables[key]))?.props
        .TimeToLiveSpecification;
    expect(ttlOf("checkins")).toEqual({ AttributeName: "ttl", Enabled: true });
    expect(ttlOf("idempotency")).toEqual({ AttributeName: "ttl", Enabled: true });
    expect(ttlOf("counters")).toBeUndefined();
  });
});

describe("API", () => {
  it("has every route of the routes table, each behind the JWT authorizer, and no dev-token route", () => {
    const routes = resourcesOf(
      synthesized.template,
      "AWS::ApiGatewayV2::Route",
      z.object({ RouteKey: z.string(), AuthorizationType: z.string().optional(), AuthorizerId: z.unknown() }),
    );
    expect(routes.map((route) => route.props.RouteKey).sort()).toEqual(
      API_ROUTES.map((route) => `${route.method} ${route.path}`).sort(),
    );
    const authorizers = Object.keys(synthesized.template.findResources("AWS::ApiGatewayV2::Authorizer"));
    expect(authorizers).toHaveLength(1);
    for (const route of routes) {
      expect(route.props.AuthorizationType, route.props.RouteKey).toBe("JWT");
      expect(refersTo(route.props.AuthorizerId, authorizers[0] ?? ""), route.props.RouteKey).toBe(true);
      expect(route.props.RouteKey).not.toMatch(/dev|token|\$default/);
    }
  });

  it("trusts the staff user pool's ID tokens: its issuer, and its app clients as audience", () => {
    const [client = "", deviceClient = ""] = Object.keys(
      synthesized.template.findResources("AWS::Cognito::UserPoolClient"),
    );
    const pool = Object.keys(synthesized.template.findResources("AWS::Cognito::UserPool"))[0] ?? "";
    synthesized.template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: {
        Audience: [{ Ref: client }, { Ref: deviceClient }],
        Issuer: {
          "Fn::Join": [
            "",
            ["https://cognito-idp.", { Ref: "AWS::Region" }, ".amazonaws.com/", { Ref: pool }],
          ],
        },
      },
    });
  });

  it("throttles the stage and logs requests as JSON without personal data", () => {
    const stage = resourcesOf(
      synthesized.template,
      "AWS::ApiGatewayV2::Stage",
      z.object({
        DefaultRouteSettings: z.object({ ThrottlingRateLimit: z.number(), ThrottlingBurstLimit: z.number() }),
        AccessLogSettings: z.object({ Format: z.string(), DestinationArn: z.unknown() }),
      }),
    )[0];
    expect(stage?.props.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: RATE_LIMITS.stage.rate,
      ThrottlingBurstLimit: RATE_LIMITS.stage.burst,
    });
    const format = z
      .record(z.string(), z.string())
      .parse(JSON.parse(stage?.props.AccessLogSettings.Format ?? ""));
    expect(Object.values(format)).toEqual(
      expect.arrayContaining([
        "$context.requestId",
        "$context.routeKey",
        "$context.status",
        "$context.responseLatency",
        "$context.integrationErrorMessage",
      ]),
    );
    const personal = /sourceIp|userAgent|querystring|path|body|claims|principal|identity/i;
    expect(Object.values(format).filter((variable) => personal.test(variable))).toEqual([]);
  });
});

describe("sign-in", () => {
  it("has one group per role and the facility and province as custom attributes", () => {
    const groups = resourcesOf(
      synthesized.template,
      "AWS::Cognito::UserPoolGroup",
      z.object({ GroupName: z.string() }),
    ).map((group) => group.props.GroupName);
    expect(groups.sort()).toEqual([...ROLES].sort());
    synthesized.template.hasResourceProperties("AWS::Cognito::UserPool", {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: "facility", AttributeDataType: "String" }),
        Match.objectLike({ Name: "province", AttributeDataType: "String" }),
      ]),
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it("uses a public PKCE client that reads but cannot write the facility and province", () => {
    const client = resourcesOf(
      synthesized.template,
      "AWS::Cognito::UserPoolClient",
      z.object({
        GenerateSecret: z.boolean(),
        AllowedOAuthFlows: z.array(z.string()),
        ReadAttributes: z.array(z.string()),
        // The devices' client names none (it needs to write nothing).
        WriteAttributes: z.array(z.string()).optional(),
        CallbackURLs: z.array(z.unknown()),
      }),
    )[0]?.props;
    expect(client?.GenerateSecret).toBe(false);
    expect(client?.AllowedOAuthFlows).toEqual(["code"]);
    expect(client?.ReadAttributes).toEqual(expect.arrayContaining(["custom:facility", "custom:province"]));
    expect(client?.WriteAttributes?.length).toBeGreaterThan(0);
    expect(client?.WriteAttributes?.filter((name) => name.startsWith("custom:"))).toEqual([]);
    expect(client?.CallbackURLs.length).toBeGreaterThanOrEqual(3);
  });
});

describe("one sign-in path", () => {
  it("registers every page path as a redirect and sign-out URI, and revokes refresh tokens", () => {
    const client = resourcesOf(
      synthesized.template,
      "AWS::Cognito::UserPoolClient",
      z.object({
        CallbackURLs: z.array(z.unknown()),
        LogoutURLs: z.array(z.unknown()),
        EnableTokenRevocation: z.boolean(),
        ReadAttributes: z.array(z.string()),
        WriteAttributes: z.array(z.string()).optional(),
      }),
    )[0]?.props;
    const paths = (client?.CallbackURLs ?? []).map((url) => JSON.stringify(url));
    for (const path of SIGN_IN_PATHS) {
      expect(
        paths.some((url) => url.endsWith(`${path}"]]}`) || url.endsWith(`${path}"`)),
        path,
      ).toBe(true);
    }
    expect(client?.LogoutURLs).toEqual(client?.CallbackURLs);
    expect(client?.EnableTokenRevocation).toBe(true);
    expect(client?.ReadAttributes).toEqual(
      expect.arrayContaining(["custom:cccd", "custom:national", "name"]),
    );
    expect(client?.WriteAttributes).not.toContain("custom:national");
  });
});

describe("national gateway", () => {
  it("deploys the mock behind an IAM-authorised function URL that only the callers may invoke", () => {
    synthesized.template.resourceCountIs("AWS::Lambda::Url", 1);
    synthesized.template.hasResourceProperties("AWS::Lambda::Url", { AuthType: "AWS_IAM" });
    const invokers = ourFunctions()
      .filter((fn) =>
        statementsOfRole(fn.roleId).some((statement) =>
          actionsOf(statement).includes("lambda:InvokeFunctionUrl"),
        ),
      )
      .map((fn) => fn.name)
      .sort();
    // The gateway account administration tries a new password with one token request.
    expect(invokers).toEqual(["checkin", "gateway-admin", "lookup", "recheck", "reverify", "xml0-send"]);
  });

  it("switches to a real gateway and its secret with stack parameters", () => {
    synthesized.template.hasParameter("RegistryBaseUrl", { Type: "String", Default: "" });
    synthesized.template.hasParameter("GatewaySecretArn", { Type: "String", Default: "" });
    const env = functionNamed("checkin").props.Environment?.Variables ?? {};
    expect(JSON.stringify(env.GATEWAY_BASE_URL)).toContain("RegistryBaseUrl");
    expect(JSON.stringify(env.GATEWAY_SECRET_ARN)).toContain("GatewaySecretArn");
    expect(JSON.stringify(env.GATEWAY_AUTH)).toContain('"iam"');
  });
});

describe("web", () => {
  it("keeps the bucket private and TLS-only, read by CloudFront through Origin Access Control", () => {
    synthesized.template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.objectLike({}),
    });
    synthesized.template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
    synthesized.template.hasResourceProperties("AWS::CloudFront::OriginAccessControl", {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: "s3",
        SigningProtocol: "sigv4",
      }),
    });
    synthesized.template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: "index.html",
        Origins: Match.arrayWith([Match.objectLike({ OriginAccessControlId: Match.anyValue() })]),
      }),
    });
  });

  it("sends the security headers: CSP, HSTS, no framing, nosniff, referrer policy", () => {
    synthesized.template.hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: Match.anyValue(), Override: true },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31_536_000, Override: true }),
          FrameOptions: { FrameOption: "DENY", Override: true },
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: "no-referrer", Override: true },
        },
      }),
    });
    const csp = JSON.stringify(synthesized.template.findResources("AWS::CloudFront::ResponseHeadersPolicy"));
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it("routes /api/* to the HTTP API uncached, forwarding every viewer header but Host", () => {
    const cachingDisabled = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    const allViewerExceptHost = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
    synthesized.template.hasResourceProperties("AWS::CloudFront::Distribution", {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: "/api/*",
            CachePolicyId: cachingDisabled,
            OriginRequestPolicyId: allViewerExceptHost,
            AllowedMethods: Match.arrayWith(["GET", "POST"]),
            ViewerProtocolPolicy: "https-only",
          }),
        ],
      }),
    });
  });

  it("serves /kiosk and /dashboard from their pages", () => {
    const code = resourcesOf(
      synthesized.template,
      "AWS::CloudFront::Function",
      z.object({ FunctionCode: z.string(), FunctionConfig: z.object({ Runtime: z.string() }) }),
    )[0]?.props.FunctionCode;
    // Runs the function's own code, as CloudFront would, on viewer requests.
    const handler: unknown = runInNewContext(`${code ?? ""}; handler`);
    if (typeof handler !== "function") throw new Error("the CloudFront function defines no handler");
    const uriOf = (uri: string): string => {
      const request: unknown = Reflect.apply(handler, undefined, [{ request: { uri, headers: {} } }]);
      return z.object({ uri: z.string() }).parse(request).uri;
    };
    expect(uriOf("/kiosk")).toBe("/kiosk.html");
    expect(uriOf("/dashboard")).toBe("/dashboard.html");
    expect(uriOf("/assets/app-1234.js")).toBe("/assets/app-1234.js");
    expect(uriOf("/")).toBe("/");
  });
});

describe("schedule and alarms", () => {
  it("runs reverify every five minutes with retries and an encrypted, TLS-only dead-letter queue", () => {
    const reverify = functionNamed("reverify").id;
    const queue = Object.keys(synthesized.template.findResources("AWS::SQS::Queue"))[0] ?? "";
    synthesized.template.hasResourceProperties("AWS::Scheduler::Schedule", {
      ScheduleExpression: "rate(5 minutes)",
      Target: Match.objectLike({
        Arn: { "Fn::GetAtt": [reverify, "Arn"] },
        DeadLetterConfig: { Arn: { "Fn::GetAtt": [queue, "Arn"] } },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 },
      }),
    });
    synthesized.template.hasResourceProperties("AWS::SQS::Queue", { SqsManagedSseEnabled: true });
    synthesized.template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("alarms on API 5xx, each function's errors and throttles, dead letters, backlog and gateway errors", () => {
    const topic = Object.keys(synthesized.template.findResources("AWS::SNS::Topic"))[0] ?? "";
    synthesized.template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
    const alarms = resourcesOf(
      synthesized.template,
      "AWS::CloudWatch::Alarm",
      z.object({
        MetricName: z.string().optional(),
        Namespace: z.string().optional(),
        Dimensions: z.array(z.object({ Name: z.string(), Value: z.unknown() })).optional(),
        Metrics: z
          .array(z.object({ Expression: z.string().optional(), MetricStat: z.unknown().optional() }))
          .optional(),
        AlarmActions: z.array(z.unknown()),
      }),
    );
    for (const alarm of alarms) expect(refersTo(alarm.props.AlarmActions[0], topic), alarm.id).toBe(true);
    const on = (namespace: string, metric: string) =>
      alarms.filter((alarm) => alarm.props.Namespace === namespace && alarm.props.MetricName === metric);
    expect(on("AWS/ApiGateway", "5xx")).toHaveLength(1);
    for (const fn of ourFunctions()) {
      for (const metric of ["Errors", "Throttles"]) {
        const watching = on("AWS/Lambda", metric).filter((alarm) =>
          alarm.props.Dimensions?.some((dimension) => refersTo(dimension.Value, fn.id)),
        );
        expect(watching, `${fn.name} ${metric}`).toHaveLength(1);
      }
    }
    // One dead-letter queue per scheduled job (re-check and roll-up), each with its own alarm.
    const queues = Object.keys(synthesized.template.findResources("AWS::SQS::Queue"));
    const deadLetterAlarms = on("AWS/SQS", "ApproximateNumberOfMessagesVisible");
    expect(deadLetterAlarms).toHaveLength(queues.length);
    for (const queue of queues)
      expect(
        deadLetterAlarms.filter((alarm) => alarm.props.Dimensions?.some((d) => refersTo(d.Value, queue))),
        queue,
      ).toHaveLength(1);
    expect(on("tiepdon", "PendingBacklog")).toHaveLength(1);
    const gateway = alarms.filter((alarm) => alarm.props.Metrics !== undefined);
    expect(gateway).toHaveLength(1);
    const metrics = JSON.stringify(gateway[0]?.props.Metrics);
    expect(metrics).toContain('"GatewayErrors"');
    expect(metrics).toContain('"GatewayCalls"');
    expect(metrics).toContain('"Namespace":"tiepdon"');
  });
});

describe("unattended kiosks and waiting-room screens", () => {
  const clientSchema = z.object({
    GenerateSecret: z.boolean(),
    AllowedOAuthFlows: z.array(z.string()),
    ExplicitAuthFlows: z.array(z.string()),
    CallbackURLs: z.array(z.unknown()),
    LogoutURLs: z.array(z.unknown()),
    EnableTokenRevocation: z.boolean(),
    RefreshTokenValidity: z.number(),
    IdTokenValidity: z.number(),
    TokenValidityUnits: z.object({ RefreshToken: z.string(), IdToken: z.string() }),
    WriteAttributes: z.array(z.string()).optional(),
    AllowedOAuthScopes: z.array(z.string()),
  });
  const clients = () => resourcesOf(synthesized.template, "AWS::Cognito::UserPoolClient", clientSchema);
  const pathOf = (url: unknown) => /(\/[a-z]*\/?)"\]\]}$/.exec(JSON.stringify(url))?.[1];

  it("have their own app client: 90-day refresh tokens, hourly ID tokens, revocable, PKCE code flow only", () => {
    const [web, device] = clients();
    expect(web?.props.RefreshTokenValidity).toBe(720);
    expect(web?.props.TokenValidityUnits.RefreshToken).toBe("minutes");
    expect(device?.props).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ["code"],
      EnableTokenRevocation: true,
      RefreshTokenValidity: 90 * 24 * 60,
      IdTokenValidity: 60,
      TokenValidityUnits: { RefreshToken: "minutes", IdToken: "minutes" },
    });
    // No password flow an IAM caller could use, and no custom attribute it could write.
    expect(device?.props.ExplicitAuthFlows).not.toContain("ALLOW_ADMIN_USER_PASSWORD_AUTH");
    expect((device?.props.WriteAttributes ?? []).filter((name) => name.startsWith("custom:"))).toEqual([]);
    expect(device?.props.WriteAttributes).toBeUndefined();
    expect(web?.props.WriteAttributes).toEqual(["name"]);
  });

  it("let staff access tokens reach Cognito's user API for the TOTP set-up, and devices' not", () => {
    const [web, device] = clients();
    expect(web?.props.AllowedOAuthScopes).toContain("aws.cognito.signin.user.admin");
    expect(device?.props.AllowedOAuthScopes).not.toContain("aws.cognito.signin.user.admin");
    const headers = JSON.stringify(
      synthesized.template.findResources("AWS::CloudFront::ResponseHeadersPolicy"),
    );
    expect(headers).toContain("https://cognito-idp.");
  });

  it("send a device back only to the kiosk and waiting-room pages", () => {
    const device = clients()[1]?.props;
    expect((device?.CallbackURLs ?? []).map(pathOf).sort()).toEqual([...DEVICE_PATHS].sort());
    expect(device?.LogoutURLs).toEqual(device?.CallbackURLs);
  });

  it("tell the pages which client a device signs in with (config.json refers to it)", () => {
    const [, device] = clients();
    const deploy = synthesized.template.findResources("Custom::CDKBucketDeployment");
    expect(JSON.stringify(deploy)).toContain(`{"Ref":"${device?.id}"}`);
  });
});
