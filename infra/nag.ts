import { type App, CfnElement, Stack, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import type { CallEvents } from "./constructs/call-events.ts";
import type { DataTables } from "./constructs/data-tables.ts";
import type { InsuranceGateway } from "./constructs/insurance-gateway.ts";
import type { ReverifySchedule } from "./constructs/reverify-schedule.ts";
import type { StaffSignIn } from "./constructs/staff-sign-in.ts";
import type { FunctionKey, TiepdonFunction } from "./constructs/tiepdon-function.ts";
import type { WebSite } from "./constructs/web-site.ts";

/** The parts of the stack whose findings are accepted (the stack itself, named by shape so the two files import one way). */
export interface ReviewedStack extends Stack {
  readonly functions: Record<FunctionKey, TiepdonFunction>;
  readonly data: DataTables;
  readonly site: WebSite;
  readonly signIn: StaffSignIn;
  readonly gateway: InsuranceGateway;
  readonly reverify: ReverifySchedule;
  readonly rollup: ReverifySchedule;
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

/** The logical id of a construct's CloudFormation resource, as findings quote it. */
function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild;
  if (!(resource instanceof CfnElement))
    throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).getLogicalId(resource);
}

/**
 * Every accepted finding, on the construct it concerns, each with the reason it is accepted.
 * Anything not listed here fails `cdk synth` (errors) or the infra tests (warnings).
 */
export function acknowledgeFindings(stack: ReviewedStack): void {
  for (const fn of Object.values(stack.functions)) {
    accept(
      fn.role,
      nag("IAM5[Resource::*]"),
      "X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so AWS requires Resource *.",
    );
  }
  const checkinsTable = logicalIdOf(stack.data.tables.checkins);
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
    stack.functions["calls-list"],
  ]) {
    accept(
      fn.role,
      nag(`IAM5[Resource::<${checkinsTable}.Arn>/index/*]`),
      "Queries on the check-ins table's own secondary index (pending check-ins); scoped to that one table.",
    );
  }
  const callsApi = logicalIdOf(stack.callEvents.api);
  for (const fn of [stack.functions["room-call"], stack.functions["ticket-action"]]) {
    accept(
      fn.role,
      nag(
        `IAM5[Resource::arn:<AWS::Partition>:appsync:<AWS::Region>:<AWS::AccountId>:apis/<${callsApi}.ApiId>/channelNamespace/*]`,
      ),
      "Publishing calls to the waiting-room Event API: one channel per facility (/calls/f<code>) is made on the fly, so the grant covers the namespaces of that one API.",
    );
  }
  for (const [schedule, fn] of [
    [stack.reverify, stack.functions.reverify],
    [stack.rollup, stack.functions.rollup],
  ] as const) {
    accept(
      schedule.role,
      nag(`IAM5[Resource::<${logicalIdOf(fn.function)}.Arn>:*]`),
      "The scheduler may invoke its one function and its versions only; the :* covers versions and aliases of that one function.",
    );
  }

  const deployer = bucketDeploymentHandler(stack);
  accept(
    deployer,
    nag("IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]"),
    "CDK's BucketDeployment handler (deploy time only) uses the basic execution role to write its own logs; CDK offers no way to replace it.",
  );
  for (const finding of [
    "Action::s3:GetObject*",
    "Action::s3:GetBucket*",
    "Action::s3:List*",
    "Action::s3:DeleteObject*",
    "Action::s3:Abort*",
    "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*",
    `Resource::<${logicalIdOf(stack.site.bucket)}.Arn>/*`,
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

  accept(
    stack.gateway.mockAccount,
    nag("SMG4"),
    "The gateway account is issued by the national insurance agency and changed on their schedule; for the mock there is no counterpart to rotate against.",
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
  for (const schedule of [stack.reverify, stack.rollup]) {
    accept(
      schedule.deadLetters,
      nag("SQS3"),
      "This queue is the dead-letter queue of the EventBridge Scheduler target; the rule only recognises SQS-to-SQS redrive.",
    );
  }

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
  accept(
    stack.site.distribution,
    nag("CFR4"),
    "The default *.cloudfront.net certificate cannot enforce a TLS minimum; with a custom domain, attach its certificate and set minimumProtocolVersion TLSv1.2_2021 (the feature flag in cdk.json makes that the default).",
  );
  accept(
    stack.site.distribution,
    nag("CFR1"),
    "No geo restriction: health-department staff and auditors may work from abroad, and every API route requires a signed-in staff account anyway.",
  );
  accept(
    stack.site.distribution,
    nag("CFR2"),
    "No WAF: all API routes need a Cognito token, the stage is throttled, and a CloudFront WAF lives in us-east-1 and costs more than this service; add one when a public route appears.",
  );
  accept(
    stack,
    "CloudFormation-Validate::W2509",
    "GatewaySecretArn holds the ARN of a secret, not a secret; it must stay visible in the console.",
  );
}
