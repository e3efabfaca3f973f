import type { Logger } from "@aws-lambda-powertools/logger";
import middy from "@middy/core";
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import type { Role } from "#domain/roles";
import { type Principal, principalOf, requireRole } from "./auth.ts";
import { errorResponse } from "./error-response.ts";

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** What a route's use-case adapter receives. */
export interface RouteRequest {
  readonly event: HttpEvent;
  readonly principal: Principal;
  readonly requestId: string;
}

/**
 * Wraps a route in the one middleware stack every API function shares: caller from the verified
 * claims, role check, and the single place where errors become HTTP answers.
 */
export function httpRoute(
  options: { readonly roles: readonly Role[]; readonly logger: Logger },
  run: (request: RouteRequest) => Promise<HttpResult>,
) {
  const { logger } = options;
  return middy<HttpEvent, HttpResult, Error, Context>()
    .use({
      before: (request) => {
        logger.addContext(request.context);
        logger.appendKeys({
          route: request.event.routeKey,
          requestId: request.event.requestContext.requestId,
        });
      },
      // The answered line is written before the keys are cleared: it must carry route and requestId.
      after: (request) => {
        if (request.response !== null) logger.info("answered", { status: request.response.statusCode });
        logger.resetKeys();
      },
      onError: (request) => {
        const { response, known } = errorResponse(request.error);
        const status = response.statusCode ?? 500;
        if (known && status < 500) logger.info("rejected", { status, code: errorCode(request.error) });
        else logger.error("failed", { status, error: faultSummary(request.error) });
        logger.resetKeys();
        request.response = response;
      },
    })
    .handler(async (event) => {
      const principal = principalOf(event);
      requireRole(principal, options.roles);
      logger.appendKeys({ role: principal.role, facility: principal.facility ?? undefined });
      return await run({ event, principal, requestId: event.requestContext.requestId });
    });
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

/** Error name, code and stack only: messages of foreign errors may echo personal data. */
function faultSummary(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  return { name: error.name, code: errorCode(error), stack: error.stack?.split("\n").slice(1, 6).join("\n") };
}
