import { App, Aws, CfnOutput, Stack, type StackProps, Tags } from "aws-cdk-lib";
import type * as acm from "aws-cdk-lib/aws-certificatemanager";
import type { Construct } from "constructs";
import { RATE_LIMITS } from "#infra/limits";
import { API_ROUTES } from "#infra/routes";
import { Alarms } from "./constructs/alarms.ts";
import { CallEvents } from "./constructs/call-events.ts";
import { CheckinApi } from "./constructs/checkin-api.ts";
import { CostBudget, ENVIRONMENT_TAG } from "./constructs/cost-budget.ts";
import { DataTables } from "./constructs/data-tables.ts";
import { DemoFacilities } from "./constructs/demo-facilities.ts";
import { FacilitySecrets } from "./constructs/facility-secrets.ts";
import { gatewayParameters, InsuranceGateway } from "./constructs/insurance-gateway.ts";
import { OperationsDashboard } from "./constructs/operations-dashboard.ts";
import { PrivacyControls } from "./constructs/privacy-controls.ts";
import { ScheduledJob } from "./constructs/scheduled-job.ts";
import { StaffSignIn } from "./constructs/staff-sign-in.ts";
import { type FunctionKey, TiepdonFunction } from "./constructs/tiepdon-function.ts";
import { WebSite } from "./constructs/web-site.ts";
import { Xml0Trigger } from "./constructs/xml0-trigger.ts";
import { type DeploySettings, readDeploySettings } from "./deploy-settings.ts";
import { EDGE_REGION, EdgeStack } from "./edge-stack.ts";
import { FUNCTION_SPECS, type FunctionSpec } from "./function-specs.ts";
import { LOG_RETENTION } from "./log-retention.ts";
import { acknowledgeFindings, addNagChecks } from "./nag.ts";
import { DEVICE_PATHS, SIGN_IN_PATHS } from "./page-paths.ts";
import { buildPagesForDeploy } from "./pages-build.ts";
import { PROJECT_ROOT } from "./project-root.ts";

/** The functions that call the national gateway and publish its metrics. */
const GATEWAY_CALLERS = (Object.keys(FUNCTION_SPECS) as FunctionKey[]).filter(
  (key) => FUNCTION_SPECS[key].callsGateway,
);

export interface TiepdonStackProps extends StackProps {
  readonly settings: DeploySettings;
  /** The built pages (web/dist) to deploy. */
  readonly pagesDir: string;
  /** The project root (package.json, functions/). */
  readonly projectRoot?: string;
  /** The web ACL in front of CloudFront, from the edge stack. */
  readonly webAclArn: string;
  readonly certificate?: acm.ICertificate;
}

/**
 * One environment of tiepdon in AWS: the pages on CloudFront, the API behind a Cognito JWT
 * authorizer, the functions with one grant each, the tables, the mock national gateway, the
 * scheduled jobs, alarms, a budget and a dashboard. Its name carries the environment, so staging
 * and production live side by side in one account.
 */
export class TiepdonStack extends Stack {
  readonly settings: DeploySettings;
  readonly functions: Record<FunctionKey, TiepdonFunction>;
  readonly data: DataTables;
  readonly api: CheckinApi;
  readonly site: WebSite;
  readonly signIn: StaffSignIn;
  readonly gateway: InsuranceGateway;
  readonly facilitySecrets: FacilitySecrets;
  readonly alarms: Alarms;
  readonly jobs: readonly ScheduledJob[];
  readonly xml0Trigger: Xml0Trigger;
  readonly budget: CostBudget;
  readonly dashboard: OperationsDashboard;
  readonly demo: DemoFacilities | undefined;
  readonly privacy: PrivacyControls;
  readonly callEvents: CallEvents;

