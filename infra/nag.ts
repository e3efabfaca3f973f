import { type App, CfnElement, Stack, Token, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import type { CallEvents } from "./constructs/call-events.ts";
import type { DataTables } from "./constructs/data-tables.ts";
import type { InsuranceGateway } from "./constructs/insurance-gateway.ts";
import type { PrivacyControls } from "./constructs/privacy-controls.ts";
import type { ScheduledJob } from "./constructs/scheduled-job.ts";
import type { StaffSignIn } from "./constructs/staff-sign-in.ts";
import type { FunctionKey, TiepdonFunction } from "./constructs/tiepdon-function.ts";
import type { WebSite } from "./constructs/web-site.ts";
import { FUNCTION_SPECS } from "./function-specs.ts";

/** The parts of the stack whose findings are accepted (the stack itself, named by shape so the two files import one way). */
export interface ReviewedStack extends Stack {
  readonly functions: Record<FunctionKey, TiepdonFunction>;
  readonly data: DataTables;
  readonly site: WebSite;
  readonly signIn: StaffSignIn;
  readonly gateway: InsuranceGateway;
  readonly jobs: readonly ScheduledJob[];
  readonly xml0Trigger: { readonly deadLetters: IConstruct };
  readonly settings: { readonly domain: unknown };
  /** Present when the demo facilities are written at deploy time (staging only). */
  readonly demo: unknown;
  readonly privacy: PrivacyControls;
  readonly callEvents: CallEvents;
}

/** Runs cdk-nag's AWS Solutions rules on every stack; an unacknowledged error finding fails the synth. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/** Acknowledges one finding on one construct; `id` is the finding as the report names it. */
function accept(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

const nag = (finding: string) => `AwsSolutions::AwsSolutions-${finding}`;

/** The construct CDK creates once per stack for BucketDeployment's handler (its id carries a hash). */
function bucketDeploymentHandler(stack: Stack): IConstruct {
  const handler = stack.node.children.find((child) =>
    child.node.id.startsWith("Custom::CDKBucketDeployment"),
  );
  if (handler === undefined) throw new Error("The stack has no BucketDeployment handler");
  return handler;
}

/** The id CDK gives the one provider function of every AwsCustomResource in a stack. */
const AWS_CUSTOM_RESOURCE_PROVIDER = "AWS679f53fac002430cb0da5b7982bd2287";

/**
 * An ARN as the findings quote it: partition and region as literals when the stack's environment
 * names them (as CDK renders them), else as the pseudo parameters; the account always as
 * `<AWS::AccountId>`. `resource` is what follows `service:region:account:`; `{region}` and
 * `{account}` in it are quoted the same way (a bucket name that embeds them).
 */
function quotedArn(stack: Stack, arn: { service: string; regional: boolean; resource: string }): string {
  const region = Token.isUnresolved(stack.region) ? "<AWS::Region>" : stack.region;
  const partition = Token.isUnresolved(stack.partition) ? "<AWS::Partition>" : stack.partition;
  const account = "<AWS::AccountId>";
  const resource = arn.resource.replaceAll("{region}", region).replaceAll("{account}", account);
  return arn.regional
    ? `arn:${partition}:${arn.service}:${region}:${account}:${resource}`
    : `arn:${partition}:${arn.service}:::${resource}`;
}

/** How findings quote the ARN of a construct's own resource (`<LogicalId.Arn>`) with what follows it. */
function quotedArnOf(construct: IConstruct, suffix: string): string {
  return `<${logicalIdOf(construct)}.Arn>${suffix}`;
}

/** The logical id of a construct's CloudFormation resource, as findings quote it. */
function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!(resource instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(resource);
}

/** The wildcards of the functions' own roles: tracing, secondary indexes and the call channels. */
function acceptFunctionGrants(stack: ReviewedStack): void {
  for (const fn of Object.values(stack.functions)) {
    accept(
      fn.role,
      nag("IAM5[Resource::*]"),
      "X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so AWS requires Resource *.",
    );
  }
  const checkinsIndexes = quotedArnOf(stack.data.tables.checkins, "/index/*");
  for (const fn of [
    stack.functions.checkin,
    stack.functions["checkins-list"],
    stack.functions.recheck,
    stack.functions.reverify,
    stack.functions["rooms-list"],
    stack.functions["room-write"],
    stack.functions["room-queue"],
    stack.functions["room-call"],
    stack.functions["ticket-action"],
    stack.functions["ticket-marks"],
    stack.functions["calls-list"],
    stack.functions["xml0-send"],
    stack.functions["room-admin"],
    stack.functions["subject-admin"],
  ]) {
    accept(
      fn.role,
      nag(`IAM5[Resource::${checkinsIndexes}]`),
      "Queries on the check-ins table's own secondary indexes (pending check-ins, a data subject's visits, XML0s due); scoped to that one table.",
    );
  }
  for (const fn of [stack.functions.audit, stack.functions["subject-admin"]]) {
    accept(
      fn.role,
      nag(`IAM5[Resource::${quotedArnOf(stack.data.tables.audit, "/index/*")}]`),
      "Searches by subject query the audit table's own subject index; scoped to that one table.",
    );
  }
  const channels = quotedArn(stack, {
    service: "appsync",
    regional: true,
    resource: `apis/<${logicalIdOf(stack.callEvents.api)}.ApiId>/channelNamespace/*`,
  });
  for (const fn of callPublishers(stack)) {
    accept(
      fn.role,
      nag(`IAM5[Resource::${channels}]`),
      "Publishing calls to the waiting-room Event API: one channel per facility (/calls/f<code>) is made on the fly, so the grant covers the namespaces of that one API.",
    );
  }
}

/** The functions whose spec says they publish calls. */
function callPublishers(stack: ReviewedStack): TiepdonFunction[] {
  return (Object.keys(FUNCTION_SPECS) as FunctionKey[])
    .filter((key) => FUNCTION_SPECS[key].publishesCalls === true)
    .map((key) => stack.functions[key]);
}

/** The scheduled jobs: each scheduler role invokes its one function, and each dead-letter queue has none of its own. */
function acceptScheduledJobs(stack: ReviewedStack): void {
  for (const job of stack.jobs) {
    accept(
      job.role,
      nag(`IAM5[Resource::${quotedArnOf(job.target.function, ":*")}]`),
      "The scheduler may invoke its one function and its versions only; the :* covers versions and aliases of that one function.",
    );
    accept(
      job.deadLetters,
      nag("SQS3"),
      "This queue is the dead-letter queue of the EventBridge Scheduler target; the rule only recognises SQS-to-SQS redrive.",
    );
  }
  accept(
    stack.xml0Trigger.deadLetters,
    nag("SQS3"),
    "This queue is the on-failure destination of the check-ins stream's XML0 trigger; the rule only recognises SQS-to-SQS redrive.",
  );
}

/** The functions CDK itself adds at deploy time: the pages' copier and the demo facilities' writer. */
function acceptCdkHelpers(stack: ReviewedStack): void {
  const deployer = bucketDeploymentHandler(stack);
  accept(
    deployer,
    nag("IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]"),
    "CDK's BucketDeployment handler (deploy time only) uses the basic execution role to write its own logs; CDK offers no way to replace it.",
  );
  const assets = quotedArn(stack, {
    service: "s3",
    regional: false,
    resource: "cdk-hnb659fds-assets-{account}-{region}/*",
  });
  for (const finding of [
    "Action::s3:GetObject*",
    "Action::s3:GetBucket*",
    "Action::s3:List*",
    "Action::s3:DeleteObject*",
    "Action::s3:Abort*",
    `Resource::${assets}`,
    `Resource::${quotedArnOf(stack.site.bucket, "/*")}`,
  ]) {
    accept(
      deployer,
      nag(`IAM5[${finding}]`),
      "CDK's BucketDeployment handler copies the built pages from the CDK asset bucket into the site bucket at deploy time; its grant is CDK's own, limited to those two buckets.",
    );
  }
  accept(
    deployer,
    nag("L1"),
    "CDK's BucketDeployment handler runs on the Python runtime CDK pins for it (it bundles the AWS CLI); it runs only during deployments.",
  );
  if (stack.demo === undefined) return;
  const writer = stack.node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER);
  if (writer === undefined) throw new Error("The demo facilities have no custom resource provider");
  accept(
    writer,
    nag("IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]"),
    "CDK's AwsCustomResource provider (staging only, runs once per deployment to write the six demo facilities) writes its own logs with the basic execution role; CDK offers no way to replace it.",
  );
}

/** Secrets that are not rotated and the sign-in pool's settings. */
function acceptSecretsAndSignIn(stack: ReviewedStack): void {
  accept(
    stack.gateway.mockAccount,
    nag("SMG4"),
    "The gateway account is issued by the national insurance agency and changed on their schedule; for the mock there is no counterpart to rotate against.",
  );
  accept(
    stack.privacy.subjectKey,
    nag("SMG4"),
    "The subject key names people in the audit trail: rotating it would split one person's lines across two hashes and break the question 'who accessed this ID number'.",
  );
  accept(
    stack.signIn.userPool,
    nag("COG8"),
    "A few hundred staff accounts created by administrators, no self sign-up; the Plus plan's threat protection costs per user and can be switched on with one setting if the health department asks for it.",
  );
  accept(
    stack.signIn.userPool,
    nag("COG2"),
    "TOTP MFA is offered to every staff account; it is not required because kiosk accounts sign in unattended on a fixed device.",
  );
}

/** The pages' bucket and distribution, and the stack's outputs. */
function acceptSiteFindings(stack: ReviewedStack): void {
  accept(
    stack.site.bucket,
    nag("S1"),
    "Only CloudFront reads the bucket, through Origin Access Control, and only deployments write it; server access logs would record nothing but CloudFront's own fetches.",
  );
  accept(
    stack.site.distribution,
    nag("CFR3"),
    "CloudFront standard logs hold every viewer's IP address (personal data under Decree 13/2023) and add nothing for the API, whose own access log records each request without it.",
  );
  if (stack.settings.domain === undefined)
    accept(
      stack.site.distribution,
      nag("CFR4"),
      "The default *.cloudfront.net certificate cannot enforce a TLS minimum; with a custom domain (-c tiepdon:domainName) its certificate is attached with minimumProtocolVersion TLSv1.2_2021.",
    );
  accept(
    stack.site.distribution,
    nag("CFR1"),
    "No geo restriction: health-department staff and auditors may work from abroad, and every API route requires a signed-in staff account anyway.",
  );
  accept(
    stack,
    "CloudFormation-Validate::W2509",
    "GatewaySecretArn holds the ARN of a secret, not a secret; it must stay visible in the console.",
  );
}

/**
 * Every accepted finding, on the construct it concerns, each with the reason it is accepted.
 * Anything not listed here fails `cdk synth` (errors) or the infra tests (warnings).
 */
export function acknowledgeFindings(stack: ReviewedStack): void {
  acceptFunctionGrants(stack);
  acceptScheduledJobs(stack);
  acceptCdkHelpers(stack);
  acceptSecretsAndSignIn(stack);
  acceptSiteFindings(stack);
}
