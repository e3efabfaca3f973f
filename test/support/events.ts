import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import { buildHttpApiEvent, withJwtClaims } from "#infra/local/api-event";

/** Claims of a signed-in user as the JWT authorizer passes them on. */
export function claimsFor(
  role: "receptionist" | "kiosk" | "health-dept" | "admin",
  scope: { facility?: string; province?: string } = {},
): Record<string, unknown> {
  return {
    sub: `test-${role}`,
    "cognito:groups": role === "health-dept" && scope.province === undefined ? [role, "national"] : [role],
    token_use: "id",
    ...(scope.facility === undefined ? {} : { "custom:facility": scope.facility }),
    ...(scope.province === undefined ? {} : { "custom:province": scope.province }),
    // A receptionist's card checks go to the gateway under their own name and ID number.
    ...(role === "receptionist" ? { name: "Nguyễn Thị Tiếp Đón", "custom:cccd": "001190000001" } : {}),
  };
}

/** An HTTP API v2 event for a handler test, built by the same code as the local server's. */
export function httpEvent(input: {
  method: "GET" | "POST";
  path: string;
  query?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  claims?: Record<string, unknown> | null;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const text = input.rawBody ?? (input.body === undefined ? "" : JSON.stringify(input.body));
  const event = buildHttpApiEvent(
    {
      method: input.method,
      url: `${input.path}${input.query === undefined ? "" : `?${input.query}`}`,
      headers: { "content-type": "application/json", ...input.headers },
      body: Buffer.from(text),
      sourceIp: "127.0.0.1",
      now: new Date(),
    },
    `${input.method} ${input.path}`,
  );
  return withJwtClaims(
    event,
    input.claims === undefined ? claimsFor("receptionist", { facility: "01001" }) : (input.claims ?? {}),
  );
}

/** A Lambda context with the fields handlers and Powertools read. */
export function lambdaContext(name = "test"): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:ap-southeast-1:000000000000:function:${name}`,
    memoryLimitInMB: "512",
    awsRequestId: "test-request",
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: "test",
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
