import { Aws, RemovalPolicy } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigw from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { TokenBucketLimit } from "#infra/limits";
import type { ApiRoute, FunctionName } from "#infra/routes";

export interface CheckinApiProps {
  readonly throttle: TokenBucketLimit;
  /** How long the access log is kept. */
  readonly logRetention: logs.RetentionDays;
}

export interface CheckinRoutesProps {
  readonly routes: readonly ApiRoute[];
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
  /** The Cognito user pool's issuer URL. */
  readonly issuer: string;
  /** The app client ids (the pages' and the devices'): Cognito ID tokens carry one as `aud`. */
  readonly audiences: readonly string[];
}

/**
 * What one access-log line holds: enough to follow a request into the function's logs and to see
 * errors and latency, and nothing about the person. No query strings or bodies (they may carry an
 * ID number), no source IP or user agent: every caller is a signed-in staff account, the request
 * id leads to the function's log line with role and facility, and an IP would make the access log
 * personal data to be handled under Decree 13/2023 for no added accountability.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  requestTime: "$context.requestTimeEpoch",
  routeKey: "$context.routeKey",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationStatus: "$context.integrationStatus",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
  errorMessage: "$context.error.message",
} as const;

/**
 * The HTTP API: every route of the routes table behind a JWT authorizer that trusts the staff
 * user pool's ID tokens, stage-wide throttling, and JSON access logs without personal data.
 */
export class CheckinApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: CheckinApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, "api", {
      description: "tiepdon check-in API",
      createDefaultStage: false,
      // Reached only through CloudFront on the site's own origin, so no CORS.
    });
    this.accessLogs = new logs.LogGroup(this, "access-logs", {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.api.addStage("default-stage", {
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rate, burstLimit: props.throttle.burst },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /**
   * Adds every route behind the JWT authorizer. Separate from the constructor because the sign-in
   * client's callback URLs need the site, and the site needs this API's host name.
   */
  addRoutes(props: CheckinRoutesProps): void {
    const authorizer = new HttpJwtAuthorizer("staff-jwt", props.issuer, {
      jwtAudience: [...props.audiences],
      identitySource: ["$request.header.Authorization"],
    });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of props.routes) {
      let integration = integrations.get(route.function);
      if (integration === undefined) {
        integration = new HttpLambdaIntegration(
          `${route.function}-integration`,
          props.functions[route.function],
        );
        integrations.set(route.function, integration);
      }
      this.api.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration,
        authorizer,
      });
    }
  }

  /** The API's own host name, for CloudFront's origin (the stage is `$default`, so no path prefix). */
  get domainName(): string {
    return `${this.api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
  }
}