  constructor(scope: Construct, id: string, props: TiepdonStackProps) {
    super(scope, id, {
      description: `tiepdon (${props.settings.env}): clinic check-in with the chip ID card QR and health-insurance lookup`,
      ...props,
    });
    const settings = props.settings;
    this.settings = settings;
    this.data = new DataTables(this, "data");
    this.facilitySecrets = new FacilitySecrets(this, "facility-secrets", {
      table: this.data.gatewayAccounts,
      tableKey: this.data.key,
    });
    this.functions = this.makeFunctions(props.projectRoot ?? PROJECT_ROOT);
    this.privacy = new PrivacyControls(this, "privacy");
    this.gateway = new InsuranceGateway(this, "gateway", {
      mock: this.functions["gateway-mock"],
      parameters: gatewayParameters(this),
      mockAllowed: settings.mockGatewayAllowed,
    });
    this.gateway.configureMock();
    this.connectFunctions();
    const front = this.makeFrontDoor(props);
    this.api = front.api;
    this.site = front.site;
    this.signIn = front.signIn;
    this.callEvents = new CallEvents(this, "call-events", { userPool: this.signIn.userPool });
    // The pages' sign-in settings and where their screens subscribe to calls.
    this.site.addJson("config.json", { ...front.pageConfig, ...this.callEvents.pageSettings() });
    this.allowCallPublishers();
    this.alarms = new Alarms(this, "alarms", {
      namePrefix: settings.stackName,
      api: this.api,
      functions: this.functions,
      gatewayCallers: GATEWAY_CALLERS,
      email: settings.alarmEmail,
    });
    this.jobs = this.makeJobs();
    this.xml0Trigger = new Xml0Trigger(this, "xml0-trigger", {
      table: this.data.tables.checkins,
      tableKey: this.data.key,
      target: this.functions["xml0-send"],
      alarms: this.alarms,
    });
    this.budget = new CostBudget(this, "budget", {
      name: settings.stackName,
      environment: settings.env,
      monthlyUsd: settings.monthlyBudgetUsd,
      topic: this.alarms.topic,
    });
    this.dashboard = new OperationsDashboard(this, "dashboard", {
      name: settings.stackName,
      api: this.api,
      functions: this.functions,
      gatewayCallers: GATEWAY_CALLERS,
      tables: this.data.tables,
      queues: {
        ...Object.fromEntries(
          this.jobs.map((job) => [`${job.target.node.id} dead letters`, job.deadLetters]),
        ),
        "xml0 stream dead letters": this.xml0Trigger.deadLetters,
      },
    });
    this.demo = settings.demoSeed
      ? new DemoFacilities(this, "demo-facilities", { data: this.data })
      : undefined;

    this.privacy.addEnumerationAlarm(this.alarms.topic);
    this.privacy.addLookupsBeyondCheckinsAlarms(this.alarms.topic);
    this.addOutputs(this.site.url, front.authDomain);
    Tags.of(this).add(ENVIRONMENT_TAG, settings.env);
    acknowledgeFindings(this);
  }

  /** One place per function: its tables (grant and name) and whether it calls the gateway. */
  private connectFunctions(): void {
    for (const [name, spec] of specEntries()) {
      const fn = this.functions[name];
      this.data.connect(fn, spec.tables);
      if (spec.callsGateway) {
        this.gateway.allowCaller(fn);
        this.facilitySecrets.allowOpen(fn);
      }
      if (spec.readsGatewayRefusals === true) this.facilitySecrets.allowRefusalRead(fn);
      if (spec.sealsFacilitySecrets === true) {
        this.facilitySecrets.allowSeal(fn);
        // A new password is tried with one token request before it is sealed and stored.
        this.gateway.allowTokenRequests(fn);
      }
      // Whoever writes the audit trail names people by the deployment's keyed hash.
      if (spec.tables.audit !== undefined) this.privacy.allowSubjectKey(fn);
    }
  }

  /** The functions whose spec says they publish calls may publish, and are told where. */
  private allowCallPublishers(): void {
    for (const [name, spec] of specEntries()) {
      if (spec.publishesCalls !== true) continue;
      const fn = this.functions[name].function;
      for (const [key, value] of Object.entries(this.callEvents.allowPublisher(fn)))
        fn.addEnvironment(key, value);
    }
  }

