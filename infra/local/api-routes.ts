import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { devTokenRequestSchema } from "#domain/dev-token";
import { AuthError, BadRequestError, ERROR_CODE, RateLimitError } from "#domain/errors";
import type { ApiRoute } from "#infra/routes";
import { buildHttpApiEvent, type RawRequest, withJwtClaims } from "./api-event.ts";
import type { DevAuth } from "./dev-auth.ts";
import {
  bearerOf,
  fakeContext,
  noSuchRoute,
  sendGatewayError,
  sendJson,
  writeLambdaResult,
} from "./http-replies.ts";
import { makeRouteMatcher } from "./route-match.ts";

/** A Lambda handler as exported by functions/handlers/*. */
export type LambdaHandler = (
  event: never,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2 | undefined>;

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

/** The claims of a token the HTTP API authorizer would let through, or null. */
export type VerifyBearer = (token: string) => Promise<Record<string, unknown> | null>;

/** What the API part of the local server is given. */
export interface ApiOptions {
  readonly routes: ReadonlyArray<{ route: ApiRoute; handler: LambdaHandler }>;
  /** Called before a routed request; may answer instead (rate limits). */
  readonly admit?: (principal: { sub: string; facility: string | null }, route: ApiRoute) => Admission;
}

const unauthenticated = () =>
  new AuthError(ERROR_CODE.UNAUTHENTICATED, {
    vi: "Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn.",
    en: "Not signed in, or the sign-in has expired.",
  });

async function claimsOf(req: IncomingMessage, verify: VerifyBearer): Promise<Record<string, unknown> | null> {
  const token = bearerOf(req);
  return token === null ? null : await verify(token);
}

/** `POST /api/dev/token`: the demo's token minter, which checks its body as a handler would. */
export async function answerDevToken(
  res: ServerResponse,
  method: string,
  body: Buffer,
  auth: DevAuth,
): Promise<void> {
  if (method !== "POST") {
    sendGatewayError(res, noSuchRoute());
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    const malformed = { vi: "Nội dung không phải JSON hợp lệ.", en: "The body is not valid JSON." };
    sendGatewayError(res, new BadRequestError(ERROR_CODE.BODY_MALFORMED, malformed));
    return;
  }
  const parsed = devTokenRequestSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    const invalid = { vi: `Yêu cầu không hợp lệ: ${detail}`, en: `Invalid request: ${detail}` };
    sendGatewayError(res, new BadRequestError(ERROR_CODE.BODY_INVALID, invalid));
    return;
  }
  sendJson(res, 200, { token: await auth.mint(parsed.data) });
}

/**
 * Answers /api/* as API Gateway's HTTP API would: route match, JWT check, throttling, then
 * the deployed handler with a v2 event.
 */
export function makeApiRouter(options: ApiOptions, verify: VerifyBearer) {
  const routeKeys = makeRouteMatcher(
    options.routes.map((entry) => ({ method: entry.route.method, path: entry.route.path, entry })),
  );
  const admitted = (claims: Record<string, unknown>, route: ApiRoute): Admission => {
    if (options.admit === undefined) return { ok: true };
    const facility = typeof claims["custom:facility"] === "string" ? claims["custom:facility"] : null;
    return options.admit({ sub: String(claims.sub ?? ""), facility }, route);
  };

  return async (
    req: IncomingMessage,
    res: ServerResponse,
    raw: RawRequest,
    pathname: string,
  ): Promise<void> => {
    const matched = routeKeys.match(raw.method, pathname);
    const entry = matched?.entry;
    if (matched === undefined || entry === undefined) {
      sendGatewayError(res, noSuchRoute());
      return;
    }
    const claims = await claimsOf(req, verify);
    if (claims === null) {
      sendGatewayError(res, unauthenticated(), { "www-authenticate": "Bearer" });
      return;
    }
    const admission = admitted(claims, entry.route);
    if (!admission.ok) {
      const wait = { vi: "Quá nhiều yêu cầu, vui lòng chờ.", en: "Too many requests; please wait." };
      sendGatewayError(res, new RateLimitError(admission.retryAfterSeconds, wait));
      return;
    }
    const built = buildHttpApiEvent(raw, `${entry.route.method} ${entry.route.path}`);
    const event: APIGatewayProxyEventV2 =
      Object.keys(matched.pathParameters).length === 0
        ? built
        : { ...built, pathParameters: matched.pathParameters };
    const result = await entry.handler(
      withJwtClaims(event, claims) as never,
      fakeContext(entry.route.function, 29_000),
    );
    writeLambdaResult(res, result);
  };
}
