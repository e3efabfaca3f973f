import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { App, Aws, CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { RATE_LIMITS } from "#infra/limits";
import { API_ROUTES } from "#infra/routes";
import { Alarms } from "./constructs/alarms.ts";
import { CallEvents } from "./constructs/call-events.ts";
import { CheckinApi } from "./constructs/checkin-api.ts";
import { DataTables } from "./constructs/data-tables.ts";
import { gatewayParameters, InsuranceGateway } from "./constructs/insurance-gateway.ts";
import { ReverifySchedule } from "./constructs/reverify-schedule.ts";
import { StaffSignIn } from "./constructs/staff-sign-in.ts";
import { type FunctionKey, TiepdonFunction } from "./constructs/tiepdon-function.ts";
import { WebSite } from "./constructs/web-site.ts";
import { acknowledgeFindings, addNagChecks } from "./nag.ts";

/** The project root, one folder above this file. */
export const PROJECT_ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The stack's construct id and CloudFormation name. */
export const STACK_ID = "tiepdon";

/** Context keys the stack reads (`cdk deploy -c key=value` or cdk.json). */
export const CONTEXT = {
  /** Extra sign-in callback URLs, comma-separated (e.g. a custom domain or http://localhost:3000/). */
  callbackUrls: "tiepdon:callbackUrls",
  /** Prefix of the hosted sign-in domain; must be unique in the region. */
  authDomainPrefix: "tiepdon:authDomainPrefix",
  /** E-mail address subscribed to the alarms. */
  alarmEmail: "tiepdon:alarmEmail",
} as const;

export interface TiepdonStackProps extends StackProps {
  /** The project root (package.json, functions/, web/dist). */
  readonly projectRoot?: string;
}

/**
 * tiepdon in AWS: the pages on CloudFront, the API behind a Cognito JWT authorizer, the functions
 * with one grant each, the tables, the mock national gateway, the re-check schedule and alarms.
 */
export class TiepdonStack extends Stack {
  readonly functions: Record<FunctionKey, TiepdonFunction>;
  readonly data: DataTables;
  readonly api: CheckinApi;
  readonly site: WebSite;
  readonly signIn: StaffSignIn;
  readonly gateway: InsuranceGateway;
  readonly reverify: ReverifySchedule;
  readonly rollup: ReverifySchedule;
  readonly alarms: Alarms;
  readonly callEvents: CallEvents;

  constructor(scope: Construct, id: string, props: TiepdonStackProps = {}) {
    super(scope, id, {
      description: "tiepdon: clinic check-in with the chip ID card QR and health-insurance lookup",
      ...props,
    });
    const root = props.projectRoot ?? PROJECT_ROOT;
    this.data = new DataTables(this, "data");

    const fn = (name: FunctionKey, description: string, options: { timeout?: Duration } = {}) =>
      new TiepdonFunction(this, name, { name, projectRoot: root, description, ...options });
    this.functions = {
      checkin: fn("checkin", "POST /api/checkins: check a patient in"),
      lookup: fn("lookup", "POST /api/lookups: coverage without a check-in"),
      "checkins-list": fn("checkins-list", "GET /api/checkins: a facility's check-ins of a day"),
      recheck: fn("recheck", "POST /api/checkins/recheck: re-check a facility's pending check-ins"),
      "queue-series": fn(
        "queue-series",
        "POST /api/checkins/series: an offline queue series for a reception device",
      ),
      report: fn("report", "GET /api/reports/scan-rate: QR-scan-rate ranking", {
        timeout: Duration.seconds(20),
      }),
      reverify: fn("reverify", "Scheduled: re-check pending check-ins", { timeout: Duration.seconds(60) }),
      rollup: fn("rollup", "Scheduled: roll the day counters up into report blocks", {
        timeout: Duration.seconds(60),
      }),
      "gateway-mock": fn("gateway-mock", "Mock national insurance gateway"),
      "rooms-list": fn("rooms-list", "GET /api/rooms: the facility's exam rooms and who waits for each"),
      "room-write": fn("room-write", "POST /api/rooms: create, change, open or close a room"),
      "room-queue": fn("room-queue", "GET /api/rooms/{room}/queue: one room's queue of the day"),
      "room-call": fn("room-call", "POST /api/rooms/{room}/calls: call the room's next patient"),
      "ticket-action": fn(
        "ticket-action",
        "POST /api/rooms/{room}/tickets/{number}: recall, skip, bring back, done",
      ),
      "calls-list": fn("calls-list", "GET /api/calls: the facility's calls of the day for its screens"),
    };
    const f = this.functions;

    // Least privilege, one line per function and table.
    const data = this.data;
    data.grantReadWrite("checkins", f.checkin.function);
    data.grantReadWrite("idempotency", f.checkin.function);
    data.grantUpdateItem("counters", f.checkin.function);
    data.grantRead("facilities", f.checkin.function);
    data.grantRead("checkins", f["checkins-list"].function);
    data.grantReadWrite("checkins", f.recheck.function);
    data.grantUpdateItem("counters", f.recheck.function);
    data.grantUpdateItem("checkins", f["queue-series"].function);
    data.grantReadWrite("checkins", f.reverify.function);
    data.grantUpdateItem("counters", f.reverify.function);
    data.grantRead("counters", f.report.function);
    data.grantReadWrite("counters", f.rollup.function);
    data.grantRead("facilities", f.report.function);
    data.grantRead("registry", f["gateway-mock"].function);
    data.grantRead("checkins", f["rooms-list"].function);
    data.grantReadWrite("checkins", f["room-write"].function);
    data.grantRead("checkins", f["room-queue"].function);
    data.grantReadWrite("checkins", f["room-call"].function);
    data.grantReadWrite("checkins", f["ticket-action"].function);
    data.grantRead("checkins", f["calls-list"].function);
    // The mock appends each card check to the card's check history (dsLichSuKT2018).
    data.grantUpdateItem("registry", f["gateway-mock"].function);

    this.gateway = new InsuranceGateway(this, "gateway", {
      mock: f["gateway-mock"],
      parameters: gatewayParameters(this),
    });
    const checkinTables = this.data.environment("checkins", "counters", "idempotency");
    const env = (target: TiepdonFunction, values: Record<string, string>) => {
      for (const [name, value] of Object.entries(values)) target.function.addEnvironment(name, value);
    };
    env(f.checkin, {
      ...checkinTables,
      ...this.data.environment("facilities"),
      ...this.gateway.allowCaller(f.checkin),
    });
    env(f.lookup, this.gateway.allowCaller(f.lookup));
    env(f["checkins-list"], checkinTables);
    env(f.recheck, { ...checkinTables, ...this.gateway.allowCaller(f.recheck) });
    env(f["queue-series"], checkinTables);
    env(f.reverify, { ...checkinTables, ...this.gateway.allowCaller(f.reverify) });
    env(f.report, this.data.environment("counters", "facilities"));
    env(f.rollup, this.data.environment("counters"));
    env(f["gateway-mock"], { ...this.data.environment("registry"), ...this.gateway.mockEnvironment() });
    const roomTable = this.data.environment("checkins");
    for (const name of ["rooms-list", "room-write", "room-queue", "calls-list"] as const)
      env(f[name], roomTable);

    const authDomainPrefix = contextString(this, CONTEXT.authDomainPrefix) ?? `tiepdon-${Aws.ACCOUNT_ID}`;
    const authDomain = `${authDomainPrefix}.auth.${Aws.REGION}.amazoncognito.com`;

    // The distribution needs only the API's id, so the sign-in client can use the site's URL below.
    this.api = new CheckinApi(this, "api", { throttle: RATE_LIMITS.stage });
    this.site = new WebSite(this, "site", {
      distDir: join(root, "web", "dist"),
      apiDomainName: this.api.domainName,
      // The waiting-room screens subscribe to their calls over AppSync Events' WebSocket.
      connectSources: [`https://${authDomain}`, `wss://*.appsync-realtime-api.${Aws.REGION}.amazonaws.com`],
    });
    const site = this.site.url;
    this.signIn = new StaffSignIn(this, "sign-in", {
      domainPrefix: authDomainPrefix,
      callbackUrls: [
        `${site}/`,
        `${site}/kiosk`,
        `${site}/dashboard`,
        `${site}/room`,
        `${site}/display`,
        ...(contextString(this, CONTEXT.callbackUrls) ?? "")
          .split(",")
          .map((url) => url.trim())
          .filter((url) => url !== ""),
      ],
    });
    this.api.addRoutes({
      routes: API_ROUTES,
      functions: {
        checkin: f.checkin.function,
        lookup: f.lookup.function,
        "checkins-list": f["checkins-list"].function,
        recheck: f.recheck.function,
        "queue-series": f["queue-series"].function,
        report: f.report.function,
        "rooms-list": f["rooms-list"].function,
        "room-write": f["room-write"].function,
        "room-queue": f["room-queue"].function,
        "room-call": f["room-call"].function,
        "ticket-action": f["ticket-action"].function,
        "calls-list": f["calls-list"].function,
      },
      issuer: this.signIn.issuerUrl,
      audience: this.signIn.client.userPoolClientId,
    });
    this.site.addJson("config.json", {
      region: Aws.REGION,
      userPoolId: this.signIn.userPool.userPoolId,
      clientId: this.signIn.client.userPoolClientId,
      authDomain: `https://${authDomain}`,
    });

    this.callEvents = new CallEvents(this, "call-events", { userPool: this.signIn.userPool });
    for (const name of ["room-call", "ticket-action"] as const) {
      env(f[name], { ...roomTable, ...this.callEvents.allowPublisher(f[name].function) });
    }

    this.reverify = new ReverifySchedule(this, "reverify-schedule", { target: f.reverify });
    this.rollup = new ReverifySchedule(this, "rollup-schedule", {
      target: f.rollup,
      description: "roll the day counters up into report blocks",
    });
    const alarmEmail = contextString(this, CONTEXT.alarmEmail);
    this.alarms = new Alarms(this, "alarms", {
      api: this.api,
      functions: f,
      gatewayCallers: ["checkin", "lookup", "recheck", "reverify"],
      deadLetters: this.reverify.deadLetters,
      ...(alarmEmail === undefined ? {} : { email: alarmEmail }),
    });

    new CfnOutput(this, "SiteUrl", { value: site, description: "The pages and the API (/api/*)" });
    new CfnOutput(this, "UserPoolId", { value: this.signIn.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: this.signIn.client.userPoolClientId });
    new CfnOutput(this, "SignInDomain", { value: `https://${authDomain}` });
    new CfnOutput(this, "ApiEndpoint", { value: this.api.api.apiEndpoint });
    new CfnOutput(this, "MockGatewayUrl", { value: this.gateway.url.url });
    new CfnOutput(this, "AlarmTopicArn", { value: this.alarms.topic.topicArn });
    for (const [key, table] of Object.entries(this.data.tables)) {
      // Output ids are the names `cdk deploy` prints: CheckinsTable, CountersTable, ...
      new CfnOutput(this, `${key[0]?.toUpperCase()}${key.slice(1)}Table`, { value: table.tableName });
    }
    acknowledgeFindings(this);
  }
}

function contextString(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The app: the stack and cdk-nag's AWS Solutions checks, whose findings fail the synth. */
export function createApp(options: { outdir?: string; context?: Record<string, unknown> } = {}) {
  const app = new App({
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    ...(options.context === undefined ? {} : { context: options.context }),
  });
  const stack = new TiepdonStack(app, STACK_ID);
  addNagChecks(app);
  return { app, stack };
}
