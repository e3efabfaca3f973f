import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from "aws-lambda";

/** What the local server knows about one HTTP request. */
export interface RawRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly now: Date;
}

const TEXT_TYPES = /^(application\/(json|xml|x-www-form-urlencoded|.*\+json)|text\/)/i;

/** API Gateway writes the request time like 12/Mar/2020:19:03:58 +0000. */
function gatewayTime(at: Date): string {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(at.getUTCDate())}/${months[at.getUTCMonth()]}/${at.getUTCFullYear()}:${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`;
}

/** HTTP API passes every claim as a string and flattens arrays to "[a b]". */
export function flattenClaims(payload: Record<string, unknown>): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (Array.isArray(value)) claims[name] = `[${value.join(" ")}]`;
    else if (value !== null && typeof value === "object") claims[name] = JSON.stringify(value);
    else if (value !== undefined) claims[name] = String(value);
  }
  return claims;
}

/**
 * Builds the API Gateway HTTP API (payload format 2.0) event that AWS would hand the Lambda
 * function, so that local runs call the deployed handlers with the same input.
 */
export function buildHttpApiEvent(request: RawRequest, routeKey: string): APIGatewayProxyEventV2 {
  const url = new URL(request.url, "http://localhost");
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === "cookie") {
      for (const part of (Array.isArray(value) ? value : [value]).join("; ").split(/;\s*/)) {
        if (part !== "") cookies.push(part);
      }
      continue;
    }
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(",") : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = name in query ? `${query[name]},${value}` : value;
  }
  const contentType = headers["content-type"] ?? "";
  const isText = request.body.length === 0 || TEXT_TYPES.test(contentType);
  const method = request.method.toUpperCase();
  const event: APIGatewayProxyEventV2 = {
    version: "2.0",
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.startsWith("?") ? url.search.slice(1) : url.search,
    headers,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: (headers.host ?? "localhost").split(".")[0] ?? "localhost",
      http: {
        method,
        path: url.pathname,
        protocol: "HTTP/1.1",
        sourceIp: request.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey,
      stage: "$default",
      time: gatewayTime(request.now),
      timeEpoch: request.now.getTime(),
    },
    isBase64Encoded: !isText,
  };
  if (cookies.length > 0) event.cookies = cookies;
  if (Object.keys(query).length > 0) event.queryStringParameters = query;
  if (request.body.length > 0)
    event.body = isText ? request.body.toString("utf8") : request.body.toString("base64");
  return event;
}

/** The same event as the JWT authorizer passes it on once the token has verified. */
export function withJwtClaims(
  event: APIGatewayProxyEventV2,
  claims: Record<string, unknown>,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  return {
    ...event,
    requestContext: {
      ...event.requestContext,
      authorizer: {
        principalId: "",
        integrationLatency: 0,
        jwt: { claims: flattenClaims(claims), scopes: [] },
      },
    },
  };
}
