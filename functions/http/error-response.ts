import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import {
  AuthError,
  BadRequestError,
  ConflictError,
  ERROR_CODE,
  ForbiddenError,
  InputError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
  TiepdonError,
  UnavailableError,
  UnsupportedMediaTypeError,
} from "#domain/errors";
import { jsonResponse } from "./responses.ts";

const STATUS_BY_CLASS: ReadonlyArray<readonly [abstract new (...args: never[]) => TiepdonError, number]> = [
  [BadRequestError, 400],
  [AuthError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [PayloadTooLargeError, 413],
  [UnsupportedMediaTypeError, 415],
  [InputError, 422],
  [RateLimitError, 429],
  [UnavailableError, 503],
];

/** Names of SDK and network faults that mean "the database is unreachable or busy, try again". */
const TRANSIENT_NAMES = new Set([
  "TimeoutError",
  "RequestTimeout",
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "InternalServerError",
  "ServiceUnavailable",
  "TransactionInProgressException",
]);
const TRANSIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);

/** True for faults a retry may cure: network failures, throttling and timeouts of DynamoDB. */
function isTransientFault(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (TRANSIENT_NAMES.has(current.name) || (typeof code === "string" && TRANSIENT_CODES.has(code)))
      return true;
    current = current.cause;
  }
  return false;
}

const databaseUnavailable = (cause?: unknown): UnavailableError =>
  new UnavailableError(
    ERROR_CODE.SERVICE_UNAVAILABLE,
    {
      vi: "Hệ thống tạm thời không lưu được dữ liệu, vui lòng thử lại sau giây lát.",
      en: "The service cannot store data right now; please retry in a moment.",
    },
    2,
    { cause },
  );

/** Maps any error to the contract's error body; a 5xx never carries internals. */
export function errorResponse(error: unknown): {
  response: APIGatewayProxyStructuredResultV2;
  known: boolean;
} {
  const known = error instanceof TiepdonError ? error : null;
  const mapped = known ?? (isTransientFault(error) ? databaseUnavailable(error) : null);
  if (mapped === null) {
    return {
      known: false,
      response: jsonResponse(500, {
        error: {
          code: ERROR_CODE.INTERNAL,
          message: "Đã có lỗi hệ thống, vui lòng thử lại.",
          messageEn: "Something went wrong on our side; please try again.",
        },
      }),
    };
  }
  const status = STATUS_BY_CLASS.find(([cls]) => mapped instanceof cls)?.[1] ?? 500;
  const headers: Record<string, string> = {};
  if (mapped instanceof RateLimitError || mapped instanceof UnavailableError) {
    headers["retry-after"] = String(mapped.retryAfterSeconds);
  }
  return {
    known: true,
    response: jsonResponse(
      status,
      {
        error: {
          code: mapped.code,
          message: mapped.messages.vi,
          messageEn: mapped.messages.en,
          // An import's refused lines, each with its own code and messages.
          ...("lines" in mapped && Array.isArray(mapped.lines) ? { lines: mapped.lines } : {}),
        },
      },
      headers,
    ),
  };
}