  /**
   * What a browser reaches: the API (the distribution needs only its id, so the sign-in client
   * can use the site's URL), the pages on CloudFront and the staff sign-in, with the routes and
   * the pages' sign-in settings.
   */
  private makeFrontDoor(props: TiepdonStackProps) {
    const settings = props.settings;
    const f = this.functions;
    const authDomainPrefix = settings.authDomainPrefix ?? `${settings.stackName}-${Aws.ACCOUNT_ID}`;
    const authDomain = `${authDomainPrefix}.auth.${Aws.REGION}.amazoncognito.com`;
    const api = new CheckinApi(this, "api", {
      throttle: RATE_LIMITS.stage,
      logRetention: LOG_RETENTION[settings.env].apiAccess,
    });
    const site = new WebSite(this, "site", {
      distDir: props.pagesDir,
      apiDomainName: api.domainName,
      // The hosted sign-in's token endpoint, Cognito's user API (TOTP set-up) and the calls socket.
      connectSources: [
        `https://${authDomain}`,
        `https://cognito-idp.${Aws.REGION}.amazonaws.com`,
        `wss://*.appsync-realtime-api.${Aws.REGION}.amazonaws.com`,
      ],
      webAclArn: props.webAclArn,
      ...(settings.domain === undefined || props.certificate === undefined
        ? {}
        : { domain: { name: settings.domain.name, certificate: props.certificate } }),
    });
    const signIn = new StaffSignIn(this, "sign-in", {
      domainPrefix: authDomainPrefix,
      callbackUrls: [
        // Every page signs in and comes back to itself, with or without the trailing slash CloudFront serves.
        ...SIGN_IN_PATHS.map((path) => `${site.url}${path}`),
        ...settings.callbackUrls,
      ],
      deviceCallbackUrls: DEVICE_PATHS.map((path) => `${site.url}${path}`),
      ...(settings.sesFromEmail === undefined
        ? {}
        : { ses: { fromEmail: settings.sesFromEmail, region: settings.region } }),
    });
    const routed = {
      checkin: f.checkin.function,
      lookup: f.lookup.function,
      "checkins-list": f["checkins-list"].function,
      recheck: f.recheck.function,
      "queue-series": f["queue-series"].function,
      report: f.report.function,
      audit: f.audit.function,
      "outbox-notice": f["outbox-notice"].function,
      "subject-admin": f["subject-admin"].function,
      "rooms-list": f["rooms-list"].function,
      "room-write": f["room-write"].function,
      "room-queue": f["room-queue"].function,
      "room-call": f["room-call"].function,
      "ticket-action": f["ticket-action"].function,
      "ticket-marks": f["ticket-marks"].function,
      "calls-list": f["calls-list"].function,
      admin: f.admin.function,
      "room-admin": f["room-admin"].function,
      "gateway-admin": f["gateway-admin"].function,
    };
    api.addRoutes({
      routes: API_ROUTES,
      functions: routed,
      issuer: signIn.issuerUrl,
      audiences: [signIn.client.userPoolClientId, signIn.deviceClient.userPoolClientId],
    });
    // A staff role in a token of the devices' client is refused by every route.
    for (const fn of Object.values(routed))
      fn.addEnvironment("DEVICE_CLIENT_ID", signIn.deviceClient.userPoolClientId);
    signIn.allowAccountAdmin(f.admin.function);
    signIn.gateTokens(f["pre-token"]);
    const pageConfig = {
      region: Aws.REGION,
      userPoolId: signIn.userPool.userPoolId,
      clientId: signIn.client.userPoolClientId,
      deviceClientId: signIn.deviceClient.userPoolClientId,
      authDomain: `https://${authDomain}`,
    };
    return { api, site, signIn, authDomain, pageConfig };
  }

  /** A scheduled job, with its dead-letter queue and alarm, for every function whose spec has a schedule. */
  private makeJobs(): ScheduledJob[] {
    return specEntries().flatMap(([name, spec]) =>
      spec.schedule === undefined
        ? []
        : [
            new ScheduledJob(this, `${name}-job`, {
              target: this.functions[name],
              description: spec.schedule,
              alarms: this.alarms,
              ...(spec.scheduleRate === undefined ? {} : { rate: spec.scheduleRate }),
            }),
          ],
    );
  }

  /** Every function of FUNCTION_SPECS with the project's defaults and its kind's log retention. */
  private makeFunctions(root: string): Record<FunctionKey, TiepdonFunction> {
    const retention = LOG_RETENTION[this.settings.env];
    const functions: Partial<Record<FunctionKey, TiepdonFunction>> = {};
    for (const [name, spec] of specEntries()) {
      functions[name] = new TiepdonFunction(this, name, {
        name,
        projectRoot: root,
        description: spec.description,
        logRetention: spec.schedule === undefined ? retention.function : retention.scheduledJob,
        ...(spec.timeout === undefined ? {} : { timeout: spec.timeout }),
      });
    }
    return completeFunctions(functions);
  }

  /** The values `cdk deploy` prints and the pipeline and runbook read. */
  private addOutputs(site: string, authDomain: string): void {
    new CfnOutput(this, "SiteUrl", { value: site, description: "The pages and the API (/api/*)" });
    new CfnOutput(this, "UserPoolId", { value: this.signIn.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: this.signIn.client.userPoolClientId });
    new CfnOutput(this, "SignInDomain", { value: `https://${authDomain}` });
    new CfnOutput(this, "ApiEndpoint", { value: this.api.api.apiEndpoint });
    new CfnOutput(this, "MockGatewayUrl", { value: this.gateway.url.url });
    new CfnOutput(this, "AlarmTopicArn", { value: this.alarms.topic.topicArn });
    new CfnOutput(this, "DashboardName", { value: this.settings.stackName });
    for (const [key, table] of Object.entries(this.data.tables)) {
      // Output ids are the names `cdk deploy` prints: CheckinsTable, CountersTable, ...
      new CfnOutput(this, `${key[0]?.toUpperCase()}${key.slice(1)}Table`, { value: table.tableName });
    }
  }
}

function specEntries(): [FunctionKey, FunctionSpec][] {
  return Object.entries(FUNCTION_SPECS) as [FunctionKey, FunctionSpec][];
}

function completeFunctions(
  partial: Partial<Record<FunctionKey, TiepdonFunction>>,
): Record<FunctionKey, TiepdonFunction> {
  const missing = (Object.keys(FUNCTION_SPECS) as FunctionKey[]).filter((key) => partial[key] === undefined);
  if (missing.length > 0) throw new Error(`Functions not created: ${missing.join(", ")}`);
  return partial as Record<FunctionKey, TiepdonFunction>;
}

export interface CreateAppOptions {
  readonly outdir?: string;
  readonly context?: Record<string, unknown>;
  readonly projectRoot?: string;
}

/**
 * The app for one environment (`-c tiepdon:env=staging|production`): the edge stack in us-east-1
 * (WAF, certificate) and the main stack, with cdk-nag's AWS Solutions checks failing the synth.
 * The pages are built first from the checked-out sources, or the synth fails with the reason.
 */
export function createApp(options: CreateAppOptions = {}) {
  const app = new App({
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    ...(options.context === undefined ? {} : { context: options.context }),
  });
  const settings = readDeploySettings((key) => app.node.tryGetContext(key));
  const root = options.projectRoot ?? PROJECT_ROOT;
  const pages = buildPagesForDeploy(root);
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const inAccount = (region: string) => (account === undefined ? { region } : { account, region });
  const edge = new EdgeStack(app, `${settings.stackName}-edge`, {
    prefix: settings.stackName,
    domain: settings.domain,
    env: inAccount(EDGE_REGION),
    crossRegionReferences: true,
    description: `tiepdon (${settings.env}): the WAF web ACL and certificate CloudFront uses, in ${EDGE_REGION}`,
  });
  Tags.of(edge).add(ENVIRONMENT_TAG, settings.env);
  const stack = new TiepdonStack(app, settings.stackName, {
    settings,
    pagesDir: pages.dist,
    projectRoot: root,
    webAclArn: edge.webAcl.attrArn,
    ...(edge.certificate === undefined ? {} : { certificate: edge.certificate }),
    env: inAccount(settings.region),
    crossRegionReferences: true,
  });
  stack.addStackDependency(edge);
  addNagChecks(app);
  return { app, stack, edge, settings };
}
